/**
 * Telegram's SDK, downloaded once the first screen is painted (init.ts starts it then): its code is
 * an eighth of the first screen's and its start about a hundred milliseconds on a slow phone, which
 * the member would otherwise wait before seeing anything. Until it is here, what uses it does
 * without: no haptics yet, the browser's confirm, Telegram's buttons once it has started.
 */
export type Sdk = typeof import("@telegram-apps/sdk-react");

let loaded: Sdk | undefined;
let loading: Promise<Sdk> | undefined;

/** Downloads the SDK (once). */
export function loadSdk(): Promise<Sdk> {
  loading ??= import("@telegram-apps/sdk-react").then((module) => {
    loaded = module;
    return module;
  });
  return loading;
}

/** The SDK if it has been downloaded. */
export function sdk(): Sdk | undefined {
  return loaded;
}
