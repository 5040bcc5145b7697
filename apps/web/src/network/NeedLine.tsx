import { useTranslation } from "react-i18next";
import { useMoney } from "../components/Money.tsx";
import type { MemberLine } from "./types.ts";
import { useCurrency } from "./useCurrency.ts";

/**
 * A member's need in one line, as DOMAIN.md writes it — 🔆 `N 👥→👤 (❤️ / 🙏)`,
 * 🆘 `N 👥→👤 (🙏 / D days left)` — with the same said in words for screen readers.
 */
export function NeedLine({ need }: { need: NonNullable<MemberLine["need"]> }) {
  const { t } = useTranslation();
  const money = useMoney(useCurrency());
  const values = {
    helpers: need.helpers,
    count: need.helpers,
    intentions: money(need.intentions),
    missing: money(need.missing),
  };
  let days = "";
  if (need.kind === "emergency" && need.daysLeft !== null) {
    // Counted by the server's clock, never the device's.
    const left = need.daysLeft;
    days = left > 0 ? t("network.daysLeft", { count: left }) : t("network.endsToday");
  }
  const kind = need.kind === "emergency" ? "Emergency" : "Monthly";
  return (
    <span className="need-line" data-testid="need-line">
      <span aria-hidden="true">{t(`network.need${kind}`, { ...values, days })}</span>
      <span className="visually-hidden">{t(`network.need${kind}Label`, { ...values, days })}</span>
    </span>
  );
}
