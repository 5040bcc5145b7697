/**
 * Development mode: Telegram draws popups itself, a browser cannot. The imitated client hands the
 * popup it was asked to open to this store; the DevPanel draws it and answers with the button
 * pressed, as Telegram would.
 */
export interface DevPopup {
  title?: string;
  message: string;
  buttons: { id: string; type?: string; text?: string }[];
}

let current: DevPopup | null = null;
const listeners = new Set<() => void>();

export const devPopup = {
  open(popup: DevPopup) {
    current = popup;
    for (const l of listeners) l();
  },
  close() {
    current = null;
    for (const l of listeners) l();
  },
  get: () => current,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
