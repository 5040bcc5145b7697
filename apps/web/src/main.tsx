import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { type DevSession, isDevSession, startDevSession } from "./dev/devLaunch.ts";
import { initI18n } from "./i18n.ts";
import { initTelegram, readLaunch } from "./init.ts";
import { createApi } from "./trpc.ts";
import "./styles.css";

/**
 * Inside Telegram the launch parameters are in the URL, or (after a reload on another screen) where
 * the SDK keeps them for the session. Outside it, a server in development mode hands out a
 * development member; otherwise the app asks to be opened from Telegram.
 */
async function boot() {
  const inTelegram =
    new URLSearchParams(location.hash.slice(1)).has("tgWebAppData") ||
    (!isDevSession() && readLaunch() !== undefined);
  let dev: DevSession | undefined;
  if (!inTelegram) dev = await startDevSession();
  const launch = readLaunch();
  const api = launch ? createApi(launch.initDataRaw) : undefined;
  await initI18n(launch?.languageCode ?? navigator.language);
  if (launch) initTelegram();
  const root = createRoot(document.getElementById("root") as HTMLElement);
  root.render(
    <StrictMode>
      <App launch={launch} api={api} dev={dev} />
    </StrictMode>,
  );
}

void boot();
