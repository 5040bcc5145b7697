import type { AppRouter } from "@exodus/server";
import { currencyFractionDigits, parseAmount } from "@exodus/shared";
import { useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { type TextareaHTMLAttributes, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { confirmAction, haptic } from "../../telegram.ts";
import { errorKey, useTRPC } from "../../trpc.ts";

type Outputs = inferRouterOutputs<AppRouter>;
export type PoolView = Outputs["pool"]["get"];
export type MemberPool = Extract<PoolView, { joined: true }>;
export type ClaimView = MemberPool["claims"][number];

/** Field errors of a form: a key per field, or `form` for what belongs to none. */
export type FormErrors = Record<string, string | undefined>;

/** The field a refusal belongs to (the server names it for bad input), else the whole form. */
export function formErrors(error: unknown): FormErrors {
  const issue = (error as { data?: { issues?: { path: string; message: string }[] } }).data
    ?.issues?.[0];
  return issue?.path ? { [issue.path]: issue.message } : { form: errorKey(error) };
}

/**
 * Back to /pools once I left a pool (by leaving or declining a share): its screen is no longer
 * mine to see. The pool's name rides in the history entry, for /pools to say what happened.
 */
export function useLeftPool() {
  const [, setLocation] = useLocation();
  return (name: string) => setLocation("/pools", { replace: true, state: { poolLeft: name } });
}

/** The pool I just left, if /pools was reached by leaving it. */
export function poolJustLeft(): string | undefined {
  return (window.history.state as { poolLeft?: string } | null)?.poolLeft;
}

/** Reads an amount as the member typed it, in the deployment's currency. */
export function useAmountReader(currency: string) {
  const { i18n } = useTranslation();
  const digits = currencyFractionDigits(currency);
  return (text: string) => parseAmount(text, digits, i18n.language);
}

/** After a change: every pool screen read afresh, and the books (shares are pledges). */
export function useRefreshPools() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries(trpc.pool.pathFilter());
    void queryClient.invalidateQueries(trpc.books.pathFilter());
  };
}

/**
 * A section's answer to its taps: a notice or a translated refusal, the haptic, the pool read
 * afresh, and one Telegram popup at a time (a second tap while it is open does nothing).
 */
export function useOutcome() {
  const refresh = useRefreshPools();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const popupOpen = useRef(false);
  return {
    error,
    notice,
    succeeded(text?: string) {
      haptic("success");
      setError(undefined);
      setNotice(text);
      refresh();
    },
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

/** What the last tap of a section came to, under it. */
export function Outcome({
  notice,
  error,
  testId,
}: {
  notice?: string | undefined;
  error?: string | undefined;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      {notice && (
        <p
          role="status"
          className="ui-section-content pool-notice"
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

/** A labelled text area whose error is announced and tied to it, as Field is for one line. */
export function TextAreaField({
  id,
  label,
  error,
  ...area
}: TextareaHTMLAttributes<HTMLTextAreaElement> & {
  id: string;
  label: string;
  error?: string | undefined;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={id}
        rows={3}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        {...area}
      />
      {error && (
        <span id={`${id}-error`} className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
