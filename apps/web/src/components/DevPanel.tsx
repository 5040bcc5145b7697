import {
  backButton,
  emitEvent,
  mainButton,
  secondaryButton,
  useSignal,
} from "@telegram-apps/sdk-react";
import { useEffect, useState, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { devHaptic } from "../dev/devHaptic.ts";
import { type DevSession, switchDev } from "../dev/devLaunch.ts";
import { devPopup } from "../dev/devPopup.ts";

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
      <DevClock />
      <span data-testid="dev-theme">
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
      <button
        type="button"
        className="chip"
        aria-pressed={session.phone}
        onClick={() => switchDev({ phone: !session.phone })}
      >
        {t("dev.phone")}
      </button>
      <DevHapticShown />
    </aside>
  );
}

/** The last haptic feedbacks the app asked Telegram for: a browser cannot vibrate. */
function DevHapticShown() {
  const { t } = useTranslation();
  const felt = useSyncExternalStore(devHaptic.subscribe, devHaptic.get);
  if (!felt) return null;
  return (
    <span data-testid="dev-haptic" data-count={felt.count}>
      📳 {t("dev.haptic", { kind: felt.kinds.join(" · ") })}
    </span>
  );
}

/**
 * The server's clock in development mode, and moving it a day or to the next month (the rollover
 * and deadlines run at once). initData ages with the clock, so the app starts again afterwards.
 */
function DevClock() {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    fetch("/dev/clock")
      .then((r) => r.json() as Promise<{ now: string }>)
      .then((body) => setNow(new Date(body.now)))
      .catch(() => setNow(null));
  }, []);
  if (!now) return null;
  const move = async (to: Date) => {
    await fetch(`/dev/clock?to=${to.toISOString()}`, {
      method: "POST",
      headers: { "x-exodus-dev": "1" },
    });
    switchDev({});
  };
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 9));
  return (
    <span data-testid="dev-clock">
      {t("dev.clock")} {now.toLocaleDateString(i18n.language)}{" "}
      <button
        type="button"
        className="chip"
        onClick={() => move(new Date(now.getTime() + 86_400_000))}
      >
        {t("dev.nextDay")}
      </button>{" "}
      <button type="button" className="chip" onClick={() => move(nextMonth)}>
        {t("dev.nextMonth")}
      </button>
    </span>
  );
}

/**
 * Development mode: Telegram's main and secondary buttons (under the page) and its popups, drawn where Telegram
 * would draw them, answering with the same events.
 */
export function DevTelegramControls() {
  const { t } = useTranslation();
  const main = useSignal(mainButton.state);
  const second = useSignal(secondaryButton.state);
  const popup = useSyncExternalStore(devPopup.subscribe, devPopup.get);
  return (
    <>
      {/* In Telegram the buttons sit below the web view; drawn over the page, they must not hide
          the page's end, so the page grows by their height while they show. The secondary button
          stands at the main one's left, as Telegram places it by default. */}
      {(main.isVisible || second.isVisible) && (
        <div className="dev-main-button-space" aria-hidden="true" />
      )}
      {(main.isVisible || second.isVisible) && (
        <div className="dev-main-button">
          {second.isVisible && (
            <DevBottomButton
              state={second}
              className="button dev-secondary-button"
              testId="secondary-button"
              onPress={() => emitEvent("secondary_button_pressed")}
            />
          )}
          {main.isVisible && (
            <DevBottomButton
              state={main}
              className="button"
              testId="main-button"
              onPress={() => emitEvent("main_button_pressed")}
            />
          )}
        </div>
      )}
      {popup && (
        <div className="dev-popup-backdrop">
          <div
            role="alertdialog"
            aria-modal="true"
            aria-label={popup.title ?? popup.message}
            className="dev-popup card"
          >
            {popup.title && <strong>{popup.title}</strong>}
            <p>{popup.message}</p>
            <div className="dev-popup-buttons">
              {popup.buttons.map((b) => (
                <button
                  key={b.id}
                  type="button"
                  className={b.type === "destructive" ? "chip destructive" : "chip"}
                  onClick={() => {
                    devPopup.close();
                    emitEvent("popup_closed", { button_id: b.id });
                  }}
                >
                  {b.text ?? t(`app.popup.${b.type === "cancel" ? "cancel" : "ok"}`)}
                </button>
              ))}
            </div>
          </div>
        </div>
      )}
    </>
  );
}

/** One of Telegram's bottom buttons as the imitated client draws it: its text, or the loader. */
function DevBottomButton({
  state,
  className,
  testId,
  onPress,
}: {
  state: { text: string; isEnabled: boolean; isLoaderVisible: boolean };
  className: string;
  testId: string;
  onPress: () => void;
}) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      disabled={!state.isEnabled}
      aria-busy={state.isLoaderVisible}
      onClick={onPress}
    >
      {state.isLoaderVisible ? t("app.loading") : state.text}
    </button>
  );
}
