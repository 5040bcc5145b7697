import type { AppRouter } from "@exodus/server";
import { currencyFractionDigits, parseAmount } from "@exodus/shared";
import { useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import {
  Outcome as SectionOutcome,
  useOutcome as useSectionOutcome,
} from "../../components/Outcome.tsx";
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

/** A section's answer to its taps (components/Outcome.tsx), the pool read afresh after each. */
export function useOutcome() {
  return useSectionOutcome(useRefreshPools());
}

/** What the last tap of a pool's section came to, under it. */
export function Outcome(props: {
  notice?: string | undefined;
  error?: string | undefined;
  testId: string;
}) {
  return <SectionOutcome {...props} noticeClass="pool-notice" />;
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
