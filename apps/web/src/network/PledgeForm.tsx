import {
  currencyFractionDigits,
  decimalSeparatorOf,
  isLive,
  parseAmount,
  suggestPledge,
} from "@exodus/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AmountField, toInput } from "../components/AmountField.tsx";
import { useMoney } from "../components/Money.tsx";
import { Skeleton } from "../components/Skeleton.tsx";
import { askWriteAccessOnce, confirmAction, haptic, useMainButton } from "../telegram.ts";
import { errorKey, useTRPC } from "../trpc.ts";
import { Button, Cell, Section } from "../ui/index.ts";
import { isShownState } from "./format.ts";
import type { CollectionView, MemberView } from "./types.ts";
import { useCurrency } from "./useCurrency.ts";

/**
 * Pledge to a member's open collection: an intention ❤️ to a monthly one, an obligation 🤝 to an
 * emergency (asked for in Telegram's popup first, since it binds). The field starts empty (no tap
 * promises an amount nobody chose) unless I gave this member before; quick picks under it fill it
 * (never submit), as suggestPledge offers them, and the form says what each is. Once I have a live
 * pledge to the collection, the form gives way to it.
 */
export function PledgeForm({
  member,
  collection,
  myId,
}: {
  member: MemberView;
  collection: CollectionView;
  myId: number;
}) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const currency = useCurrency();
  const money = useMoney(currency);
  const digits = currencyFractionDigits(currency);
  const name = member.name || t("network.deletedMember");
  // My current pledges (with any pledge to this collection) and my past confirmed ones.
  const helping = useQuery(trpc.books.pledges.queryOptions({ list: "helping", limit: 100 }));
  const archive = useQuery(
    trpc.books.pledges.queryOptions({ list: "confirmedArchive", limit: 100 }),
  );
  const [typed, setTyped] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ amount?: string; form?: string }>({});
  const busy = useRef(false);

  const create = useMutation(
    trpc.pledge.create.mutationOptions({
      onSuccess: () => {
        haptic("success");
        askWriteAccessOnce();
        void queryClient.invalidateQueries(trpc.network.pathFilter());
        void queryClient.invalidateQueries(trpc.books.pathFilter());
      },
      onError: (error) => {
        haptic("error");
        const issue = error.data?.issues?.[0];
        setErrors(issue?.path === "amount" ? { amount: issue.message } : { form: errorKey(error) });
      },
    }),
  );

  const mine =
    create.data ??
    helping.data?.find((p) => p.collectionId === collection.id && !p.overdue && isLive(p.state));
  const loading = helping.isPending || archive.isPending;
  const paused = collection.paused;
  const formShown = !loading && !mine && !paused;

  const lastGiven = [...(helping.data ?? []), ...(archive.data ?? [])]
    .filter((p) => p.giverId === myId && p.receiverId === member.id)
    .sort((a, b) => b.id - a.id)[0]?.amount;
  const offer = suggestPledge(collection, lastGiven, digits);
  const asInput = (minor: number) => toInput(minor, digits, decimalSeparatorOf(i18n.language));
  const amount = typed ?? (offer.start === null ? "" : asInput(offer.start));
  const picks = [
    { key: "share", label: t("member.pledge.pickShare"), amount: offer.share },
    { key: "missing", label: t("member.pledge.pickMissing"), amount: offer.missing },
  ].filter((pick): pick is { key: string; label: string; amount: number } => pick.amount !== null);
  const reasons = [
    offer.start !== null && t("member.pledge.suggestedLast", { name }),
    offer.share !== null && t("member.pledge.suggestedShare", { count: collection.helpers }),
    offer.missing !== null && t("member.pledge.suggestedMissing"),
    offer.missing === null && t("member.pledge.covered"),
  ].filter(Boolean);

  // A bad amount's message stands under the field: bring both into view, above the MainButton.
  const amountError = errors.amount;
  useEffect(() => {
    if (!amountError) return;
    const field = document.getElementById("pledge-amount");
    field?.scrollIntoView({ block: "center" });
    field?.focus({ preventScroll: true });
  }, [amountError]);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy.current || create.isPending) return;
    const parsed = parseAmount(amount, digits, i18n.language);
    if (!parsed.ok) {
      setErrors({ amount: parsed.error });
      haptic("error");
      return;
    }
    setErrors({});
    busy.current = true;
    try {
      if (collection.kind === "emergency") {
        const ok = await confirmAction({
          title: t("member.pledge.confirmTitle"),
          message: t("member.pledge.confirmMessage", { amount: money(parsed.value), name }),
          ok: t("member.pledge.confirmOk"),
          cancel: t("member.pledge.cancel"),
        });
        if (!ok) return;
      }
      create.mutate({ collectionId: collection.id, amount: parsed.value });
    } finally {
      busy.current = false;
    }
  }

  useMainButton({
    text: t("member.pledge.submit"),
    onClick: () => void submit(),
    loading: create.isPending,
    visible: formShown,
  });

  return (
    <Section
      id="pledge-title"
      testId="pledge-form"
      header={t("member.pledge.title", { name })}
      footer={
        formShown
          ? collection.kind === "emergency"
            ? t("member.pledge.emergencyExplain", { name })
            : t("member.pledge.monthlyExplain")
          : undefined
      }
    >
      {loading ? (
        <div className="ui-section-content">
          <Skeleton lines={3} />
        </div>
      ) : mine ? (
        <div data-testid="my-pledge">
          {create.data && (
            <p role="status" className="success ui-section-content">
              {t("member.pledge.done", { name })}
            </p>
          )}
          <Cell
            before={<span aria-hidden="true">🙌</span>}
            subtitle={isShownState(mine.state) ? t(`member.state.${mine.state}`) : undefined}
            multiline
          >
            {t("member.pledge.yours", { amount: money(mine.amount) })}
          </Cell>
          <Cell to={`/pledge/${mine.id}`}>{t("member.pledge.open")}</Cell>
        </div>
      ) : paused ? (
        <Cell before={<span aria-hidden="true">⏸️</span>} multiline>
          <span className="hint">{t("member.pledge.paused")}</span>
        </Cell>
      ) : (
        <form className="ui-section-content" onSubmit={submit} noValidate>
          <AmountField
            id="pledge-amount"
            label={t("member.pledge.amount")}
            currency={currency}
            error={errors.amount}
            value={amount}
            onChange={(value) => {
              setTyped(value);
              setErrors({});
            }}
          />
          {picks.length > 0 && (
            // biome-ignore lint/a11y/useSemanticElements: a row of buttons, not a form's fieldset.
            <div className="pledge-picks" role="group" aria-label={t("member.pledge.picksLabel")}>
              {picks.map((pick) => (
                <Button
                  key={pick.key}
                  size="s"
                  data-testid={`pledge-pick-${pick.key}`}
                  onClick={() => {
                    setTyped(asInput(pick.amount));
                    setErrors({});
                  }}
                >
                  {pick.label} · {money(pick.amount)}
                </Button>
              ))}
            </div>
          )}
          <p className="hint small pledge-suggestion" data-testid="pledge-suggestion">
            {reasons.join(" ")}
          </p>
          {errors.form && (
            <p className="error" role="alert">
              {t(errors.form)}
            </p>
          )}
        </form>
      )}
    </Section>
  );
}
