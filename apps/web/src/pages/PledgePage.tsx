import type { AppRouter } from "@exodus/server";
import {
  currencyFractionDigits,
  decimalSeparatorOf,
  type MemberPledgeAction,
  memberPledgeActions,
  type NudgeKind,
  nudges as nudgeRules,
  owingStates,
  parseAmount,
} from "@exodus/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "wouter";
import { AmountField, toInput } from "../components/AmountField.tsx";
import { EmptyState } from "../components/EmptyState.tsx";
import { useMoney } from "../components/Money.tsx";
import { PaymentList } from "../components/PaymentList.tsx";
import {
  PledgeStateLabel,
  stateEmoji,
  useDates,
  useName,
  useRefreshBooks,
} from "../components/PledgeBits.tsx";
import { PageSkeleton } from "../components/Skeleton.tsx";
import { confirmAction, haptic, useMainButton, useSecondaryButton } from "../telegram.ts";
import { errorKey, useTRPC } from "../trpc.ts";
import { ButtonCell, Cell, Section } from "../ui/index.ts";
import "./books.css";

type PledgeView = inferRouterOutputs<AppRouter>["pledge"]["get"];
/** A step on this page: a move along the pledge's life, or asking / reminding the other side. */
type Move = Exclude<MemberPledgeAction, "edit">;
type Step = Move | NudgeKind;

/**
 * Which step, when available, is the screen's main one (on Telegram's main button); the next
 * step that is not destructive goes on its secondary button, and what cannot be taken back stands
 * last on the page, in the destructive colour.
 */
const MAIN_ORDER: Step[] = [
  "confirm",
  "commit",
  "fulfil",
  "askFulfil",
  "askCommit",
  "remindConfirm",
];
/** Binding or destructive steps are asked about first, saying what they mean. */
const ASK_FIRST: Partial<Record<Step, { destructive: boolean }>> = {
  commit: { destructive: false },
  withdraw: { destructive: true },
  release: { destructive: true },
  notReceived: { destructive: false },
};

/** A giver who still owes (obligation or unconfirmed gift) is shown where to give. */
const isOwing = (state: string) => (owingStates as readonly string[]).includes(state);

/**
 * One pledge for one of its sides: who gives whom how much, its state and history, and only the
 * steps the server says are mine now. The most natural next step is on the main button.
 */
export default function PledgePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { id } = useParams();
  const pledgeId = Number(id);
  const valid = Number.isSafeInteger(pledgeId) && pledgeId > 0;
  const query = useQuery({ ...trpc.pledge.get.queryOptions({ pledgeId }), enabled: valid });

  if (!valid || query.isError) {
    return (
      <main className="page books">
        <h1>{t("pledge.title")}</h1>
        <EmptyState
          icon="🔍"
          title={t(valid ? errorKey(query.error) : "errors.input.id")}
          text={t("pledge.notFoundHint")}
          action={
            <Link to="/organizer" className="button">
              {t("pledge.openOrganizer")}
            </Link>
          }
        />
      </main>
    );
  }
  if (query.isPending) return <PageSkeleton />;
  return <Pledge pledge={query.data} />;
}

/** The explanation's key: a pledge ended because a side left says so, not that a collection closed. */
function explained(pledge: PledgeView): string {
  return pledge.state === "ended" && pledge.history.at(-1)?.action === "leave"
    ? "endedByLeave"
    : pledge.state;
}

function Pledge({ pledge }: { pledge: PledgeView }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const me = useQuery(trpc.member.me.queryOptions());
  const currency = me.data?.currency ?? "USD";
  const money = useMoney(currency);
  const nameOf = useName();
  const dates = useDates();
  const refresh = useRefreshBooks();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const inFlight = useRef(false);

  const act = useMutation(trpc.pledge.act.mutationOptions());
  const nudge = useMutation(trpc.pledge.nudge.mutationOptions());
  const busy = act.isPending || nudge.isPending;
  // The step under way: its button shows Telegram's loader, the other one only waits.
  const running: string | undefined = act.isPending
    ? act.variables?.action
    : nudge.isPending
      ? nudge.variables?.kind
      : undefined;

  const giver = pledge.viewer === "giver";
  const other = nameOf(giver ? pledge.receiverName : pledge.giverName);
  const values = { name: other, amount: money(pledge.amount) };

  const moves = pledge.actions.filter(
    (a): a is Move => a !== "edit" && (memberPledgeActions as string[]).includes(a),
  );
  const steps: Step[] = [...moves, ...(pledge.nudges as NudgeKind[])];
  const main = MAIN_ORDER.find((s) => steps.includes(s));
  const destructive = steps.filter((s) => ASK_FIRST[s]?.destructive);
  const rest = steps.filter((s) => s !== main && !ASK_FIRST[s]?.destructive);
  const second = rest[0];

  async function run(step: Step) {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const ask = ASK_FIRST[step];
      if (ask) {
        const ok = await confirmAction({
          title: t(`pledge.ask.${step}.title`, values),
          message: t(`pledge.ask.${step}.message`, values),
          ok: t(`pledge.ask.${step}.ok`),
          cancel: t("pledge.cancel"),
          destructive: ask.destructive,
        });
        if (!ok) return;
      }
      setNotice(undefined);
      setError(undefined);
      if (step in nudgeRules) {
        await nudge.mutateAsync({ pledgeId: pledge.id, kind: step as NudgeKind });
      } else {
        await act.mutateAsync({
          pledgeId: pledge.id,
          action: step as Move,
        });
      }
      haptic("success");
      setNotice(t(`pledge.done.${step}`, values));
      await refresh();
    } catch (e) {
      haptic("error");
      setError(errorKey(e));
      // The other side may have moved first: show the pledge as it now is.
      await refresh();
    } finally {
      inFlight.current = false;
    }
  }

  useMainButton({
    // Telegram wants some text even on a hidden button.
    text: t(main ? `pledge.step.${main}` : "pledge.title"),
    onClick: () => main && void run(main),
    loading: busy && running === main,
    disabled: busy,
    visible: main !== undefined,
  });
  const secondOnTelegram = useSecondaryButton({
    text: t(second ? `pledge.step.${second}` : "pledge.title"),
    onClick: () => second && void run(second),
    loading: busy && running === second,
    disabled: busy,
    visible: second !== undefined,
  });
  // Steps drawn on the page: the second one too where this Telegram has no secondary button.
  const drawn = secondOnTelegram ? rest.slice(1) : rest;

  const from = giver ? t("pledge.you") : nameOf(pledge.giverName);
  const to = giver ? nameOf(pledge.receiverName) : t("pledge.you");

  return (
    <main className={main || second ? "page books has-main-button" : "page books"}>
      <h1 className="visually-hidden">{t("pledge.title")}</h1>
      <header className="pledge-hero" data-testid="pledge-head">
        <p className="pledge-who" data-testid="pledge-who">
          {from} → {to}
        </p>
        <p className="pledge-amount" data-testid="pledge-amount">
          {money(pledge.amount)}
        </p>
        <p className="pledge-hero-state" data-testid="pledge-state">
          <PledgeStateLabel state={pledge.state} overdue={pledge.overdue} />
        </p>
      </header>

      <Section
        footer={
          <span className="pledge-explain">
            {t(`pledge.explain.${pledge.viewer}.${explained(pledge)}`, values)}
            {pledge.overdue && ` ${t("pledge.overdueExplain")}`}
          </span>
        }
      >
        {pledge.kind === "emergency" ? (
          <Cell before={<span aria-hidden="true">🆘</span>} multiline>
            {t("pledge.emergency")}
          </Cell>
        ) : (
          <Cell before={<span aria-hidden="true">🔆</span>} multiline>
            {t("pledge.monthly", { period: dates.period(pledge.period) })}
          </Cell>
        )}
      </Section>

      {notice && (
        <p className="card notice" role="status" data-testid="pledge-notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="card error" role="alert" data-testid="pledge-error">
          {t(error)}
        </p>
      )}

      {giver && (pledge.state === "intention" || isOwing(pledge.state)) && (
        <PaymentDetails receiverId={pledge.receiverId} name={other} />
      )}

      {pledge.actions.includes("edit") && (
        <EditAmount
          pledge={pledge}
          currency={currency}
          locale={i18n.language}
          disabled={busy}
          onDone={async () => {
            setError(undefined);
            haptic("success");
            setNotice(t("pledge.done.edit"));
            await refresh();
          }}
        />
      )}

      {drawn.length > 0 && (
        <Section header={t("pledge.steps")}>
          {drawn.map((step) => (
            <ButtonCell key={step} disabled={busy} onClick={() => void run(step)}>
              {t(`pledge.step.${step}`)}
            </ButtonCell>
          ))}
        </Section>
      )}
      <NudgeWaits pledge={pledge} />
      {giver && pledge.state === "obligation" && (
        <ClearingOffer
          pledge={pledge}
          disabled={busy}
          onDone={async (key) => {
            setError(undefined);
            setNotice(t(key));
            await refresh();
          }}
          onError={async (key) => {
            setNotice(undefined);
            setError(key);
            await refresh();
          }}
        />
      )}

      <Section header={t("pledge.history")} id="pledge-history">
        <ol className="ui-list" data-testid="pledge-history">
          {pledge.history.map((event, i) => {
            const who =
              event.by === "system"
                ? t("pledge.exodus")
                : nameOf(event.by === "giver" ? pledge.giverName : pledge.receiverName);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the history only grows, in order.
              <li key={i}>
                <Cell
                  before={<span aria-hidden="true">{stateEmoji[event.to] ?? "•"}</span>}
                  subtitle={<time dateTime={event.at}>{dates.dateTime(event.at)}</time>}
                  after={<span className="amount">{money(event.amount)}</span>}
                  multiline
                >
                  {who} {t([`pledge.event.${event.action}`, "pledge.event.unknown"])}
                </Cell>
              </li>
            );
          })}
        </ol>
      </Section>

      {destructive.length > 0 && (
        <Section>
          {destructive.map((step) => (
            <ButtonCell key={step} destructive disabled={busy} onClick={() => void run(step)}>
              {t(`pledge.step.${step}`)}
            </ButtonCell>
          ))}
        </Section>
      )}
    </main>
  );
}

/**
 * An obligation I owe may be offered for clearing (DOMAIN.md): a secondary step beside the
 * pledge's own, with the way to the clearing screen and back out of it.
 */
function ClearingOffer({
  pledge,
  disabled,
  onDone,
  onError,
}: {
  pledge: PledgeView;
  disabled: boolean;
  onDone: (noticeKey: string) => Promise<void>;
  onError: (errorKey: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const done = (key: string) => {
    haptic("success");
    void queryClient.invalidateQueries(trpc.clearing.pathFilter());
    return onDone(key);
  };
  const failed = (e: unknown) => {
    haptic("error");
    return onError(errorKey(e));
  };
  const offer = useMutation(
    trpc.clearing.offer.mutationOptions({
      onSuccess: () => done("pledge.clearing.offeredDone"),
      onError: failed,
    }),
  );
  const withdraw = useMutation(
    trpc.clearing.withdrawOffer.mutationOptions({
      onSuccess: () => done("pledge.clearing.withdrawnDone"),
      onError: failed,
    }),
  );
  const busy = disabled || offer.isPending || withdraw.isPending;
  return (
    <Section footer={t("pledge.clearing.hint")} testId="pledge-clearing">
      {pledge.clearingOffered ? (
        <>
          <Cell
            to="/clearing"
            before={<span aria-hidden="true">🔄</span>}
            testId="pledge-clearing-offered"
          >
            {t("pledge.clearing.offered")}
          </Cell>
          <ButtonCell
            disabled={busy}
            onClick={() => {
              if (!busy) withdraw.mutate({ pledgeId: pledge.id });
            }}
            testId="pledge-clearing-withdraw"
          >
            {t("pledge.clearing.withdraw")}
          </ButtonCell>
        </>
      ) : (
        <ButtonCell
          before={<span aria-hidden="true">🔄</span>}
          disabled={busy}
          onClick={() => {
            if (!busy) offer.mutate({ pledgeId: pledge.id });
          }}
          testId="pledge-clearing-offer"
        >
          {t("pledge.clearing.offer")}
        </ButtonCell>
      )}
    </Section>
  );
}

/** Asks and reminders already sent in the last 24 hours, and when the server says the next one is
 * possible. */
function NudgeWaits({ pledge }: { pledge: PledgeView }) {
  const { t } = useTranslation();
  const dates = useDates();
  if (pledge.nudgeWaits.length === 0) return null;
  return (
    <Section testId="nudge-waits">
      {pledge.nudgeWaits.map((w) => (
        <Cell key={w.kind} before={<span aria-hidden="true">⏳</span>} multiline>
          <span className="hint">
            {t(`pledge.nudgeWait.${w.kind}`, { date: dates.dateTime(w.until) })}
          </span>
        </Cell>
      ))}
    </Section>
  );
}

/** Changing an intention's amount: typed the member's way, checked here and on the server. */
function EditAmount({
  pledge,
  currency,
  locale,
  disabled,
  onDone,
}: {
  pledge: PledgeView;
  currency: string;
  locale: string;
  disabled: boolean;
  onDone: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const digits = currencyFractionDigits(currency);
  const [value, setValue] = useState(() =>
    toInput(pledge.amount, digits, decimalSeparatorOf(locale)),
  );
  const [error, setError] = useState<string>();
  const edit = useMutation(
    trpc.pledge.act.mutationOptions({
      onSuccess: () => onDone(),
      onError: (e) => {
        haptic("error");
        setError(e.data?.issues?.[0]?.message ?? errorKey(e));
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (edit.isPending) return;
    const amount = parseAmount(value, digits, locale);
    if (!amount.ok) {
      haptic("error");
      setError(amount.error);
      return;
    }
    setError(undefined);
    edit.mutate({ pledgeId: pledge.id, action: "edit", amount: amount.value });
  }

  return (
    <form onSubmit={submit} noValidate>
      <Section>
        <div className="ui-section-content">
          <AmountField
            id="amount"
            label={t("pledge.newAmount")}
            error={error}
            value={value}
            onChange={setValue}
          />
        </div>
        <ButtonCell type="submit" disabled={disabled || edit.isPending}>
          {edit.isPending ? t("app.loading") : t("pledge.saveAmount")}
        </ButtonCell>
      </Section>
    </form>
  );
}

/** Where to send the gift: the receiver's payment details, when they share them with me. */
function PaymentDetails({ receiverId, name }: { receiverId: number; name: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const member = useQuery(trpc.network.member.queryOptions({ memberId: receiverId }));
  const details = member.data?.paymentDetails;
  if (!details) return null;
  return (
    <Section header={t("pledge.howToGive", { name })} id="how-to-give" testId="payment-details">
      {details.length === 0 ? (
        <p className="hint ui-section-content">{t("pledge.askInPerson", { name })}</p>
      ) : (
        <PaymentList details={details} />
      )}
    </Section>
  );
}
