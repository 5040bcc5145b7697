import {
  currencyFractionDigits,
  decimalSeparatorOf,
  type PlanLineView,
  type PlanView,
  parseAmount,
  planMoveOf,
} from "@exodus/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AmountField, toInput } from "../../components/AmountField.tsx";
import { useMoney } from "../../components/Money.tsx";
import { useName } from "../../components/PledgeBits.tsx";
import { QueryError } from "../../components/QueryError.tsx";
import { confirmAction, haptic, useMainButton, useSecondaryButton } from "../../telegram.ts";
import { errorKey, useTRPC } from "../../trpc.ts";
import { Button } from "../../ui/Button.tsx";
import { Cell } from "../../ui/Cell.tsx";
import { Section } from "../../ui/Section.tsx";
import "./plan.css";

type OpenPlan = Extract<PlanView, { id: number }>;

/** How long to wait before asking again while the balancer recomputes the plan. */
const RECOMPUTE_WAIT_MS = 3000;

/**
 * "Your plan" on Home (DOMAIN.md, "Balancing"): where the balancer suggests the member's giving go,
 * line by line with its reason, applied with one tap, changed first, or dismissed. Nothing at all
 * while there is no plan; one quiet line while it is recomputed, applied, dismissed or changes
 * nothing. Its own chunk: Home's first screen does not carry it.
 */
export default function PlanSection({ currency }: { currency: string }) {
  const trpc = useTRPC();
  const plan = useQuery({
    ...trpc.plan.mine.queryOptions(),
    refetchOnMount: "always",
    refetchInterval: (query) =>
      query.state.data?.status === "recomputing" ? RECOMPUTE_WAIT_MS : false,
  });
  // Said once a plan went stale under the member's tap, until they act on the new one.
  const [notice, setNotice] = useState<string>();
  if (plan.isPending) return null;
  if (plan.isError) {
    return <QueryError error={plan.error} onRetry={() => plan.refetch()} secondary />;
  }
  const view = plan.data;
  switch (view.status) {
    case "none":
      return null;
    case "recomputing":
      return <PlanNote icon="⏳" text="plan.recomputing" />;
    case "applied":
      return <PlanNote icon="✓" text="plan.applied" />;
    case "dismissed":
      return <PlanNote icon="✕" text="plan.dismissed" />;
  }
  if (!view.changes) return <PlanNote icon="✓" text="plan.unchanged" />;
  return (
    <Plan key={view.id} plan={view} currency={currency} notice={notice} onNotice={setNotice} />
  );
}

/** The plan's state in one quiet line under its header. */
function PlanNote({ icon, text }: { icon: string; text: string }) {
  const { t } = useTranslation();
  return (
    <Section id="plan" header={t("plan.title")} testId="plan">
      <Cell multiline testId="plan-note" before={<span className="home-icon">{icon}</span>}>
        <span className="hint">{t(text)}</span>
      </Cell>
    </Section>
  );
}

/** An open plan that changes something: its lines, then apply, edit first, or dismiss. */
function Plan({
  plan,
  currency,
  notice,
  onNotice,
}: {
  plan: OpenPlan;
  currency: string;
  notice: string | undefined;
  onNotice: (key: string | undefined) => void;
}) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const money = useMoney(currency);
  const digits = currencyFractionDigits(currency);
  const separator = decimalSeparatorOf(i18n.language);
  // Telegram's popup is open: a second tap must not open another.
  const asking = useRef(false);
  const [editing, setEditing] = useState(false);
  const [amounts, setAmounts] = useState<Record<number, string>>({});
  // Each line's i18n key of what is wrong with its amount; the form's, already in words.
  const [errors, setErrors] = useState<{ lines?: Record<number, string>; form?: string }>({});
  const nameOf = useName();

  const settled = (view: PlanView) => {
    queryClient.setQueryData(trpc.plan.mine.queryKey(), view);
    // The collections, my giving and my lists changed with the plan: Home reads them again.
    void queryClient.invalidateQueries(trpc.books.pathFilter());
    void queryClient.invalidateQueries(trpc.network.pathFilter());
    void queryClient.invalidateQueries(trpc.pledge.pathFilter());
  };
  const failed = (error: { data?: { issues?: { message: string }[] } | null }) => {
    haptic("error");
    // Bad input names its reason per field; anything else in the error's own message.
    const key = error.data?.issues?.[0]?.message ?? errorKey(error);
    if (key === "errors.plan.stale") {
      // Someone pledged meanwhile: nothing was written; the new plan is shown instead.
      onNotice(key);
      void queryClient.invalidateQueries(trpc.plan.mine.queryFilter());
      return;
    }
    setErrors({ form: t(key) });
  };
  const apply = useMutation(
    trpc.plan.accept.mutationOptions({
      onSuccess: (view) => {
        haptic("success");
        onNotice(undefined);
        settled(view);
      },
      onError: failed,
    }),
  );
  const dismiss = useMutation(
    trpc.plan.dismiss.mutationOptions({
      onSuccess: (view) => {
        onNotice(undefined);
        settled(view);
      },
      onError: failed,
    }),
  );
  const busy = apply.isPending || dismiss.isPending;

  /** What edit first changed, read from the fields: null while one cannot be read. */
  function editedLines(): { collectionId: number; amount: number }[] | null {
    const lineErrors: Record<number, string> = {};
    const changed: { collectionId: number; amount: number }[] = [];
    let total = 0;
    for (const line of plan.lines) {
      const text = amounts[line.collectionId] ?? toInput(line.planned, digits, separator);
      // An emptied field (or a zero) means nothing to this collection.
      const empty = text.trim() === "" || /^0+([.,]0*)?$/.test(text.trim());
      const parsed = empty
        ? { ok: true as const, value: 0 }
        : parseAmount(text, digits, i18n.language);
      if (!parsed.ok) {
        lineErrors[line.collectionId] = parsed.error;
        continue;
      }
      total += parsed.value;
      if (parsed.value !== line.planned) {
        changed.push({ collectionId: line.collectionId, amount: parsed.value });
      }
    }
    if (Object.keys(lineErrors).length > 0) {
      setErrors({ lines: lineErrors });
      return null;
    }
    if (total > plan.use) {
      setErrors({ form: t("plan.overUse", { total: money(total), use: money(plan.use) }) });
      return null;
    }
    return changed;
  }

  async function submit() {
    if (busy || asking.current) return;
    setErrors({});
    const lines = editing ? editedLines() : [];
    if (lines === null) {
      haptic("error");
      return;
    }
    const amountOf = (line: PlanLineView) =>
      lines.find((l) => l.collectionId === line.collectionId)?.amount ?? line.planned;
    // A promise to an emergency binds: asked once, as a pledge to an emergency is.
    const binding = plan.lines.filter((l) => l.binds && amountOf(l) > l.current);
    if (binding.length > 0) {
      asking.current = true;
      const sure = await confirmAction({
        title: t("plan.confirmTitle"),
        message: t("plan.confirmMessage", {
          promises: binding
            .map((l) =>
              t("plan.promiseTo", {
                amount: money(amountOf(l) - l.current),
                name: nameOf(l.receiverName),
              }),
            )
            .join(", "),
        }),
        ok: t("plan.apply"),
        cancel: t("plan.cancel"),
      }).finally(() => {
        asking.current = false;
      });
      if (!sure) return;
    }
    apply.mutate(lines.length > 0 ? { planId: plan.id, lines } : { planId: plan.id }, {
      onSuccess: () => setEditing(false),
    });
  }

  useMainButton({
    text: t("plan.apply"),
    onClick: () => void submit(),
    loading: apply.isPending,
    visible: editing,
  });
  const hasSecondary = useSecondaryButton({
    text: t("plan.cancel"),
    onClick: () => {
      setEditing(false);
      setErrors({});
    },
    disabled: busy,
    visible: editing,
  });

  return (
    <Section
      id="plan"
      header={t("plan.title")}
      footer={t("plan.footer", { use: money(plan.use) })}
      testId="plan"
    >
      {notice && (
        <p role="status" className="ui-section-content plan-notice" data-testid="plan-notice">
          {t(notice)}
        </p>
      )}
      <ul className="ui-list">
        {plan.lines.map((line) => (
          <li key={line.collectionId}>
            <PlanLine line={line} currency={currency} />
            {editing && (
              <div className="ui-section-content plan-edit">
                <AmountField
                  id={`plan-amount-${line.collectionId}`}
                  label={t("plan.amountFor", { name: nameOf(line.receiverName) })}
                  currency={currency}
                  error={errors.lines?.[line.collectionId]}
                  value={amounts[line.collectionId] ?? toInput(line.planned, digits, separator)}
                  onChange={(value) => {
                    setAmounts((a) => ({ ...a, [line.collectionId]: value }));
                    setErrors({});
                  }}
                />
              </div>
            )}
          </li>
        ))}
      </ul>
      {errors.form && (
        <p role="alert" className="ui-section-content error" data-testid="plan-error">
          {errors.form}
        </p>
      )}
      {!editing && (
        <div className="ui-section-content plan-actions">
          <Button
            mode="filled"
            stretched
            onClick={() => void submit()}
            disabled={busy}
            data-testid="plan-apply"
          >
            {t("plan.apply")}
          </Button>
          <div className="plan-more">
            <Button
              mode="plain"
              onClick={() => setEditing(true)}
              disabled={busy}
              data-testid="plan-edit"
            >
              {t("plan.edit")}
            </Button>
            <Button
              mode="plain"
              onClick={() => {
                if (!busy) dismiss.mutate({ planId: plan.id });
              }}
              disabled={busy}
              data-testid="plan-dismiss"
            >
              {t("plan.dismiss")}
            </Button>
          </div>
        </div>
      )}
      {editing && !hasSecondary && (
        <div className="ui-section-content plan-actions">
          <Button mode="plain" stretched onClick={() => setEditing(false)} disabled={busy}>
            {t("plan.cancel")}
          </Button>
        </div>
      )}
    </Section>
  );
}

const moveIcon = { keep: "✓", add: "➕", raise: "➕", lower: "↘️", withdraw: "↘️" } as const;

/** One line in words: what to do with how much for whom, and why, under it. */
function PlanLine({ line, currency }: { line: PlanLineView; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney(currency);
  const nameOf = useName();
  const move = planMoveOf(line);
  const name = nameOf(line.receiverName);
  const values = {
    name,
    amount: money(line.planned),
    delta: money(Math.abs(line.planned - line.current)),
    current: money(line.current),
  };
  const words =
    line.binds && move !== "keep"
      ? t("plan.line.promise", { ...values, amount: values.delta })
      : t(`plan.line.${move}`, values);
  const reason = line.reason;
  const because =
    reason.kind === "emergency"
      ? t("plan.reason.emergency", {
          days:
            reason.daysLeft > 0
              ? t("network.daysLeft", { count: reason.daysLeft })
              : t("network.endsToday"),
        })
      : reason.kind === "uncovered"
        ? t("plan.reason.uncovered", { amount: money(reason.amount) })
        : reason.kind === "overCovered"
          ? t("plan.reason.overCovered", { amount: money(reason.amount) })
          : undefined;
  return (
    <Cell
      multiline
      testId="plan-line"
      before={
        <span className="home-icon">{line.binds && move !== "keep" ? "🆘" : moveIcon[move]}</span>
      }
      subtitle={because}
    >
      {words}
    </Cell>
  );
}
