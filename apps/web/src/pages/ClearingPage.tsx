import type { AppRouter } from "@exodus/server";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useTranslation } from "react-i18next";
import { useMoney } from "../components/Money.tsx";
import { Outcome, useOutcome } from "../components/Outcome.tsx";
import { useDates, useName } from "../components/PledgeBits.tsx";
import { QueryError } from "../components/QueryError.tsx";
import { PageSkeleton } from "../components/Skeleton.tsx";
import { useTimeLeft } from "../components/TimeLeft.ts";
import { useMainButton } from "../telegram.ts";
import { useTRPC } from "../trpc.ts";
import { Button, ButtonCell, Cell, Section } from "../ui/index.ts";
import "./books.css";
import "./clearing.css";

type ClearingView = inferRouterOutputs<AppRouter>["clearing"]["mine"];
type Round = NonNullable<ClearingView["round"]>;

/**
 * Clearing of mutual obligations (DOMAIN.md): the latest round the member is in (their part in
 * words, the time left, their answer; Agree on Telegram's main button, Decline asked about first),
 * the obligations they offered, each with its withdrawal, and offering all at once.
 */
export default function ClearingPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // Others answer while I am away: the round is read afresh each time the screen opens.
  const mine = useQuery({ ...trpc.clearing.mine.queryOptions(), refetchOnMount: "always" });
  const me = useQuery(trpc.member.me.queryOptions());
  if (mine.isPending) return <PageSkeleton />;
  if (mine.isError) {
    return (
      <main className="page books clearing">
        <h1>{t("clearing.title")}</h1>
        <QueryError error={mine.error} onRetry={() => mine.refetch()} />
      </main>
    );
  }
  return <Clearing view={mine.data} currency={me.data?.currency ?? "USD"} />;
}

function Clearing({ view, currency }: { view: ClearingView; currency: string }) {
  const { t } = useTranslation();
  const round = view.round;
  const asking = round?.status === "proposed" && round.answer === "pending";
  return (
    <main className={asking ? "page books clearing has-main-button" : "page books clearing"}>
      <h1>{t("clearing.title")}</h1>
      <p className="hint clearing-intro">{t("clearing.intro")}</p>
      {round && <RoundSection round={round} currency={currency} />}
      <Offered offered={view.offered} currency={currency} />
    </main>
  );
}

/** After a change: the screen's view as the server answered, and whatever shows the books. */
function useSettled() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (view?: ClearingView) => {
    if (view) queryClient.setQueryData(trpc.clearing.mine.queryKey(), view);
    else void queryClient.invalidateQueries(trpc.clearing.mine.queryFilter());
    void queryClient.invalidateQueries(trpc.clearing.waiting.queryFilter());
    void queryClient.invalidateQueries(trpc.books.pathFilter());
    void queryClient.invalidateQueries(trpc.pledge.pathFilter());
  };
}

/** The latest round: what it clears for me, by whom, in words; the deadline; my answer. */
function RoundSection({ round, currency }: { round: Round; currency: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const money = useMoney(currency);
  const nameOf = useName();
  const dates = useDates();
  const timeLeft = useTimeLeft();
  const outcome = useOutcome(useSettled());
  const agree = useMutation(
    trpc.clearing.agree.mutationOptions({
      onSuccess: (next) =>
        outcome.succeeded(
          next.round?.status === "applied" ? undefined : t("clearing.agreedNotice"),
          next,
        ),
      onError: outcome.failed,
    }),
  );
  const decline = useMutation(
    trpc.clearing.decline.mutationOptions({
      onSuccess: (next) => outcome.succeeded(undefined, next),
      onError: outcome.failed,
    }),
  );
  const busy = agree.isPending || decline.isPending;
  const proposed = round.status === "proposed";
  const canAgree = proposed && round.answer === "pending";
  const canDecline = proposed && (round.answer === "pending" || round.answer === "agreed");

  useMainButton({
    text: t("clearing.agree"),
    // The digest of the part shown: a part that changed meanwhile is refused, not agreed to.
    onClick: () => {
      if (!busy) agree.mutate({ roundId: round.id, digest: round.digest });
    },
    loading: agree.isPending,
    visible: canAgree,
  });

  async function askDecline() {
    if (busy) return;
    const sure = await outcome.confirmOnce({
      title: t("clearing.declineTitle"),
      message: t("clearing.declineMessage"),
      ok: t("clearing.declineOk"),
      cancel: t("clearing.cancel"),
      destructive: true,
    });
    if (sure) decline.mutate({ roundId: round.id });
  }

  const done = round.status === "applied";
  const lines = [
    ...round.noLongerOwe.map((l) => ({
      key: `owe-${l.memberId}`,
      icon: "↗️",
      text: t(done ? "clearing.round.oweDone" : "clearing.round.oweWould", {
        name: nameOf(l.name),
        amount: money(l.amount),
      }),
    })),
    ...round.noLongerOwed.map((l) => ({
      key: `owed-${l.memberId}`,
      icon: "↘️",
      text: t(done ? "clearing.round.owedDone" : "clearing.round.owedWould", {
        name: nameOf(l.name),
        amount: money(l.amount),
      }),
    })),
  ];
  const time = timeLeft(round.timeLeft);
  const statusIcon = { proposed: "🔄", applied: "✓", failed: "✕" }[round.status];

  return (
    <Section id="clearing-round" header={t("clearing.round.title")} testId="clearing-round">
      <Cell
        multiline
        testId="clearing-status"
        before={<span className="clearing-icon">{statusIcon}</span>}
      >
        <span className={round.status === "failed" ? "hint" : "clearing-status"}>
          {t(`clearing.round.${round.status}`)}
        </span>
      </Cell>
      {lines.length > 0 && (
        <ul className="ui-list">
          {lines.map((line) => (
            <li key={line.key}>
              <Cell
                multiline
                testId="clearing-line"
                before={<span className="clearing-icon">{line.icon}</span>}
              >
                {line.text}
              </Cell>
            </li>
          ))}
        </ul>
      )}
      {proposed && (
        <Cell multiline testId="clearing-answer">
          <span className="hint">{t(`clearing.answer.${round.answer}`)}</span>
        </Cell>
      )}
      {proposed && time && round.answer !== "declined" && round.answer !== "out" && (
        <Cell
          multiline
          testId="clearing-deadline"
          before={<span className="clearing-icon">⏳</span>}
        >
          {t("clearing.timeLeft", { time, date: dates.dateTime(round.deadline) })}
        </Cell>
      )}
      <Outcome
        notice={outcome.notice}
        error={outcome.error}
        testId="round"
        noticeClass="clearing-notice"
      />
      {canDecline && (
        <ButtonCell
          destructive
          disabled={busy}
          onClick={() => void askDecline()}
          testId="clearing-decline"
        >
          {t("clearing.decline")}
        </ButtonCell>
      )}
    </Section>
  );
}

/** My offered obligations, each with its withdrawal; then all of them offered at once. */
function Offered({ offered, currency }: { offered: ClearingView["offered"]; currency: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const money = useMoney(currency);
  const nameOf = useName();
  const outcome = useOutcome(useSettled());
  const withdraw = useMutation(
    trpc.clearing.withdrawOffer.mutationOptions({
      onSuccess: (_, input) => {
        const line = offered.find((o) => o.pledgeId === input.pledgeId);
        outcome.succeeded(
          line &&
            t("clearing.withdrawn", {
              name: nameOf(line.receiverName),
              amount: money(line.amount),
            }),
        );
      },
      onError: outcome.failed,
    }),
  );
  const offerAll = useMutation(
    trpc.clearing.offerAll.mutationOptions({
      onSuccess: ({ offered: count }) =>
        outcome.succeeded(
          count > 0 ? t("clearing.offeredCount", { count }) : t("clearing.offeredNothingNew"),
        ),
      onError: outcome.failed,
    }),
  );
  const busy = withdraw.isPending || offerAll.isPending;

  async function askOfferAll() {
    if (busy) return;
    const sure = await outcome.confirmOnce({
      title: t("clearing.offerAllTitle"),
      message: t("clearing.offerAllMessage"),
      ok: t("clearing.offerAllOk"),
      cancel: t("clearing.cancel"),
    });
    if (sure) offerAll.mutate();
  }

  return (
    <>
      <Section id="clearing-offered" header={t("clearing.offeredTitle")} testId="clearing-offered">
        {offered.length === 0 ? (
          <p className="ui-section-content hint" data-testid="clearing-offered-none">
            {t("clearing.offeredNone")}
          </p>
        ) : (
          <ul className="ui-list">
            {offered.map((o) => (
              <li key={o.pledgeId}>
                <Cell
                  multiline
                  testId="clearing-offered-line"
                  before={<span className="clearing-icon">{o.overdue ? "⌛" : "🤝"}</span>}
                  subtitle={
                    <>
                      <span className="amount">{money(o.amount)}</span>
                      {o.overdue && ` · ${t("pledge.overdue")}`}
                    </>
                  }
                  after={
                    <Button
                      mode="plain"
                      size="s"
                      disabled={busy}
                      onClick={() => {
                        if (!busy) withdraw.mutate({ pledgeId: o.pledgeId });
                      }}
                      data-testid="clearing-withdraw"
                    >
                      {t("clearing.withdraw")}
                    </Button>
                  }
                >
                  {t("clearing.offeredTo", { name: nameOf(o.receiverName) })}
                </Cell>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section footer={t("clearing.offerAllHint")} testId="clearing-offer-all-section">
        <ButtonCell
          before={<span className="clearing-icon">🔄</span>}
          disabled={busy}
          onClick={() => void askOfferAll()}
          testId="clearing-offer-all"
        >
          {t("clearing.offerAll")}
        </ButtonCell>
        <Outcome
          notice={outcome.notice}
          error={outcome.error}
          testId="offer"
          noticeClass="clearing-notice"
        />
      </Section>
    </>
  );
}
