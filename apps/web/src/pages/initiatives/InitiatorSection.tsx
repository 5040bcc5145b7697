import { currencyFractionDigits, parseAmount } from "@exodus/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AmountField } from "../../components/AmountField.tsx";
import { useMoney } from "../../components/Money.tsx";
import { confirmAction, haptic } from "../../telegram.ts";
import { errorKey, useTRPC } from "../../trpc.ts";
import { Button, ButtonCell, Section } from "../../ui/index.ts";
import { useInitiativeSettled } from "./InitiativeBits.tsx";
import type { InitiativeView } from "./types.ts";

/**
 * What the initiator may do while it is open: lower the goal (it may go ahead at once), or cancel
 * it, asked first in Telegram's popup (its pledges end; it cannot be taken back).
 */
export function InitiatorSection({ view, currency }: { view: InitiativeView; currency: string }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const money = useMoney(currency);
  const settled = useInitiativeSettled();
  const digits = currencyFractionDigits(currency);
  const [goal, setGoal] = useState("");
  const [goalError, setGoalError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const asking = useRef(false);

  const succeeded = (next: InitiativeView, text: string) => {
    haptic("success");
    queryClient.setQueryData(trpc.initiative.get.queryKey({ collectionId: view.id }), next);
    setError(undefined);
    setNotice(text);
    void settled();
  };
  const failed = (e: unknown) => {
    haptic("error");
    setNotice(undefined);
    setError(errorKey(e));
    void settled();
  };
  const lower = useMutation(
    trpc.initiative.lowerGoal.mutationOptions({
      onSuccess: (next) => {
        setGoal("");
        succeeded(next, t("initiatives.initiator.lowered", { amount: money(next.goal) }));
      },
      onError: (e) => {
        const issue = e.data?.issues?.[0];
        if (issue?.path === "goal") {
          haptic("error");
          setGoalError(issue.message);
        } else failed(e);
      },
    }),
  );
  const cancel = useMutation(
    trpc.initiative.cancel.mutationOptions({
      onSuccess: (next) => succeeded(next, t("initiatives.initiator.cancelled")),
      onError: failed,
    }),
  );
  const busy = lower.isPending || cancel.isPending;

  function submitGoal(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const parsed = parseAmount(goal, digits, i18n.language);
    if (!parsed.ok) {
      haptic("error");
      setGoalError(parsed.error);
      return;
    }
    lower.mutate({ collectionId: view.id, goal: parsed.value });
  }

  async function askCancel() {
    if (busy || asking.current) return;
    asking.current = true;
    const sure = await confirmAction({
      title: t("initiatives.initiator.cancelTitle"),
      message: t("initiatives.initiator.cancelMessage"),
      ok: t("initiatives.initiator.cancelOk"),
      cancel: t("initiatives.initiator.keep"),
      destructive: true,
    }).finally(() => {
      asking.current = false;
    });
    if (sure) cancel.mutate({ collectionId: view.id });
  }

  // Over: nothing left to do here, unless to say what the last tap did.
  if (view.status !== "open" && !notice && !error) return null;
  return (
    <Section
      id="initiative-initiator"
      header={t("initiatives.initiator.title")}
      testId="initiative-initiator"
    >
      {view.status === "open" && (
        <form className="ui-section-content" onSubmit={submitGoal} noValidate>
          <AmountField
            id="initiative-new-goal"
            label={t("initiatives.initiator.newGoal")}
            currency={currency}
            error={goalError}
            value={goal}
            onChange={(value) => {
              setGoal(value);
              setGoalError(undefined);
            }}
          />
          <Button type="submit" stretched disabled={busy} data-testid="initiative-lower-goal">
            {t("initiatives.initiator.lowerGoal")}
          </Button>
        </form>
      )}
      {notice && (
        <p
          role="status"
          className="ui-section-content initiative-notice"
          data-testid="initiator-notice"
        >
          {notice}
        </p>
      )}
      {error && (
        <p role="alert" className="ui-section-content error" data-testid="initiator-error">
          {t(error)}
        </p>
      )}
      {view.status === "open" && (
        <ButtonCell
          destructive
          disabled={busy}
          onClick={() => void askCancel()}
          testId="initiative-cancel"
        >
          {t("initiatives.initiator.cancel")}
        </ButtonCell>
      )}
    </Section>
  );
}
