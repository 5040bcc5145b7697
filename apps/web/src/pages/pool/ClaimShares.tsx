import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMoney } from "../../components/Money.tsx";
import { useDates, useName } from "../../components/PledgeBits.tsx";
import { useCurrency } from "../../network/useCurrency.ts";
import { useTRPC } from "../../trpc.ts";
import { Button, Cell } from "../../ui/index.ts";
import { type ClaimView, Outcome, useLeftPool, useOutcome } from "./bits.tsx";

type Share = ClaimView["shares"][number];

const ANSWER_ICON: Record<Share["answer"], string> = {
  offered: "⏳",
  committed: "🤝",
  declined: "✕",
};

/**
 * A claim's shares: who, how much, in which round, their answer; my own offered share with Commit
 * and Decline (declining leaves the pool, so Telegram's popup asks first).
 */
export function ClaimShares({ claim, poolName }: { claim: ClaimView; poolName: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const money = useMoney(useCurrency());
  const nameOf = useName();
  const dates = useDates();
  const outcome = useOutcome();
  const leftPool = useLeftPool();
  const answer = useMutation(
    trpc.pool.answerShare.mutationOptions({
      onSuccess: (_, input) => {
        outcome.succeeded(input.answer === "commit" ? t("pool.committedNotice") : undefined);
        // Declining left the pool: its screen is no longer mine to see.
        if (input.answer === "decline") leftPool(poolName);
      },
      onError: outcome.failed,
    }),
  );
  if (claim.shares.length === 0) return null;

  async function decline(share: Share) {
    if (answer.isPending) return;
    const sure = await outcome.confirmOnce({
      title: t("pool.declineTitle"),
      message: t("pool.declineMessage", { amount: money(share.amount) }),
      ok: t("pool.declineOk"),
      cancel: t("pool.cancel"),
      destructive: true,
    });
    if (sure) answer.mutate({ pledgeId: share.pledgeId, answer: "decline" });
  }

  return (
    <>
      <ul className="ui-list" aria-label={t("pool.sharesTitle")}>
        {claim.shares.map((s) => {
          const mineOffered = s.me && s.answer === "offered";
          return (
            <li key={s.pledgeId}>
              <Cell
                multiline
                testId={s.me ? "pool-share-mine" : "pool-share"}
                before={<span className="pool-icon">{ANSWER_ICON[s.answer]}</span>}
                after={<span className="amount">{money(s.amount)}</span>}
                subtitle={
                  <>
                    <span className="block">
                      {s.round === 0
                        ? t("pool.roundFirst")
                        : t("pool.roundAgain", { round: s.round })}
                      {" · "}
                      {t(`pool.answer.${s.answer}`)}
                    </span>
                    {mineOffered && (
                      <span className="block">
                        {t("pool.answerBy", { date: dates.dateTime(s.answerBy) })}
                      </span>
                    )}
                  </>
                }
              >
                {s.me ? t("pool.you", { name: nameOf(s.name) }) : nameOf(s.name)}
              </Cell>
              {mineOffered && (
                <div className="ui-section-content pool-buttons">
                  <Button
                    mode="filled"
                    disabled={answer.isPending}
                    onClick={() => {
                      if (!answer.isPending)
                        answer.mutate({ pledgeId: s.pledgeId, answer: "commit" });
                    }}
                    data-testid="pool-share-commit"
                  >
                    {t("pool.commit")}
                  </Button>
                  <Button
                    mode="plain"
                    destructive
                    disabled={answer.isPending}
                    onClick={() => void decline(s)}
                    data-testid="pool-share-decline"
                  >
                    {t("pool.decline")}
                  </Button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <Outcome notice={outcome.notice} error={outcome.error} testId="pool-share" />
    </>
  );
}
