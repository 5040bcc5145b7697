import type { PledgeState } from "@exodus/shared";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useTRPC } from "../trpc.ts";

/** Each state of a pledge has its emoji, always shown beside its word, never alone. */
export const stateEmoji: Record<PledgeState, string> = {
  intention: "❤️",
  obligation: "🤝",
  fulfilled: "✋",
  confirmed: "👍",
  released: "🕊️",
  withdrawn: "↩️",
  lapsed: "💨",
  cancelled: "✖️",
  ended: "⏹️",
};

/** A pledge's state as emoji and word, with ⌛ when it is in the overdue archive. */
export function PledgeStateLabel({ state, overdue }: { state: PledgeState; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`pledge-state pledge-state-${state}`}>
      <span aria-hidden="true">{stateEmoji[state]}</span> {t(`pledge.state.${state}`)}
      {overdue && (
        <>
          {" · "}
          <span aria-hidden="true">⌛</span> {t("pledge.overdue")}
        </>
      )}
    </span>
  );
}

/** A member's name as the books show it: a member who left has none. */
export function useName() {
  const { t } = useTranslation();
  return (name: string) => name || t("pledge.deletedMember");
}

/** Dates, times and periods ("2026-11" → "November 2026") in the member's language. */
export function useDates() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    date: (iso: string) => new Date(iso).toLocaleDateString(locale, { dateStyle: "medium" }),
    dateTime: (iso: string) =>
      new Date(iso).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" }),
    period: (period: string) => {
      const [year, month] = period.split("-").map(Number) as [number, number];
      return new Date(Date.UTC(year, month - 1, 15)).toLocaleDateString(locale, {
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      });
    },
  };
}

/**
 * After a pledge changes, everything that shows it reads again: the dashboard, Home's actions, the
 * lists, the pledge itself and the circles drawn from them.
 */
export function useRefreshBooks() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.books.pathFilter()),
      queryClient.invalidateQueries(trpc.pledge.get.pathFilter()),
      queryClient.invalidateQueries(trpc.network.pathFilter()),
    ]);
}
