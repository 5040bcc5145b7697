import { currencyFractionDigits, isLive, parseAmount } from "@exodus/shared";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AmountField } from "../../components/AmountField.tsx";
import { useMoney } from "../../components/Money.tsx";
import { PledgeStateLabel } from "../../components/PledgeBits.tsx";
import { askWriteAccessOnce, confirmAction, haptic, useMainButton } from "../../telegram.ts";
import { errorKey, useTRPC } from "../../trpc.ts";
import { Cell, Section } from "../../ui/index.ts";
import { SegmentedControl } from "../../ui/SegmentedControl.tsx";
import { useInitiativeSettled } from "./InitiativeBits.tsx";
import { type InitiativeView, underWay } from "./types.ts";

type Kind = "intention" | "obligation";

/**
 * My pledge to an initiative: the one I made, with its state and a way to its page (where it is
 * committed, given, withdrawn); else, while it takes pledges, a form: an amount, as an intention ❤️
 * or an obligation 🤝 (asked in Telegram's popup first, since it binds), on the main button.
 */
/** Whether I may pledge to it now: under way, not mine, and no live pledge of mine to it. */
export function takesMyPledge(view: InitiativeView): boolean {
  const mine = view.myPledge;
  return underWay(view) && !view.mine && (!mine || !isLive(mine.state));
}

export function MyPledge({ view, currency }: { view: InitiativeView; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney(currency);
  const mine = view.myPledge;
  const takes = takesMyPledge(view);
  let body: ReactNode;
  if (view.mine) {
    body = <p className="ui-section-content hint">{t("initiatives.pledge.own")}</p>;
  } else if (mine && (isLive(mine.state) || !underWay(view))) {
    body = (
      <div data-testid="initiative-my-pledge">
        <Cell
          multiline
          before={<span aria-hidden="true">🙌</span>}
          subtitle={<PledgeStateLabel state={mine.state} />}
        >
          {t("initiatives.pledge.yours", { amount: money(mine.amount) })}
        </Cell>
        <Cell to={`/pledge/${mine.id}`}>{t("initiatives.pledge.open")}</Cell>
      </div>
    );
  } else if (!takes) {
    body = <p className="ui-section-content hint">{t("initiatives.pledge.none")}</p>;
  }
  return (
    <Section
      id="initiative-pledge"
      header={t("initiatives.pledge.title")}
      testId="initiative-pledge"
    >
      {takes ? <PledgeForm view={view} currency={currency} /> : body}
    </Section>
  );
}

function PledgeForm({ view, currency }: { view: InitiativeView; currency: string }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const money = useMoney(currency);
  const settled = useInitiativeSettled();
  const digits = currencyFractionDigits(currency);
  const [kind, setKind] = useState<Kind>("intention");
  const [amount, setAmount] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; form?: string }>({});
  const busy = useRef(false);
  const create = useMutation(trpc.pledge.create.mutationOptions());
  const act = useMutation(trpc.pledge.act.mutationOptions());
  const pending = create.isPending || act.isPending;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy.current || pending) return;
    const parsed = parseAmount(amount, digits, i18n.language);
    if (!parsed.ok) {
      setErrors({ amount: parsed.error });
      haptic("error");
      return;
    }
    setErrors({});
    busy.current = true;
    try {
      if (kind === "obligation") {
        const sure = await confirmAction({
          title: t("initiatives.pledge.confirmTitle"),
          message: t("initiatives.pledge.confirmMessage", { amount: money(parsed.value) }),
          ok: t("initiatives.pledge.confirmOk"),
          cancel: t("initiatives.pledge.cancel"),
        });
        if (!sure) return;
      }
      // Every pledge starts as an intention; an obligation is that intention committed at once.
      const made = await create.mutateAsync({ collectionId: view.id, amount: parsed.value });
      if (kind === "obligation" && made.state === "intention") {
        await act.mutateAsync({ pledgeId: made.id, action: "commit" });
      }
      haptic("success");
      askWriteAccessOnce();
    } catch (error) {
      haptic("error");
      const issue = (error as { data?: { issues?: { path?: string; message: string }[] } }).data
        ?.issues?.[0];
      setErrors(issue?.path === "amount" ? { amount: issue.message } : { form: errorKey(error) });
    } finally {
      busy.current = false;
      await settled();
    }
  }

  useMainButton({
    text: t("initiatives.pledge.submit"),
    onClick: () => void submit(),
    loading: pending,
  });

  return (
    <form className="ui-section-content" onSubmit={(e) => void submit(e)} noValidate>
      <SegmentedControl
        name="initiative-pledge-kind"
        label={t("initiatives.pledge.kindLabel")}
        options={[
          { key: "intention", label: t("initiatives.pledge.intention") },
          { key: "obligation", label: t("initiatives.pledge.obligation") },
        ]}
        value={kind}
        onChange={setKind}
      />
      <AmountField
        id="initiative-pledge-amount"
        label={t("initiatives.pledge.amount")}
        currency={currency}
        error={errors.amount}
        value={amount}
        onChange={(value) => {
          setAmount(value);
          setErrors({});
        }}
      />
      <p className="hint small" data-testid="initiative-pledge-hint">
        {t(
          kind === "obligation"
            ? "initiatives.pledge.obligationHint"
            : "initiatives.pledge.intentionHint",
        )}
      </p>
      {errors.form && (
        <p className="error" role="alert" data-testid="initiative-pledge-error">
          {t(errors.form)}
        </p>
      )}
    </form>
  );
}
