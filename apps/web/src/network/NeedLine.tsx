import { useTranslation } from "react-i18next";
import { useMoney } from "../components/Money.tsx";
import type { MemberLine } from "./types.ts";
import { useCurrency } from "./useCurrency.ts";

/**
 * A member's need in plain words with its numbers, as Home says a collection's progress: what is
 * still missing of the goal (🙏), what is intended (❤️, monthly only), the days left of an emergency, how many
 * help. DOMAIN.md's emoji formula stays in the bot's messages; here an emoji is only an accent.
 */
export function NeedLine({ need }: { need: NonNullable<MemberLine["need"]> }) {
  const { t } = useTranslation();
  const money = useMoney(useCurrency());
  const parts = [
    t("network.needMissing", { amount: money(Math.max(need.missing, 0)), goal: money(need.goal) }),
  ];
  if (need.kind === "monthly" && need.intentions > 0) {
    parts.push(t("network.needIntended", { amount: money(need.intentions) }));
  }
  if (need.kind === "emergency" && need.daysLeft !== null) {
    // Counted by the server's clock, never the device's.
    const left = need.daysLeft;
    parts.push(left > 0 ? t("network.daysLeft", { count: left }) : t("network.endsToday"));
  }
  parts.push(t("network.needHelpers", { count: need.helpers }));
  return (
    <span className="need-line" data-testid="need-line">
      <span aria-hidden="true">🙏</span> {parts.join(" · ")}
    </span>
  );
}
