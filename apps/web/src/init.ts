/**
 * Telegram start-up in one place: reading the launch, then (after the first paint) the SDK, the back
 * and settings buttons, theme and viewport CSS variables. Pages never touch the SDK's start-up.
 */
import { useSyncExternalStore } from "react";
import { loadSdk, type Sdk } from "./sdk.ts";

export interface Launch {
  initDataRaw: string;
  languageCode: string | undefined;
  startParam: string | undefined;
}

/**
 * Opened by Telegram, the launch is in the address (its hash): read here without the SDK, so the
 * first screen waits for nothing else. Undefined when the address holds none.
 */
export function launchFromAddress(): Launch | undefined {
  const hash = new URLSearchParams(location.hash.slice(1));
  const initDataRaw = hash.get("tgWebAppData");
  if (!initDataRaw) return undefined;
  let languageCode: string | undefined;
  try {
    const user = JSON.parse(new URLSearchParams(initDataRaw).get("user") ?? "{}") as {
      language_code?: unknown;
    };
    if (typeof user.language_code === "string") languageCode = user.language_code;
  } catch {
    // No user in initData: the device's language.
  }
  return {
    initDataRaw,
    languageCode,
    // t.me links set the start parameter; the bot's web_app button carries it in the URL instead.
    startParam:
      hash.get("tgWebAppStartParam") ??
      new URLSearchParams(location.search).get("startapp") ??
      undefined,
  };
}

/**
 * What Telegram launched the app with, by the SDK: also after a reload on another screen (the SDK
 * keeps the launch for the session) or in development mode's imitated client; undefined outside
 * Telegram.
 */
export function readLaunch({ retrieveLaunchParams, retrieveRawInitData }: Sdk): Launch | undefined {
  try {
    const lp = retrieveLaunchParams();
    const initDataRaw = retrieveRawInitData();
    if (!initDataRaw) return undefined;
    return {
      initDataRaw,
      languageCode: lp.tgWebAppData?.user?.language_code,
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
 * Downloads and starts Telegram's SDK once the first screen is painted. Its code and mounting its
 * buttons, theme, viewport and swipe behaviour cost well over a hundred milliseconds on a slow
 * phone, which the member would otherwise wait before seeing anything; index.html has already set
 * the theme's colours from the launch parameters, so the first paint has Telegram's look.
 * Components that drive the buttons wait for it through useTelegramStarted.
 */
export function startTelegramAfterFirstPaint(): void {
  const start = () =>
    void loadSdk().then((sdk) => {
      initTelegram(sdk);
      started = true;
      for (const listener of startListeners) listener();
    });
  // After the paint (requestAnimationFrame runs before it, the timeout after) and once the first
  // screen's requests have gone out (the idle callback); a hidden page paints not.
  const whenIdle = () =>
    "requestIdleCallback" in window
      ? requestIdleCallback(start, { timeout: 300 })
      : setTimeout(start, 50);
  if (document.visibilityState === "visible") requestAnimationFrame(() => setTimeout(whenIdle, 0));
  else whenIdle();
}

/**
 * Resolves once Telegram's SDK has started, or after `patience` ms (outside Telegram it never
 * does): a popup asked for in the first moments waits for Telegram's own rather than the browser's.
 */
export function telegramStarted(patience = 2_000): Promise<void> {
  if (started) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      startListeners.delete(done);
      resolve();
    };
    const timer = setTimeout(done, patience);
    startListeners.add(done);
  });
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

function initTelegram({
  backButton,
  init: initSdk,
  mainButton,
  miniApp,
  retrieveLaunchParams,
  settingsButton,
  swipeBehavior,
  themeParams,
  viewport,
}: Sdk): void {
  // Kept for the session (the address may have moved on since), for a reload on another screen.
  try {
    retrieveLaunchParams();
  } catch {
    // Nowhere to be found: init() says so below, as before.
  }
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
