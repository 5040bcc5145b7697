import { currencyFractionDigits, decimalSeparatorOf } from "@exodus/shared";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { AmountField, toInput } from "../../components/AmountField.tsx";
import { Avatar } from "../../components/Avatar.tsx";
import { useMoney } from "../../components/Money.tsx";
import { useName } from "../../components/PledgeBits.tsx";
import { QueryError } from "../../components/QueryError.tsx";
import { useCurrency } from "../../network/useCurrency.ts";
import { usePages } from "../../network/usePages.ts";
import { haptic } from "../../telegram.ts";
import { useTRPC } from "../../trpc.ts";
import { Button, ButtonCell, Cell, Section } from "../../ui/index.ts";
import { type MemberPool, Outcome, useAmountReader, useLeftPool, useOutcome } from "./bits.tsx";

/** The members, each with their monthly cap and what is left of it this month. */
export function Members({ pool }: { pool: MemberPool }) {
  const { t } = useTranslation();
  const money = useMoney(useCurrency());
  const nameOf = useName();
  return (
    <Section id="pool-members" header={t("pool.membersTitle")} testId="pool-members">
      <ul className="ui-list">
        {pool.members.map((m) => (
          <li key={m.id}>
            <Cell
              multiline
              testId="pool-member"
              before={<Avatar id={m.id} name={nameOf(m.name)} photoUrl={null} />}
              subtitle={t("pool.capLine", { cap: money(m.cap), left: money(m.capLeft) })}
            >
              {m.me ? t("pool.you", { name: nameOf(m.name) }) : nameOf(m.name)}
            </Cell>
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** My monthly cap, and changing it (shares already offered keep their amounts). */
export function MyCap({ pool }: { pool: MemberPool }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const currency = useCurrency();
  const money = useMoney(currency);
  const readAmount = useAmountReader(currency);
  const outcome = useOutcome();
  const me = pool.members.find((m) => m.me);
  const [typed, setTyped] = useState<string>();
  const [fieldError, setFieldError] = useState<string>();
  const setCap = useMutation(
    trpc.pool.setCap.mutationOptions({
      onSuccess: (_, input) => {
        setTyped(undefined);
        outcome.succeeded(t("pool.capChanged", { cap: money(input.cap) }));
      },
      onError: outcome.failed,
    }),
  );
  if (!me) return null;
  const value =
    typed ?? toInput(me.cap, currencyFractionDigits(currency), decimalSeparatorOf(i18n.language));
  function submit(event: FormEvent) {
    event.preventDefault();
    if (setCap.isPending) return;
    const parsed = readAmount(value);
    if (!parsed.ok) {
      haptic("error");
      setFieldError(parsed.error);
      return;
    }
    setCap.mutate({ poolId: pool.id, cap: parsed.value });
  }
  return (
    <Section
      id="pool-cap"
      header={t("pool.myCapTitle")}
      footer={t("pools.capHint")}
      testId="pool-cap"
    >
      <form className="pool-form pool-inline-form" onSubmit={submit} noValidate>
        <AmountField
          id="pool-my-cap"
          label={t("pools.found.cap")}
          currency={currency}
          error={fieldError}
          value={value}
          onChange={(next) => {
            setTyped(next);
            setFieldError(undefined);
          }}
        />
        <Button
          type="submit"
          disabled={setCap.isPending || typed === undefined}
          data-testid="pool-cap-save"
        >
          {t("pool.changeCap")}
        </Button>
      </form>
      <Outcome notice={outcome.notice} error={outcome.error} testId="pool-cap" />
    </Section>
  );
}

/** Inviting a member of my network who is not in the pool yet: they are told in Telegram. */
export function InviteMember({ pool }: { pool: MemberPool }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const nameOf = useName();
  const outcome = useOutcome();
  const [open, setOpen] = useState(false);
  const pages = usePages(open ? "pool-invite" : "closed", (page) => ({
    ...trpc.network.list.queryOptions({ list: "network", ...page }),
    enabled: open,
  }));
  const invite = useMutation(
    trpc.pool.invite.mutationOptions({
      onSuccess: (_, input) => {
        const name = pages.items.find((m) => m.id === input.memberId)?.name ?? "";
        outcome.succeeded(t("pool.invited", { name: nameOf(name) }));
      },
      onError: outcome.failed,
    }),
  );
  const inPool = new Set(pool.members.map((m) => m.id));
  const candidates = pages.items.filter((m) => !inPool.has(m.id));
  return (
    <Section
      id="pool-invite"
      header={t("pool.inviteTitle")}
      footer={t("pool.inviteHint")}
      testId="pool-invite"
    >
      {!open ? (
        <ButtonCell
          before={<span className="pool-icon">➕</span>}
          onClick={() => setOpen(true)}
          testId="pool-invite-open"
        >
          {t("pool.invite")}
        </ButtonCell>
      ) : pages.error ? (
        <QueryError error={pages.error} onRetry={pages.retry} secondary />
      ) : pages.loading ? (
        <p className="ui-section-content hint">{t("app.loading")}</p>
      ) : candidates.length === 0 ? (
        <p className="ui-section-content hint" data-testid="pool-invite-none">
          {t("pool.inviteNone")}
        </p>
      ) : (
        <ul className="ui-list">
          {candidates.map((m) => (
            <li key={m.id}>
              <Cell
                testId="pool-invite-candidate"
                before={<Avatar id={m.id} name={nameOf(m.name)} photoUrl={m.photoUrl} />}
                onClick={() => {
                  if (!invite.isPending) invite.mutate({ poolId: pool.id, memberId: m.id });
                }}
                after={<span className="pool-link">{t("pool.inviteOne")}</span>}
              >
                {nameOf(m.name)}
              </Cell>
            </li>
          ))}
        </ul>
      )}
      {open && pages.hasMore && (
        <Button mode="plain" stretched disabled={pages.loadingMore} onClick={pages.loadMore}>
          {t("organizer.loadMore")}
        </Button>
      )}
      <Outcome notice={outcome.notice} error={outcome.error} testId="pool-invite" />
    </Section>
  );
}

/** Leaving the pool, asked about first in Telegram's popup. */
export function LeavePool({ pool }: { pool: MemberPool }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const leftPool = useLeftPool();
  const outcome = useOutcome();
  const leave = useMutation(
    trpc.pool.leave.mutationOptions({
      onSuccess: () => {
        outcome.succeeded();
        leftPool(pool.name);
      },
      onError: outcome.failed,
    }),
  );
  async function ask() {
    if (leave.isPending) return;
    const sure = await outcome.confirmOnce({
      title: t("pool.leaveTitle"),
      message: t("pool.leaveMessage", { name: pool.name }),
      ok: t("pool.leaveOk"),
      cancel: t("pool.cancel"),
      destructive: true,
    });
    if (sure) leave.mutate({ poolId: pool.id });
  }
  return (
    <Section testId="pool-leave-section">
      <ButtonCell
        destructive
        disabled={leave.isPending}
        onClick={() => void ask()}
        testId="pool-leave"
      >
        {t("pool.leave")}
      </ButtonCell>
      <Outcome error={outcome.error} testId="pool-leave" />
    </Section>
  );
}
