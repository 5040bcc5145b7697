import { backButton, emitEvent, useSignal } from "@telegram-apps/sdk-react";
import { useTranslation } from "react-i18next";
import { type DevSession, switchDev } from "../dev/devLaunch.ts";

/** Development mode only: who you are and which theme, to try two people helping each other. */
export function DevPanel({ session }: { session: DevSession }) {
  const { t } = useTranslation();
  // A browser has no Telegram header, so Telegram's back button is drawn here while it shows.
  const backVisible = useSignal(backButton.isVisible);
  return (
    <aside className="dev-panel" aria-label={t("dev.banner")}>
      {backVisible && (
        <button type="button" className="chip" onClick={() => emitEvent("back_button_pressed")}>
          ‹ {t("dev.back")}
        </button>
      )}
      <strong>{t("dev.banner")}</strong>
      <label>
        {t("dev.member")}{" "}
        <select
          value={session.member}
          onChange={(e) => switchDev({ member: e.target.value })}
          aria-label={t("dev.member")}
        >
          {session.members.map((m) => (
            <option key={m.key} value={m.key}>
              {m.name} ({m.language})
            </option>
          ))}
        </select>
      </label>
      <span>
        {t("dev.theme")}{" "}
        {(["light", "dark"] as const).map((theme) => (
          <button
            key={theme}
            type="button"
            className="chip"
            aria-pressed={session.theme === theme}
            onClick={() => switchDev({ theme })}
          >
            {t(`dev.${theme}`)}
          </button>
        ))}
      </span>
    </aside>
  );
}
