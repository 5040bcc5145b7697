/**
 * Telegram start-up in one place: the SDK, the back and settings buttons, theme and viewport CSS variables.
 * Pages never touch the SDK's start-up.
 */
import {
  backButton,
  init as initSdk,
  mainButton,
  miniApp,
  retrieveLaunchParams,
  retrieveRawInitData,
  settingsButton,
  swipeBehavior,
  themeParams,
  viewport,
} from "@telegram-apps/sdk-react";
import { useSyncExternalStore } from "react";

export interface Launch {
  initDataRaw: string;
  languageCode: string | undefined;
  startParam: string | undefined;
}

/** Reads what Telegram launched the app with; undefined outside Telegram. */
export function readLaunch(): Launch | undefined {
  try {
    const lp = retrieveLaunchParams();
    const initDataRaw = retrieveRawInitData();
    if (!initDataRaw) return undefined;
    return {
      initDataRaw,
      languageCode: lp.tgWebAppData?.user?.language_code,
      // t.me links set the start parameter; the bot's web_app button carries it in the URL instead.
      startParam:
        lp.tgWebAppStartParam ?? new URLSearchParams(location.search).get("startapp") ?? undefined,
    };
  } catch {
    return undefined;
  }
}

let started = false;
const startListeners = new Set<() => void>();

/**
 * Starts Telegram's SDK once the first screen is painted. Mounting its buttons, theme, viewport and
 * swipe behaviour costs about a hundred milliseconds on a slow phone, which the member would
 * otherwise wait before seeing anything; index.html has already set the theme's colours from the
 * launch parameters, so the first paint has Telegram's look. Components that drive the buttons wait
 * for it through useTelegramStarted.
 */
export function startTelegramAfterFirstPaint(): void {
  const start = () => {
    initTelegram();
    started = true;
    for (const listener of startListeners) listener();
  };
  // After the paint (requestAnimationFrame runs before it, the timeout after) and once the first
  // screen's requests have gone out (the idle callback); a hidden page paints not.
  const whenIdle = () =>
    "requestIdleCallback" in window
      ? requestIdleCallback(start, { timeout: 300 })
      : setTimeout(start, 50);
  if (document.visibilityState === "visible") requestAnimationFrame(() => setTimeout(whenIdle, 0));
  else whenIdle();
}

/** Whether Telegram's SDK has started (its buttons and popups can be used); re-renders when it does. */
export function useTelegramStarted(): boolean {
  return useSyncExternalStore(
    (listener) => {
      startListeners.add(listener);
      return () => startListeners.delete(listener);
    },
    () => started,
  );
}

function initTelegram(): void {
  initSdk();
  backButton.mount.ifAvailable();
  mainButton.mount.ifAvailable();
  settingsButton.mount.ifAvailable();
  // Vertical swipes scroll the page instead of closing the app halfway through a form.
  if (swipeBehavior.mount.isAvailable()) {
    swipeBehavior.mount();
    swipeBehavior.disableVertical.ifAvailable();
  }
  if (themeParams.mountSync.isAvailable()) {
    themeParams.mountSync();
    themeParams.bindCssVars();
  }
  if (miniApp.mountSync.isAvailable()) {
    miniApp.mountSync();
    miniApp.bindCssVars();
  }
  if (viewport.mount.isAvailable()) {
    viewport
      .mount()
      .then(() => viewport.bindCssVars())
      .catch(() => {});
  }
  miniApp.ready.ifAvailable();
}

/** Whether Telegram's theme is dark, for the few things CSS variables cannot say. */
export function isDarkTheme(): boolean {
  return themeParams.isDark();
}
