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
  return session && { session, Panel: DevPanel, Controls: DevTelegramControls };
}
