import { DevPanel, DevTelegramControls } from "../components/DevPanel.tsx";
import { type DevSession, startDevSession } from "./devLaunch.ts";

/**
 * Development mode, loaded only outside Telegram (a dynamic import in main.tsx): the imitated
 * Telegram client, and the panel and controls drawn in its place. Inside Telegram none of it is
 * downloaded.
 */
export interface DevMode {
  session: DevSession;
  Panel: typeof DevPanel;
  Controls: typeof DevTelegramControls;
}

/** Starts a development session; undefined when the server is not in development mode. */
export async function startDevMode(): Promise<DevMode | undefined> {
  const session = await startDevSession();
  if (session) showTabIcon();
  return session && { session, Panel: DevPanel, Controls: DevTelegramControls };
}

/**
 * A browser tab's icon (🤝), in development mode only: Telegram shows none, and drawing an SVG with
 * an emoji in it costs a slow phone some 20 ms of the first screen.
 */
function showTabIcon() {
  const icon = document.createElement("link");
  icon.rel = "icon";
  icon.href =
    "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 100 100%22%3E%3Ctext y=%22.9em%22 font-size=%2290%22%3E%F0%9F%A4%9D%3C/text%3E%3C/svg%3E";
  document.head.appendChild(icon);
}
