import {
  DEFAULT_ANSWER_DAYS,
  DEFAULT_BACKERS_NEEDED,
  MAX_ANSWER_DAYS,
  MAX_BACKERS_NEEDED,
  MIN_ANSWER_DAYS,
  MIN_BACKERS_NEEDED,
} from "@exodus/shared";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { AmountField } from "../../components/AmountField.tsx";
import { Field } from "../../components/Field.tsx";
import { useCurrency } from "../../network/useCurrency.ts";
import { useNavigate } from "../../router.ts";
import { haptic, useMainButton } from "../../telegram.ts";
import { useTRPC } from "../../trpc.ts";
import { ButtonCell, Section } from "../../ui/index.ts";
import {
  type FormErrors,
  formErrors,
  TextAreaField,
  useAmountReader,
  useRefreshPools,
} from "./bits.tsx";

/** A whole number as typed; anything else goes to the server as it is, to be refused by name. */
const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/**
 * Founding a pool: its name and rules, how many backers a claim needs (1–10, 2 unless changed),
 * the days members have to answer (1–14, 3), the largest claim and my own monthly cap. Opened by
 * a tap; sent with Telegram's main button; the new pool opens.
 */
export function FoundPool({ open, onOpen }: { open: boolean; onOpen: () => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const refresh = useRefreshPools();
  const currency = useCurrency();
  const readAmount = useAmountReader(currency);
  const [form, setForm] = useState({
    name: "",
    rules: "",
    backersNeeded: String(DEFAULT_BACKERS_NEEDED),
    answerDays: String(DEFAULT_ANSWER_DAYS),
    largestClaim: "",
    cap: "",
  });
  const [errors, setErrors] = useState<FormErrors>({});
  const create = useMutation(
    trpc.pool.create.mutationOptions({
      onSuccess: (pool) => {
        haptic("success");
        refresh();
        navigate(`/pool/${pool.id}`);
      },
      onError: (error) => {
        haptic("error");
        setErrors(formErrors(error));
      },
    }),
  );

  const edit = (key: keyof typeof form) => (value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (create.isPending) return;
    const largest = readAmount(form.largestClaim);
    const cap = readAmount(form.cap);
    if (!largest.ok || !cap.ok) {
      haptic("error");
      setErrors({
        largestClaim: largest.ok ? undefined : largest.error,
        cap: cap.ok ? undefined : cap.error,
      });
      return;
    }
    create.mutate({
      name: form.name,
      rules: form.rules,
      backersNeeded: whole(form.backersNeeded),
      answerDays: whole(form.answerDays),
      largestClaim: largest.value,
      cap: cap.value,
    });
  }

  useMainButton({
    text: t("pools.found.submit"),
    onClick: () => submit(),
    loading: create.isPending,
    visible: open,
  });

  if (!open) {
    return (
      <Section footer={t("pools.found.hint")} testId="pool-found-section">
        <ButtonCell
          before={<span className="pool-icon">🛟</span>}
          onClick={onOpen}
          testId="pool-found"
        >
          {t("pools.found.open")}
        </ButtonCell>
      </Section>
    );
  }
  const error = (key: string) => errors[key] && t(errors[key] as string);
  return (
    <Section id="pool-found" header={t("pools.found.title")} testId="pool-found-form">
      <form className="pool-form" onSubmit={submit} noValidate>
        <Field
          id="pool-name"
          label={t("pools.found.name")}
          error={error("name")}
          autoComplete="off"
          value={form.name}
          onChange={(e) => edit("name")(e.target.value)}
        />
        <TextAreaField
          id="pool-rules"
          label={t("pools.found.rules")}
          error={error("rules")}
          value={form.rules}
          onChange={(e) => edit("rules")(e.target.value)}
        />
        <Field
          id="pool-backers"
          label={t("pools.found.backers", { min: MIN_BACKERS_NEEDED, max: MAX_BACKERS_NEEDED })}
          error={error("backersNeeded")}
          inputMode="numeric"
          value={form.backersNeeded}
          onChange={(e) => edit("backersNeeded")(e.target.value)}
        />
        <Field
          id="pool-days"
          label={t("pools.found.answerDays", { min: MIN_ANSWER_DAYS, max: MAX_ANSWER_DAYS })}
          error={error("answerDays")}
          inputMode="numeric"
          value={form.answerDays}
          onChange={(e) => edit("answerDays")(e.target.value)}
        />
        <AmountField
          id="pool-largest"
          label={t("pools.found.largestClaim")}
          currency={currency}
          error={errors.largestClaim}
          value={form.largestClaim}
          onChange={edit("largestClaim")}
        />
        <AmountField
          id="pool-cap"
          label={t("pools.found.cap")}
          currency={currency}
          error={errors.cap}
          value={form.cap}
          onChange={edit("cap")}
        />
        <p className="hint pool-form-hint">{t("pools.capHint")}</p>
        {errors.form && (
          <p className="error" role="alert" data-testid="pool-found-error">
            {t(errors.form)}
          </p>
        )}
      </form>
    </Section>
  );
}
