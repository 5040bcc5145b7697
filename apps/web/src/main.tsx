import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import type { DevMode } from "./dev/devMode.ts";
import { isDevSession } from "./dev/devSession.ts";
import { initI18n } from "./i18n.ts";
import { launchFromAddress, readLaunch, startTelegramAfterFirstPaint } from "./init.ts";
import { loadSdk } from "./sdk.ts";
import { createApi } from "./trpc.ts";
import "./styles.css";

/**
 * Inside Telegram the launch parameters are in the URL (read without the SDK, which starts after the
 * first paint), or (after a reload on another screen) where the SDK keeps them for the session.
 * Outside it, a server in development mode hands out a development member; otherwise the app asks
 * to be opened from Telegram. Development mode's code (the imitated client, the DevPanel) is
 * downloaded only then, so Telegram never loads it.
 */
async function boot() {
  let launch = launchFromAddress();
  let dev: DevMode | undefined;
  if (!launch) {
    const sdk = await loadSdk();
    if (!isDevSession()) launch = readLaunch(sdk);
    if (!launch) {
      dev = await import("./dev/devMode.ts").then((m) => m.startDevMode());
      launch = readLaunch(sdk);
    }
  }
  // The language's strings start downloading first; the member is asked for while they come.
  const translations = initI18n(launch?.languageCode ?? navigator.language);
  const api = launch ? createApi(launch.initDataRaw) : undefined;
  await translations;
  const root = createRoot(document.getElementById("root") as HTMLElement);
  root.render(
    <StrictMode>
      <App launch={launch} api={api} dev={dev} />
    </StrictMode>,
  );
  if (launch) startTelegramAfterFirstPaint();
}

void boot();
