/**
 * Development mode: a browser cannot vibrate as Telegram does. The imitated client hands each haptic
 * feedback the app asks for to this store, and the DevPanel shows the last ones, so a developer (and
 * an end-to-end test) sees that an action was felt and how: a notification's outcome ("success",
 * "error", "warning"), a selection's tick ("selection") or an impact ("impact light", …).
 */
export interface DevHaptic {
  /** The last few, oldest first: a tap's tick and the outcome that follows it show together. */
  kinds: string[];
  /** Counts the feedbacks, so the same kind twice is seen twice. */
  count: number;
}

const SHOWN = 3;

interface HapticEvent {
  type?: string;
  impact_style?: string;
  notification_type?: string;
}

let last: DevHaptic | null = null;
const listeners = new Set<() => void>();

export const devHaptic = {
  feel(event: HapticEvent) {
    const kind =
      event.type === "notification"
        ? (event.notification_type ?? "notification")
        : event.type === "selection_change"
          ? "selection"
          : `impact ${event.impact_style ?? ""}`.trim();
    last = { kinds: [...(last?.kinds ?? []), kind].slice(-SHOWN), count: (last?.count ?? 0) + 1 };
    for (const l of listeners) l();
  },
  get: () => last,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
