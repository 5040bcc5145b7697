import {
  currencyFractionDigits,
  initiativeStoryText,
  initiativeTitleText,
  isInitiativeDays,
  MAX_INITIATIVE_STORY,
  parseAmount,
  textError,
} from "@exodus/shared";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { AmountField } from "../components/AmountField.tsx";
import { Field } from "../components/Field.tsx";
import { CountedText } from "../components/NeedStory.tsx";
import { useCurrency } from "../network/useCurrency.ts";
import { useNavigate } from "../router.ts";
import { askWriteAccessOnce, haptic, useMainButton } from "../telegram.ts";
import { errorKey, useTRPC } from "../trpc.ts";
import { useInitiativeSettled } from "./initiatives/InitiativeBits.tsx";
import "./initiatives/initiatives.css";
import "./profile/profile.css";

type Errors = { title?: string; story?: string; goal?: string; days?: string; form?: string };
const FIELDS = ["title", "story", "goal", "days"] as const;

/**
 * Propose an initiative 🎯 to my network: a title, what the money is for, the goal and the days to
 * its deadline (1–90). Checked here as on the server; a refusal stands under its field, translated.
 * Proposed, its page opens in the form's place.
 */
export default function InitiativeProposePage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const settled = useInitiativeSettled();
  const currency = useCurrency();
  const digits = currencyFractionDigits(currency);
  const [title, setTitle] = useState("");
  const [story, setStory] = useState("");
  const [goal, setGoal] = useState("");
  const [days, setDays] = useState("30");
  const [errors, setErrors] = useState<Errors>({});

  const propose = useMutation(
    trpc.initiative.propose.mutationOptions({
      onSuccess: (made) => {
        haptic("success");
        // Its givers' answers come as messages from the bot.
        askWriteAccessOnce();
        void settled();
        navigate(`/initiatives/${made.id}`, { replace: true });
      },
      onError: (error) => {
        haptic("error");
        const issue = error.data?.issues?.[0];
        const field = FIELDS.find((f) => f === issue?.path) ?? "form";
        setErrors({ [field]: issue?.message ?? errorKey(error) });
      },
    }),
  );

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (propose.isPending) return;
    const amount = parseAmount(goal, digits, i18n.language);
    const dayCount = Number(days);
    const found: Errors = {
      title: textError(title, initiativeTitleText),
      story: textError(story, initiativeStoryText),
      goal: amount.ok ? undefined : amount.error,
      days: isInitiativeDays(dayCount) ? undefined : "errors.initiative.days",
    };
    setErrors(found);
    if (!amount.ok || found.title || found.story || found.days) {
      haptic("error");
      return;
    }
    propose.mutate({
      title: title.trim(),
      story: story.trim(),
      goal: amount.value,
      days: dayCount,
    });
  }

  useMainButton({
    text: t("initiatives.form.submit"),
    onClick: () => submit(),
    loading: propose.isPending,
  });

  const change = (set: (value: string) => void) => (value: string) => {
    set(value);
    setErrors({});
  };

  return (
    <main className="page initiatives has-main-button">
      <h1>{t("initiatives.form.title")}</h1>
      <form className="card" onSubmit={submit} noValidate data-testid="initiative-form">
        <Field
          id="initiative-title"
          label={t("initiatives.form.titleLabel")}
          error={errors.title && t(errors.title)}
          autoComplete="off"
          value={title}
          onChange={(e) => change(setTitle)(e.target.value)}
        />
        <CountedText
          id="initiative-story"
          label={t("initiatives.form.story")}
          value={story}
          max={MAX_INITIATIVE_STORY}
          rows={4}
          error={errors.story}
          onChange={change(setStory)}
        />
        <AmountField
          id="initiative-goal"
          label={t("initiatives.form.goal")}
          currency={currency}
          error={errors.goal}
          value={goal}
          onChange={change(setGoal)}
        />
        <Field
          id="initiative-days"
          label={t("initiatives.form.days")}
          error={errors.days && t(errors.days)}
          inputMode="numeric"
          value={days}
          onChange={(e) => change(setDays)(e.target.value)}
        />
        <p className="hint">{t("initiatives.form.explain")}</p>
        {errors.form && (
          <p className="error" role="alert" data-testid="initiative-form-error">
            {t(errors.form)}
          </p>
        )}
      </form>
    </main>
  );
}
