import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMoney } from "../../components/Money.tsx";
import { useTRPC } from "../../trpc.ts";
import { Progress } from "../../ui/index.ts";
import { type InitiativeLine, statusIcon } from "./types.ts";

/** An initiative's status in words, with its emoji. */
export function InitiativeStatusLabel({ status }: { status: InitiativeLine["status"] }) {
  const { t } = useTranslation();
  return (
    <span
      className={`initiative-status initiative-status-${status}`}
      data-testid="initiative-status"
    >
      <span aria-hidden="true">{statusIcon[status]}</span> {t(`initiatives.status.${status}`)}
    </span>
  );
}

/**
 * How far an initiative is toward its goal: a bar of what is bound (🤝 + 👍, what makes it go
 * ahead), the words for it, and each figure beside its emoji (❤️ intentions, 🤝, 👍).
 */
export function InitiativeProgress({ line, currency }: { line: InitiativeLine; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney(currency);
  const bound = line.obligations + line.confirmed;
  const words = t("initiatives.progress", { bound: money(bound), goal: money(line.goal) });
  return (
    <span className="initiative-progress" data-testid="initiative-progress">
      <Progress value={line.goal > 0 ? (bound / line.goal) * 100 : 0} label={words} />
      <span className="block">{words}</span>
      <span className="block hint">
        {t("initiatives.figures", {
          intentions: money(line.intentions),
          obligations: money(line.obligations),
          confirmed: money(line.confirmed),
        })}
      </span>
    </span>
  );
}

/** After a change to an initiative: it, the list, and the books that show its pledges read again. */
export function useInitiativeSettled() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.initiative.pathFilter()),
      queryClient.invalidateQueries(trpc.books.pathFilter()),
      queryClient.invalidateQueries(trpc.pledge.pathFilter()),
    ]);
}
