import {
  currencyFractionDigits,
  decimalSeparatorOf,
  isLive,
  parseAmount,
  suggestAmount,
} from "@exodus/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AmountField, toInput } from "../components/AmountField.tsx";
import { useMoney } from "../components/Money.tsx";
import { Skeleton } from "../components/Skeleton.tsx";
import { askWriteAccessOnce, confirmAction, haptic, useMainButton } from "../telegram.ts";
import { errorKey, useTRPC } from "../trpc.ts";
import { Cell, Section } from "../ui/index.ts";
import { isShownState } from "./format.ts";
import type { CollectionView, MemberView } from "./types.ts";
import { useCurrency } from "./useCurrency.ts";

/**
 * Pledge to a member's open collection: an intention ❤️ to a monthly one, an obligation 🤝 to an
 * emergency (asked for in Telegram's popup first, since it binds). The amount starts as
 * suggestAmount proposes and the form says why. Once I have a live pledge to the collection, the
 * form gives way to it.
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
  const suggestion = suggestAmount(collection, lastGiven, digits);
  const suggested =
    suggestion.amount === null
      ? ""
      : toInput(suggestion.amount, digits, decimalSeparatorOf(i18n.language));
  const amount = typed ?? suggested;

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
          <p className="hint small pledge-suggestion" data-testid="pledge-suggestion">
            {suggestion.reason === "last"
              ? t("member.pledge.suggestedLast", { name })
              : suggestion.reason === "share"
                ? t("member.pledge.suggestedShare", { count: collection.helpers })
                : suggestion.reason === "missing"
                  ? t("member.pledge.suggestedMissing")
                  : t("member.pledge.covered")}
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
