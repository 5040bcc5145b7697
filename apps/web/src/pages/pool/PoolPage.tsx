import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "wouter";
import { AmountField } from "../../components/AmountField.tsx";
import { EmptyState } from "../../components/EmptyState.tsx";
import { LinkedText } from "../../components/LinkedText.tsx";
import { useMoney } from "../../components/Money.tsx";
import { PageSkeleton } from "../../components/Skeleton.tsx";
import { useCurrency } from "../../network/useCurrency.ts";
import { haptic, useMainButton } from "../../telegram.ts";
import { errorKey, useTRPC } from "../../trpc.ts";
import { Cell, Section } from "../../ui/index.ts";
import { formErrors, type PoolView, useAmountReader, useRefreshPools } from "./bits.tsx";
import { Claims } from "./Claims.tsx";
import { InviteMember, LeavePool, Members, MyCap } from "./PoolMembers.tsx";
import "./pool.css";

/**
 * One pool 🛟 (the bot's `_pool-<id>` links open it): to an invitee what it is and Join at a cap;
 * to a member its rules and numbers, the members with their caps, my cap, inviting, the claims
 * with their shares, and leaving.
 */
/** How often an open pool page with a claim in progress reads it again. */
const CLAIM_REFRESH_MS = 5_000;

export default function PoolPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { id } = useParams();
  const poolId = Number(id);
  const valid = Number.isSafeInteger(poolId) && poolId > 0;
  const query = useQuery({
    ...trpc.pool.get.queryOptions({ poolId }),
    enabled: valid,
    refetchOnMount: "always",
    // While a claim waits for backers or answers, the others act on it: the page reads it again
    // every few seconds, as long as it is open.
    refetchInterval: (q) =>
      q.state.data?.joined &&
      q.state.data.claims.some((c) => ["filed", "backed", "shared"].includes(c.status))
        ? CLAIM_REFRESH_MS
        : false,
  });
  if (!valid || query.isError) {
    return (
      <main className="page pool">
        <h1>{t("pools.title")}</h1>
        <EmptyState
          icon="🔍"
          title={t(valid ? errorKey(query.error) : "errors.input.id")}
          text={t("pool.notFoundHint")}
          action={
            <Link to="/pools" className="button">
              {t("pool.openPools")}
            </Link>
          }
        />
      </main>
    );
  }
  if (query.isPending) return <PageSkeleton />;
  const pool = query.data;
  return (
    <main className={pool.joined ? "page pool" : "page pool has-main-button"}>
      <h1 data-testid="pool-name">🛟 {pool.name}</h1>
      <About pool={pool} />
      {pool.joined ? (
        <>
          <Members pool={pool} />
          <MyCap pool={pool} />
          <Claims pool={pool} />
          <InviteMember pool={pool} />
          <LeavePool pool={pool} />
        </>
      ) : (
        <Join poolId={pool.id} />
      )}
    </main>
  );
}

/** What the pool is: its rules in the members' words and its numbers. */
function About({ pool }: { pool: PoolView }) {
  const { t } = useTranslation();
  const money = useMoney(useCurrency());
  return (
    <Section id="pool-about" header={t("pool.about")} testId="pool-about">
      <div className="ui-section-content pool-rules" data-testid="pool-rules">
        <LinkedText text={pool.rules} />
      </div>
      <Cell multiline testId="pool-numbers" before={<span className="pool-icon">📏</span>}>
        <span className="block">{t("pool.backersNeeded", { count: pool.backersNeeded })}</span>
        <span className="block">{t("pool.answerDays", { count: pool.answerDays })}</span>
        <span className="block">
          {t("pool.largestClaim", { amount: money(pool.largestClaim) })}
        </span>
        <span className="block">{t("pools.members", { count: pool.memberCount })}</span>
      </Cell>
    </Section>
  );
}

/** An invitee joins at the monthly cap they state, on Telegram's main button. */
function Join({ poolId }: { poolId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const refresh = useRefreshPools();
  const currency = useCurrency();
  const readAmount = useAmountReader(currency);
  const [cap, setCap] = useState("");
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const join = useMutation(
    trpc.pool.join.mutationOptions({
      onSuccess: () => {
        haptic("success");
        refresh();
      },
      onError: (error) => {
        haptic("error");
        setErrors(formErrors(error));
      },
    }),
  );
  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (join.isPending) return;
    const parsed = readAmount(cap);
    if (!parsed.ok) {
      haptic("error");
      setErrors({ cap: parsed.error });
      return;
    }
    join.mutate({ poolId, cap: parsed.value });
  }
  useMainButton({ text: t("pool.join"), onClick: () => submit(), loading: join.isPending });
  return (
    <Section
      id="pool-join"
      header={t("pool.joinTitle")}
      footer={t("pools.capHint")}
      testId="pool-join"
    >
      <form className="pool-form" onSubmit={submit} noValidate>
        <AmountField
          id="pool-join-cap"
          label={t("pools.found.cap")}
          currency={currency}
          error={errors.cap}
          value={cap}
          onChange={(value) => {
            setCap(value);
            setErrors({});
          }}
        />
        {errors.form && (
          <p className="error" role="alert" data-testid="pool-join-error">
            {t(errors.form)}
          </p>
        )}
      </form>
    </Section>
  );
}
