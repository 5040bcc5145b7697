import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { confirmAction, haptic } from "../telegram.ts";
import { errorKey } from "../trpc.ts";

/**
 * A section's answer to its taps: a notice or a translated refusal, the success or error haptic,
 * the screen brought up to date by `refresh` (with the view a success answered, when it has one),
 * and one Telegram popup at a time (a second tap while it is open does nothing).
 */
export function useOutcome<V = never>(refresh: (view?: V) => void) {
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const popupOpen = useRef(false);
  return {
    error,
    notice,
    succeeded(text?: string, view?: V) {
      haptic("success");
      setError(undefined);
      setNotice(text);
      refresh(view);
    },
    // What the tap met changed meanwhile: show it as it now is.
    failed(e: unknown) {
      haptic("error");
      setNotice(undefined);
      setError(errorKey(e));
      refresh();
    },
    async confirmOnce(options: Parameters<typeof confirmAction>[0]): Promise<boolean> {
      if (popupOpen.current) return false;
      popupOpen.current = true;
      try {
        return await confirmAction(options);
      } finally {
        popupOpen.current = false;
      }
    },
  };
}

/** What the last tap of a section came to, under it; `noticeClass` styles the notice. */
export function Outcome({
  notice,
  error,
  testId,
  noticeClass,
}: {
  notice?: string | undefined;
  error?: string | undefined;
  testId: string;
  noticeClass: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {notice && (
        <p
          role="status"
          className={`ui-section-content ${noticeClass}`}
          data-testid={`${testId}-notice`}
        >
          {notice}
        </p>
      )}
      {error && (
        <p role="alert" className="ui-section-content error" data-testid={`${testId}-error`}>
          {t(error)}
        </p>
      )}
    </>
  );
}
