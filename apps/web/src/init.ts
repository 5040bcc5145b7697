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

export function initTelegram(): void {
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
