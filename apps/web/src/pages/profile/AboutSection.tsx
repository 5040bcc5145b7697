import {
  aboutText,
  currencyFractionDigits,
  decimalSeparatorOf,
  keptText,
  type Language,
  languages,
  MAX_ABOUT,
  nameText,
  parseAmount,
  textError,
  textLength,
} from "@exodus/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { AmountField, toInput } from "../../components/AmountField.tsx";
import { Field } from "../../components/Field.tsx";
import { LinkedText } from "../../components/LinkedText.tsx";
import { setLanguage } from "../../i18n.ts";
import { haptic, useMainButton } from "../../telegram.ts";
import { errorKey, useTRPC } from "../../trpc.ts";
import { Section } from "../../ui/Section.tsx";
import { SegmentedControl } from "../../ui/SegmentedControl.tsx";

interface AboutProfile {
  name: string;
  about: string;
  language: string;
  budget: number | null;
}

type Errors = { name?: string; about?: string; budget?: string; form?: string };

/**
 * Name, about me and the monthly giving budget, saved together with Telegram's main button while
 * they differ from what is kept; the language, saved (and switched) the moment it is picked.
 */
export function AboutSection({ profile, currency }: { profile: AboutProfile; currency: string }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const digits = currencyFractionDigits(currency);
  const separator = decimalSeparatorOf(i18n.language);
  const budgetText = (budget: number | null) =>
    budget === null ? "" : toInput(budget, digits, separator);
  const [name, setName] = useState(profile.name);
  const [about, setAbout] = useState(profile.about);
  const [budget, setBudget] = useState(() => budgetText(profile.budget));
  const [errors, setErrors] = useState<Errors>({});
  // Where the last save's "saved" is said: by the field that was changed.
  const [saved, setSaved] = useState<"about" | "budget" | false>(false);

  const keep = (next: typeof profile) =>
    queryClient.setQueryData(
      trpc.member.me.queryKey(),
      (old) => old && { ...old, profile: { ...old.profile, ...next } },
    );

  const save = useMutation(
    trpc.member.updateProfile.mutationOptions({
      onSuccess: (next) => {
        keep(next);
        setName(next.name);
        setAbout(next.about);
        setBudget(budgetText(next.budget));
        setSaved(aboutDirty ? "about" : "budget");
        haptic("success");
      },
      onError: (error) => {
        const issue = error.data?.issues?.[0];
        const field =
          issue?.path === "name" || issue?.path === "about" || issue?.path === "budget"
            ? issue.path
            : "form";
        setErrors({ [field]: issue?.message ?? errorKey(error) });
        haptic("error");
      },
    }),
  );

  // An emptied field clears the budget.
  const parsedBudget = budget.trim() === "" ? null : parseAmount(budget, digits, i18n.language);
  const budgetDirty = parsedBudget?.ok
    ? parsedBudget.value !== profile.budget
    : parsedBudget === null
      ? profile.budget !== null
      : budget.trim() !== budgetText(profile.budget);
  const aboutDirty = name.trim() !== profile.name || about.trim() !== profile.about;
  const dirty = aboutDirty || budgetDirty;
  const used = textLength(about);

  function submit() {
    if (save.isPending) return;
    // The server's own rules and words, shown before anything is sent.
    const found: Errors = {
      name: textError(name, nameText),
      about: textError(about, aboutText),
      budget: parsedBudget?.ok === false ? parsedBudget.error : undefined,
    };
    setErrors(found);
    if (found.name || found.about || found.budget) {
      haptic("error");
      return;
    }
    save.mutate({
      name: keptText(name, nameText),
      about: keptText(about, aboutText),
      ...(budgetDirty ? { budget: parsedBudget?.ok ? parsedBudget.value : null } : {}),
    });
  }

  useMainButton({
    text: t("profile.save"),
    onClick: submit,
    loading: save.isPending,
    visible: dirty,
  });

  const edit = (set: (value: string) => void, field: keyof Errors) => (value: string) => {
    set(value);
    setSaved(false);
    if (errors[field] || errors.form) setErrors({});
  };

  return (
    <>
      <Section id="profile-about" header={t("profile.aboutTitle")} footer={t("profile.aboutHint")}>
        <div className="profile-form">
          <Field
            id="name"
            label={t("profile.name")}
            error={errors.name && t(errors.name)}
            autoComplete="name"
            value={name}
            onChange={(e) => edit(setName, "name")(e.target.value)}
          />
          <div className="field">
            <div className="field-head">
              <label htmlFor="about">{t("profile.about")}</label>
              <span
                className={used > MAX_ABOUT ? "counter over" : "counter"}
                data-testid="about-counter"
                aria-live="polite"
              >
                {used > MAX_ABOUT
                  ? t("profile.aboutOver", { count: used - MAX_ABOUT })
                  : t("profile.aboutCounter", { used, max: MAX_ABOUT })}
              </span>
            </div>
            <textarea
              id="about"
              name="about"
              rows={3}
              value={about}
              aria-invalid={!!errors.about || used > MAX_ABOUT}
              aria-describedby={errors.about ? "about-error" : undefined}
              onChange={(e) => edit(setAbout, "about")(e.target.value)}
            />
            {errors.about && (
              <span id="about-error" className="error" role="alert">
                {t(errors.about)}
              </span>
            )}
          </div>
          {/* How the network will see it, links and all; only once there is something to see. */}
          {about.trim() && (
            <div className="about-preview" data-testid="about-preview">
              <span className="hint block">{t("profile.preview")}</span>
              <p>
                <LinkedText text={about.trim()} />
              </p>
            </div>
          )}
          {errors.form && (
            <p className="error" role="alert">
              {t(errors.form)}
            </p>
          )}
          {saved === "about" && !dirty && (
            <p className="saved" role="status">
              ✓ {t("profile.saved")}
            </p>
          )}
        </div>
      </Section>
      <Section
        id="profile-budget"
        header={t("profile.budgetTitle")}
        footer={t("profile.budgetHint")}
      >
        <div className="profile-form">
          <AmountField
            id="budget"
            label={t("profile.budget")}
            currency={currency}
            error={errors.budget}
            value={budget}
            onChange={edit(setBudget, "budget")}
          />
          {saved === "budget" && !dirty && (
            <p className="saved" role="status">
              ✓ {t("profile.saved")}
            </p>
          )}
        </div>
      </Section>
      <LanguagePicker current={profile.language} onSaved={keep} />
    </>
  );
}

/** The member's language: switches the app at once and is kept for the bot's messages too. */
function LanguagePicker({
  current,
  onSaved,
}: {
  current: string;
  onSaved: (profile: AboutProfile) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [error, setError] = useState<string>();
  const change = useMutation(
    trpc.member.updateProfile.mutationOptions({
      onSuccess: (next) => {
        onSaved(next);
        haptic("success");
      },
      onError: (err) => {
        // The app went ahead in the new language; it returns to the one still kept.
        setLanguage(current);
        setError(errorKey(err));
        haptic("error");
      },
    }),
  );
  const pick = (language: Language) => {
    if (language === current || change.isPending) return;
    setError(undefined);
    setLanguage(language);
    change.mutate({ language });
  };
  const shown = change.isPending ? change.variables?.language : current;
  return (
    <Section
      id="profile-language"
      header={t("profile.language")}
      footer={t("profile.languageHint")}
    >
      <div className="profile-segmented">
        <SegmentedControl
          name="language"
          label={t("profile.language")}
          value={shown as Language | undefined}
          onChange={(language: Language) => pick(language)}
          options={languages.map((language) => ({
            key: language,
            label: t(`profile.languageNames.${language}`),
            lang: language,
          }))}
        />
      </div>
      {error && (
        <p className="error profile-cell-error" role="alert">
          {t(error)}
        </p>
      )}
    </Section>
  );
}
