/**
 * Navigation for the app's screens, on wouter (a router of ~2 kB: the first screen's budget is
 * small). Adds what pages need beyond it: going back in history, and knowing whether there is an
 * in-app page to go back to.
 */
import { useCallback, useEffect } from "react";
import { useLocation } from "wouter";

let first: string | undefined;

/**
 * Marks each history entry the app moved to: the mark lives in history.state, so it survives a
 * reload (the DevPanel's theme switch, Telegram reopening the app) as the entry itself does.
 * Mounted once, at the top of the app.
 */
export function useTrackNavigation(): void {
  const [location] = useLocation();
  useEffect(() => {
    first ??= location;
    if (location !== first && !cameFromInApp()) {
      window.history.replaceState({ ...window.history.state, exodusInApp: true }, "");
    }
  }, [location]);
}

/** Whether this page was reached inside the app (so history's back stays in it). */
export function cameFromInApp(): boolean {
  return (window.history.state as { exodusInApp?: boolean } | null)?.exodusInApp === true;
}

/** navigate("/path"), navigate("/path", { replace: true }), or navigate(-1) for back. */
export function useNavigate() {
  const [, setLocation] = useLocation();
  return useCallback(
    (to: string | number, options?: { replace?: boolean }) => {
      if (typeof to === "number") window.history.go(to);
      else setLocation(to, options);
    },
    [setLocation],
  );
}
