import {
  keptText,
  MAX_PAYMENT_DETAILS,
  paymentLabelText,
  paymentValueText,
  textError,
} from "@exodus/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../components/Field.tsx";
import { confirmAction, haptic } from "../../telegram.ts";
import { errorKey, useTRPC } from "../../trpc.ts";
import { Button } from "../../ui/Button.tsx";
import { Cell } from "../../ui/Cell.tsx";
import { Section } from "../../ui/Section.tsx";

interface PaymentDetail {
  label: string;
  value: string;
  isDefault: boolean;
}

/** The form open on one method (its place in the list) or on a new one. */
type Draft = PaymentDetail & { index: number | "new" };
type Errors = { label?: string; value?: string; form?: string };

/**
 * Payment details: several label + value pairs, one of them the default (the one an ask to fulfil
 * carries); none means "ask in person". Every change sends the whole list, as the API takes it.
 */
export function PaymentSection({ details }: { details: PaymentDetail[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>();
  const [errors, setErrors] = useState<Errors>({});

  const save = useMutation(
    trpc.member.setPaymentDetails.mutationOptions({
      onSuccess: (paymentDetails) => {
        queryClient.setQueryData(
          trpc.member.me.queryKey(),
          (old) => old && { ...old, paymentDetails },
        );
        setDraft(undefined);
        setErrors({});
        haptic("success");
      },
      onError: (error) => {
        const issue = error.data?.issues?.[0];
        const field = issue?.path.endsWith(".label")
          ? "label"
          : issue?.path.endsWith(".value")
            ? "value"
            : "form";
        setErrors({ [draft ? field : "form"]: issue?.message ?? errorKey(error) });
        haptic("error");
      },
    }),
  );

  const send = (next: PaymentDetail[]) => {
    if (!save.isPending) save.mutate({ details: next });
  };

  async function remove(index: number) {
    const gone = details[index];
    if (!gone || save.isPending) return;
    const sure = await confirmAction({
      title: t("profile.payment.deleteTitle"),
      message: t("profile.payment.deleteMessage", { label: gone.label }),
      ok: t("profile.payment.deleteOk"),
      cancel: t("profile.payment.keep"),
      destructive: true,
    });
    if (!sure) return;
    const rest = details.filter((_, i) => i !== index);
    // The default went: the first one left takes its place, so there is always exactly one.
    if (gone.isDefault && rest[0]) rest[0] = { ...rest[0], isDefault: true };
    send(rest);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft || save.isPending) return;
    const label = keptText(draft.label, paymentLabelText);
    const value = keptText(draft.value, paymentValueText);
    // The server's own rules and words, shown before anything is sent.
    const found: Errors = {
      label: textError(draft.label, paymentLabelText),
      value: textError(draft.value, paymentValueText),
    };
    setErrors(found);
    if (found.label || found.value) {
      haptic("error");
      return;
    }
    const edited = { label, value, isDefault: draft.isDefault || details.length === 0 };
    const list =
      draft.index === "new"
        ? [...details, edited]
        : details.map((d, i) => (i === draft.index ? edited : d));
    send(edited.isDefault ? list.map((d) => ({ ...d, isDefault: d === edited })) : list);
  }

  const open = (next: Draft | undefined) => {
    setDraft(next);
    setErrors({});
  };

  return (
    <Section
      id="profile-payment"
      header={t("profile.payment.title")}
      footer={t("profile.payment.hint")}
    >
      {details.length === 0 ? (
        <Cell
          multiline
          testId="payment-none"
          before={<span aria-hidden="true">🤝</span>}
          subtitle={t("profile.payment.none")}
        >
          {t("profile.payment.noneTitle")}
        </Cell>
      ) : (
        <ul className="payment-list" aria-label={t("profile.payment.title")}>
          {details.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a method has no id but its place in the list.
            <li key={i} className="payment-item" data-testid="payment-item">
              <Cell
                subtitle={<span className="payment-value">{d.value}</span>}
                after={
                  <Button
                    mode="plain"
                    size="s"
                    disabled={save.isPending}
                    aria-label={t("profile.payment.editOf", { label: d.label })}
                    onClick={() => open({ ...d, index: i })}
                  >
                    {t("profile.payment.edit")}
                  </Button>
                }
              >
                {d.label}
                {d.isDefault && (
                  <span className="badge" data-testid="payment-default">
                    ★ {t("profile.payment.default")}
                  </span>
                )}
              </Cell>
            </li>
          ))}
        </ul>
      )}

      {draft ? (
        <form className="payment-form profile-form" onSubmit={submit} noValidate>
          <strong className="block">
            {t(draft.index === "new" ? "profile.payment.formAdd" : "profile.payment.formEdit")}
          </strong>
          <Field
            id="payment-label"
            label={t("profile.payment.label")}
            error={errors.label && t(errors.label)}
            autoComplete="off"
            value={draft.label}
            onChange={(e) => setDraft({ ...draft, label: e.target.value })}
          />
          <Field
            id="payment-value"
            label={t("profile.payment.value")}
            error={errors.value && t(errors.value)}
            autoComplete="off"
            value={draft.value}
            onChange={(e) => setDraft({ ...draft, value: e.target.value })}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={draft.isDefault || details.length === 0}
              // The default stays until another one is chosen: there is always exactly one.
              disabled={
                details.length === 0 ||
                (draft.index !== "new" && details[draft.index]?.isDefault === true)
              }
              onChange={(e) => setDraft({ ...draft, isDefault: e.target.checked })}
            />
            {t("profile.payment.isDefault")}
          </label>
          {errors.form && (
            <p className="error" role="alert">
              {t(errors.form)}
            </p>
          )}
          <div className="form-buttons">
            <Button mode="bezeled" onClick={() => open(undefined)}>
              {t("profile.payment.cancel")}
            </Button>
            <Button type="submit" mode="filled" disabled={save.isPending}>
              {save.isPending ? t("app.loading") : t("profile.payment.save")}
            </Button>
          </div>
          {draft.index !== "new" && (
            <Button
              mode="plain"
              destructive
              stretched
              disabled={save.isPending}
              aria-label={t("profile.payment.deleteOf", { label: draft.label })}
              onClick={() => typeof draft.index === "number" && void remove(draft.index)}
            >
              {t("profile.payment.delete")}
            </Button>
          )}
        </form>
      ) : (
        <>
          {errors.form && (
            <p className="error profile-cell-error" role="alert">
              {t(errors.form)}
            </p>
          )}
          {details.length < MAX_PAYMENT_DETAILS ? (
            <Cell onClick={() => open({ label: "", value: "", isDefault: false, index: "new" })}>
              <span className="profile-link">+ {t("profile.payment.add")}</span>
            </Cell>
          ) : (
            <Cell multiline>
              <span className="hint">{t("profile.payment.full")}</span>
            </Cell>
          )}
        </>
      )}
    </Section>
  );
}
