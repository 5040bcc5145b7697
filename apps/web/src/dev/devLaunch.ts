import { emitEvent, mockTelegramEnv } from "@telegram-apps/sdk-react";
import { devHaptic } from "./devHaptic.ts";
import { type DevPopup, devPopup } from "./devPopup.ts";
import { SESSION_KEY } from "./devSession.ts";
import { type DevTheme, devThemes } from "./themes.ts";

export interface DevMember {
  key: string;
  name: string;
  language: string;
}

export interface DevSession {
  member: string;
  theme: DevTheme;
  /** This window imitates a phone in fullscreen: a notch, a home indicator, Telegram's controls. */
  phone: boolean;
  members: DevMember[];
}

/**
 * What Telegram reports on a phone with a notch and a home indicator in fullscreen: the device's
 * safe area, and Telegram's close and menu buttons over the top of the content.
 */
const PHONE_SAFE_AREA = { left: 0, top: 47, bottom: 34, right: 0 };
const PHONE_CONTENT_SAFE_AREA = { left: 0, top: 46, bottom: 0, right: 0 };
const NO_INSETS = { left: 0, top: 0, bottom: 0, right: 0 };

/**
 * The last member and theme chosen in this browser: what a new window starts with. Each window then
 * keeps its own choice in sessionStorage, so two windows can be two people, and a choice in one never
 * changes who the other one is at its next start (a theme tap reloads the app).
 */
const MEMBER_KEY = "exodus.dev.member";
const THEME_KEY = "exodus.dev.theme";
/** This window's theme. */
const SESSION_THEME_KEY = "exodus.dev.session.theme";
/** Whether this window imitates a phone's safe areas ("1"). */
const SESSION_PHONE_KEY = "exodus.dev.session.phone";

/** The development member and theme of this window, else the browser's last choice. */
export function devChoice(): { member: string | null; theme: DevTheme; phone: boolean } {
  const theme =
    (sessionStorage.getItem(SESSION_THEME_KEY) ?? localStorage.getItem(THEME_KEY)) === "dark"
      ? "dark"
      : "light";
  return {
    member: sessionStorage.getItem(SESSION_KEY) ?? localStorage.getItem(MEMBER_KEY),
    theme,
    phone: sessionStorage.getItem(SESSION_PHONE_KEY) === "1",
  };
}

/**
 * Switches member or theme and starts the app again, as reopening it in Telegram would. The choice
 * is this window's, and the default for windows opened later.
 */
export function switchDev(choice: { member?: string; theme?: DevTheme; phone?: boolean }) {
  const { member, theme, phone } = { ...devChoice(), ...choice };
  if (choice.member) localStorage.setItem(MEMBER_KEY, choice.member);
  if (choice.theme) localStorage.setItem(THEME_KEY, choice.theme);
  // A fresh start: the SDK's stored launch parameters and the opened invite go with the rest.
  sessionStorage.clear();
  if (member) sessionStorage.setItem(SESSION_KEY, member);
  sessionStorage.setItem(SESSION_THEME_KEY, theme);
  if (phone) sessionStorage.setItem(SESSION_PHONE_KEY, "1");
  location.reload();
}

/**
 * Outside Telegram, on a server in development mode: asks the server for a development member's
 * freshly signed initData and imitates the Telegram client around it. Returns undefined when the
 * server is not in development mode (then the app must be opened from Telegram).
 */
export async function startDevSession(): Promise<DevSession | undefined> {
  const { member, theme, phone } = devChoice();
  const query = new URLSearchParams();
  if (member) query.set("member", member);
  const start = new URLSearchParams(location.search).get("startapp");
  if (start) query.set("start", start);
  const res = await fetch(`/dev/launch?${query}`).catch(() => undefined);
  if (!res?.ok) return undefined;
  const body = (await res.json()) as { initData: string; member: string; members: DevMember[] };
  const themeParams = devThemes[theme];
  sessionStorage.setItem(SESSION_KEY, body.member);
  sessionStorage.setItem(SESSION_THEME_KEY, theme);
  mockTelegramEnv({
    resetPostMessage: true,
    launchParams: new URLSearchParams([
      ["tgWebAppData", body.initData],
      ["tgWebAppThemeParams", JSON.stringify(themeParams)],
      ["tgWebAppVersion", "8.0"],
      ["tgWebAppPlatform", "tdesktop"],
      ...(start ? [["tgWebAppStartParam", start]] : []),
    ]),
    onEvent(event) {
      const [name] = event;
      if (name === "web_app_open_popup") {
        devPopup.open((event as unknown as [string, DevPopup])[1]);
      } else if (name === "web_app_request_theme") {
        emitEvent("theme_changed", { theme_params: themeParams });
      } else if (name === "web_app_request_viewport") {
        emitEvent("viewport_changed", {
          height: window.innerHeight,
          width: window.innerWidth,
          is_expanded: true,
          is_state_stable: true,
        });
      } else if (name === "web_app_request_safe_area") {
        emitEvent("safe_area_changed", phone ? PHONE_SAFE_AREA : NO_INSETS);
      } else if (name === "web_app_request_content_safe_area") {
        emitEvent("content_safe_area_changed", phone ? PHONE_CONTENT_SAFE_AREA : NO_INSETS);
      } else if (name === "web_app_trigger_haptic_feedback") {
        devHaptic.feel((event as unknown as [string, Parameters<typeof devHaptic.feel>[0]])[1]);
      } else if (name === "web_app_request_file_download") {
        // Telegram would download the file itself; the browser does it from the same address.
        const { url, file_name } = (
          event as unknown as [string, { url: string; file_name: string }]
        )[1];
        const link = document.createElement("a");
        link.href = url;
        link.download = file_name;
        link.click();
        emitEvent("file_download_requested", { status: "downloading" });
      } else if (name === "web_app_request_write_access") {
        // The person taps "Allow" in Telegram's dialog.
        emitEvent("write_access_requested", { status: "allowed" });
      }
    },
  });
  return { member: body.member, theme, phone, members: body.members };
}
