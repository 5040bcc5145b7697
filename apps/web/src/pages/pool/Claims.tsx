import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { AmountField } from "../../components/AmountField.tsx";
import { useMoney } from "../../components/Money.tsx";
import { useName } from "../../components/PledgeBits.tsx";
import { useCurrency } from "../../network/useCurrency.ts";
import { haptic } from "../../telegram.ts";
import { useTRPC } from "../../trpc.ts";
import { Button, ButtonCell, Cell, Section } from "../../ui/index.ts";
import {
  type ClaimView,
  type FormErrors,
  formErrors,
  type MemberPool,
  Outcome,
  TextAreaField,
  useAmountReader,
  useOutcome,
  useRefreshPools,
} from "./bits.tsx";
import { ClaimShares } from "./ClaimShares.tsx";

const STATUS_ICON: Record<ClaimView["status"], string> = {
  filed: "📝",
  backed: "✅",
  shared: "🤝",
  covered: "✅",
  partlyCovered: "🙏",
  withdrawn: "↩️",
  lapsed: "⌛",
};

/** Filing a claim, then the pool's claims, newest first. */
export function Claims({ pool }: { pool: MemberPool }) {
  const { t } = useTranslation();
  return (
    <>
      <FileClaim pool={pool} />
      {pool.claims.length === 0 ? (
        <Section id="pool-claims" header={t("pool.claimsTitle")} testId="pool-claims">
          <p className="ui-section-content hint" data-testid="pool-claims-none">
            {t("pool.claimsNone")}
          </p>
        </Section>
      ) : (
        pool.claims.map((claim) => <Claim key={claim.id} claim={claim} pool={pool} />)
      )}
    </>
  );
}

/** What happened and the amount: at most the largest claim and what the others' caps can carry. */
function FileClaim({ pool }: { pool: MemberPool }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const refresh = useRefreshPools();
  const currency = useCurrency();
  const readAmount = useAmountReader(currency);
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState("");
  const [story, setStory] = useState("");
  const [errors, setErrors] = useState<FormErrors>({});
  const file = useMutation(
    trpc.pool.fileClaim.mutationOptions({
      onSuccess: () => {
        haptic("success");
        setOpen(false);
        setAmount("");
        setStory("");
        refresh();
      },
      onError: (error) => {
        haptic("error");
        setErrors(formErrors(error));
      },
    }),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    if (file.isPending) return;
    const parsed = readAmount(amount);
    if (!parsed.ok) {
      haptic("error");
      setErrors({ amount: parsed.error });
      return;
    }
    file.mutate({ poolId: pool.id, amount: parsed.value, story });
  }
  if (!open) {
    return (
      <Section testId="pool-file-section">
        <ButtonCell
          before={<span className="pool-icon">📝</span>}
          onClick={() => setOpen(true)}
          testId="pool-file-open"
        >
          {t("pool.fileClaim")}
        </ButtonCell>
      </Section>
    );
  }
  return (
    <Section
      id="pool-file"
      header={t("pool.fileTitle")}
      footer={t("pool.fileHint")}
      testId="pool-file"
    >
      <form className="pool-form" onSubmit={submit} noValidate>
        <AmountField
          id="claim-amount"
          label={t("pool.claimAmount")}
          currency={currency}
          error={errors.amount}
          value={amount}
          onChange={(value) => {
            setAmount(value);
            setErrors({});
          }}
        />
        <TextAreaField
          id="claim-story"
          label={t("pool.claimStory")}
          error={errors.story && t(errors.story)}
          value={story}
          onChange={(e) => {
            setStory(e.target.value);
            setErrors({});
          }}
        />
        {errors.form && (
          <p className="error" role="alert" data-testid="pool-file-error">
            {t(errors.form)}
          </p>
        )}
        <div className="pool-buttons">
          <Button
            type="submit"
            mode="filled"
            disabled={file.isPending}
            data-testid="pool-file-submit"
          >
            {t("pool.fileSubmit")}
          </Button>
          <Button mode="plain" onClick={() => setOpen(false)}>
            {t("pool.cancel")}
          </Button>
        </div>
      </form>
    </Section>
  );
}

/** One claim: who, how much, what happened, its status in words, its backers and its shares. */
function Claim({ claim, pool }: { claim: ClaimView; pool: MemberPool }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const money = useMoney(useCurrency());
  const nameOf = useName();
  const outcome = useOutcome();
  const back = useMutation(
    trpc.pool.back.mutationOptions({
      onSuccess: () => outcome.succeeded(t("pool.backedNotice")),
      onError: outcome.failed,
    }),
  );
  const withdraw = useMutation(
    trpc.pool.withdrawClaim.mutationOptions({
      onSuccess: () => outcome.succeeded(),
      onError: outcome.failed,
    }),
  );
  const busy = back.isPending || withdraw.isPending;
  async function askWithdraw() {
    if (busy) return;
    const sure = await outcome.confirmOnce({
      title: t("pool.withdrawTitle"),
      message: t("pool.withdrawMessage", { amount: money(claim.amount) }),
      ok: t("pool.withdrawOk"),
      cancel: t("pool.cancel"),
      destructive: true,
    });
    if (sure) withdraw.mutate({ collectionId: claim.id });
  }
  const filed = claim.status === "filed";
  const who = claim.mine
    ? t("pool.claimMine")
    : t("pool.claimBy", { name: nameOf(claim.claimantName) });
  return (
    <Section
      id={`claim-${claim.id}`}
      header={t("pool.claimTitle", { who, amount: money(claim.amount) })}
      testId="pool-claim"
    >
      <div className="ui-section-content pool-story" data-testid="pool-claim-story">
        {claim.story}
      </div>
      <Cell
        multiline
        testId="pool-claim-status"
        before={<span className="pool-icon">{STATUS_ICON[claim.status]}</span>}
        subtitle={
          claim.backers.length > 0
            ? t("pool.backers", {
                names: claim.backers.map((b) => nameOf(b.name)).join(", "),
                backed: claim.backers.length,
                needed: pool.backersNeeded,
              })
            : filed && t("pool.noBackers", { needed: pool.backersNeeded })
        }
      >
        {t(`pool.status.${claim.status}`)}
      </Cell>
      <ClaimShares claim={claim} poolName={pool.name} />
      {claim.uncovered > 0 && (
        <Cell
          multiline
          testId="pool-claim-uncovered"
          before={<span className="pool-icon">🙏</span>}
        >
          {t("pool.uncovered", { amount: money(claim.uncovered) })}
        </Cell>
      )}
      <Outcome notice={outcome.notice} error={outcome.error} testId="pool-claim" />
      {filed && !claim.mine && !claim.backedByMe && (
        <ButtonCell
          before={<span className="pool-icon">✅</span>}
          disabled={busy}
          onClick={() => {
            if (!busy) back.mutate({ collectionId: claim.id });
          }}
          testId="pool-claim-back"
        >
          {t("pool.back")}
        </ButtonCell>
      )}
      {filed && claim.mine && (
        <ButtonCell
          destructive
          disabled={busy}
          onClick={() => void askWithdraw()}
          testId="pool-claim-withdraw"
        >
          {t("pool.withdraw")}
        </ButtonCell>
      )}
    </Section>
  );
}
