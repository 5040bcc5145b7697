/**
 * Telegram's native controls for pages: the main button, confirmation popups, haptic feedback,
 * sharing. Each works inside Telegram once its SDK has started (init.ts, after the first paint); in
 * development mode the DevPanel draws what Telegram would.
 */
import { useCallback, useEffect, useRef, useSyncExternalStore } from "react";
import { telegramStarted, useTelegramStarted } from "./init.ts";
import { type Sdk, sdk } from "./sdk.ts";

export interface MainButtonOptions {
  text: string;
  onClick: () => void;
  /** Shows Telegram's loader on the button while the action runs (and ignores taps). */
  loading?: boolean;
  disabled?: boolean;
  /** Hidden while false: the screen has no main action right now. */
  visible?: boolean;
}

/** What a page's bottom button needs of Telegram's main or secondary button (the same calls). */
interface BottomButton {
  setParams(params: {
    text?: string;
    isVisible?: boolean;
    isEnabled?: boolean;
    isLoaderVisible?: boolean;
  }): void;
  onClick(listener: () => void): () => void;
  isEnabled(): boolean;
  isLoaderVisible(): boolean;
}

/**
 * One of Telegram's bottom buttons carrying a screen's action while the component is mounted (and
 * `visible`), hidden when it goes away; `mount` says whether this Telegram has the button.
 */
function useBottomButton(
  buttonOf: (sdk: Sdk) => BottomButton,
  mount: (sdk: Sdk) => boolean,
  { text, onClick, loading = false, disabled = false, visible = true }: MainButtonOptions,
): void {
  const handler = useRef(onClick);
  handler.current = onClick;
  const started = useTelegramStarted();
  useEffect(() => {
    const telegram = sdk();
    if (!started || !telegram || !mount(telegram)) return;
    buttonOf(telegram).setParams({
      text,
      isVisible: visible,
      isEnabled: !disabled && !loading,
      isLoaderVisible: loading,
    });
  }, [started, buttonOf, mount, text, visible, disabled, loading]);
  useEffect(() => {
    const telegram = sdk();
    if (!started || !telegram || !mount(telegram)) return;
    const button = buttonOf(telegram);
    const off = button.onClick(() => {
      if (button.isEnabled() && !button.isLoaderVisible()) handler.current();
    });
    return () => {
      off();
      button.setParams({ isVisible: false, isLoaderVisible: false });
    };
  }, [started, buttonOf, mount]);
}

const mainButtonOf = (telegram: Sdk) => telegram.mainButton;
/** The main button is mounted as the SDK starts (init.ts) wherever Telegram has one. */
const mainButtonMounted = (telegram: Sdk) => telegram.mainButton.isMounted();

/**
 * The screen's main action on Telegram's main button, shown while the component is mounted (and
 * `visible`), hidden when it goes away.
 */
export function useMainButton(options: MainButtonOptions): void {
  useBottomButton(mainButtonOf, mainButtonMounted, options);
}

/**
 * Whether Telegram's main or secondary button shows now: the app's own tab bar gives way to them,
 * as Telegram's own screens never stack a bar of tabs with a bottom button.
 */
export function useBottomButtonsShown(): boolean {
  const started = useTelegramStarted();
  const subscribe = useCallback(
    (listener: () => void) => {
      const telegram = started ? sdk() : undefined;
      if (!telegram) return () => {};
      const offMain = telegram.mainButton.isVisible.sub(listener);
      const offSecond = telegram.secondaryButton.isVisible.sub(listener);
      return () => {
        offMain();
        offSecond();
      };
    },
    [started],
  );
  return useSyncExternalStore(subscribe, () => {
    const telegram = started ? sdk() : undefined;
    return !!telegram && (telegram.mainButton.isVisible() || telegram.secondaryButton.isVisible());
  });
}

/** Mounts Telegram's secondary button on first use; false where this Telegram has none. */
function mountSecondaryButton({ secondaryButton }: Sdk): boolean {
  if (!secondaryButton.isMounted() && secondaryButton.mount.isAvailable()) secondaryButton.mount();
  return secondaryButton.isMounted();
}
const secondaryButtonOf = (telegram: Sdk) => telegram.secondaryButton;

/**
 * The screen's second action on Telegram's secondary button (beside the main one, Bot API 7.10),
 * shown while the component is mounted (and `visible`), hidden when it goes away. Where Telegram
 * has no secondary button the hook reports false: the page then draws the action itself.
 */
export function useSecondaryButton(options: MainButtonOptions): boolean {
  useBottomButton(secondaryButtonOf, mountSecondaryButton, options);
  const telegram = sdk();
  return (
    !!telegram &&
    (telegram.secondaryButton.isMounted() || telegram.secondaryButton.mount.isAvailable())
  );
}

/**
 * Asks before a binding or destructive step, in Telegram's own popup. Resolves true when the
 * person chose to go on.
 */
export async function confirmAction(options: {
  title?: string;
  message: string;
  ok: string;
  cancel: string;
  destructive?: boolean;
}): Promise<boolean> {
  await telegramStarted();
  const popup = sdk()?.popup;
  if (!popup?.open.isAvailable()) return window.confirm(options.message);
  const chosen = await popup.open({
    ...(options.title ? { title: options.title } : {}),
    message: options.message,
    buttons: [
      { id: "ok", type: options.destructive ? "destructive" : "default", text: options.ok },
      { id: "cancel", type: "default", text: options.cancel },
    ],
  });
  return chosen === "ok";
}

/** Haptic feedback for the outcome of an action. */
export function haptic(outcome: "success" | "error" | "warning"): void {
  sdk()?.hapticFeedback.notificationOccurred.ifAvailable(outcome);
}

/** Telegram's light tick as a choice changes (a segment picked, a switch flipped). */
export function hapticSelection(): void {
  sdk()?.hapticFeedback.selectionChanged.ifAvailable();
}

/** Telegram's share dialog for a link, with a line of text. */
export function shareLink(url: string, text: string): void {
  const telegram = sdk();
  if (!telegram) return;
  const { shareURL, openTelegramLink } = telegram;
  if (shareURL.isAvailable()) shareURL(url, text);
  else if (openTelegramLink.isAvailable()) {
    openTelegramLink(
      `https://t.me/share/url?url=${encodeURIComponent(url)}&text=${encodeURIComponent(text)}`,
    );
  }
}

/**
 * Hands a file at `url` to the person: Telegram's own download (Mini Apps 8.0), else its share
 * dialog for the link, else the link copied. Resolves how it went: "cancelled" when the person
 * declined Telegram's download prompt, "failed" when Telegram could not start the download (the
 * link may be spent: offer `shareFileLink` with a fresh one).
 */
export async function handOverFile(
  url: string,
  fileName: string,
  text: string,
): Promise<"downloading" | "shared" | "copied" | "cancelled" | "failed"> {
  const telegram = sdk();
  if (telegram?.downloadFile.isAvailable()) {
    const { downloadFile, isAccessDeniedError } = telegram;
    try {
      await downloadFile(url, fileName);
      return "downloading";
    } catch (error) {
      return isAccessDeniedError(error) ? "cancelled" : "failed";
    }
  }
  return shareFileLink(url, text);
}

/** A file's link without Telegram's download: its share dialog, else the link copied. */
export async function shareFileLink(url: string, text: string): Promise<"shared" | "copied"> {
  const telegram = sdk();
  if (telegram && (telegram.shareURL.isAvailable() || telegram.openTelegramLink.isAvailable())) {
    shareLink(url, text);
    return "shared";
  }
  await copyText(url);
  return "copied";
}

/** Copies text, through Telegram where it can, else the browser's clipboard. */
export async function copyText(text: string): Promise<void> {
  try {
    const telegram = sdk();
    if (!telegram) throw new Error("Telegram's SDK has not loaded");
    await telegram.copyTextToClipboard(text);
  } catch {
    await navigator.clipboard.writeText(text);
  }
}

/**
 * Asks Telegram to let the bot write to the member: notifications reach no one without it. Resolves
 * "allowed" or "cancelled" with the person's answer, "unavailable" outside Telegram or while an
 * earlier ask still waits.
 */
export async function requestWriteAccess(): Promise<"allowed" | "cancelled" | "unavailable"> {
  const requestTelegramWriteAccess = sdk()?.requestWriteAccess;
  if (!requestTelegramWriteAccess?.isAvailable()) return "unavailable";
  try {
    return (await requestTelegramWriteAccess()) === "allowed" ? "allowed" : "cancelled";
  } catch {
    return "unavailable";
  }
}

const WRITE_ACCESS_ASKED = "exodus.writeAccess.asked";

/**
 * The moment messages start to matter (one's first pledge, or asking one's network for help), asks
 * Telegram once, on this device, to let the bot write: otherwise no answer would ever reach the
 * member. Profile → notifications explains why and can ask again.
 */
export function askWriteAccessOnce(): void {
  if (localStorage.getItem(WRITE_ACCESS_ASKED)) return;
  localStorage.setItem(WRITE_ACCESS_ASKED, "1");
  void requestWriteAccess();
}
