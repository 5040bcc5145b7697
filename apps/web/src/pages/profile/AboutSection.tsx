import {
  aboutText,
  keptText,
  type Language,
  languages,
  MAX_ABOUT,
  nameText,
  textError,
  textLength,
} from "@exodus/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../components/Field.tsx";
import { LinkedText } from "../../components/LinkedText.tsx";
import { setLanguage } from "../../i18n.ts";
import { haptic, useMainButton } from "../../telegram.ts";
import { errorKey, useTRPC } from "../../trpc.ts";

interface AboutProfile {
  name: string;
  about: string;
  language: string;
}

type Errors = { name?: string; about?: string; form?: string };

/**
 * Name and about me, saved together with Telegram's main button while they differ from what is
 * kept; the language, saved (and switched) the moment it is picked.
 */
export function AboutSection({ profile }: { profile: AboutProfile }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(profile.name);
  const [about, setAbout] = useState(profile.about);
  const [errors, setErrors] = useState<Errors>({});
  const [saved, setSaved] = useState(false);

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
        setSaved(true);
        haptic("success");
      },
      onError: (error) => {
        const issue = error.data?.issues?.[0];
        const field = issue?.path === "name" ? "name" : issue?.path === "about" ? "about" : "form";
        setErrors({ [field]: issue?.message ?? errorKey(error) });
        haptic("error");
      },
    }),
  );

  const dirty = name.trim() !== profile.name || about.trim() !== profile.about;
  const used = textLength(about);

  function submit() {
    if (save.isPending) return;
    // The server's own rules and words, shown before anything is sent.
    const found: Errors = { name: textError(name, nameText), about: textError(about, aboutText) };
    setErrors(found);
    if (found.name || found.about) {
      haptic("error");
      return;
    }
    save.mutate({ name: keptText(name, nameText), about: keptText(about, aboutText) });
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
    <section aria-labelledby="about-title">
      <h2 id="about-title" className="section-title">
        {t("profile.aboutTitle")}
      </h2>
      <div className="card">
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
            rows={4}
            value={about}
            aria-invalid={!!errors.about || used > MAX_ABOUT}
            aria-describedby={errors.about ? "about-hint about-error" : "about-hint"}
            onChange={(e) => edit(setAbout, "about")(e.target.value)}
          />
          <span id="about-hint" className="hint block">
            {t("profile.aboutHint")}
          </span>
          {errors.about && (
            <span id="about-error" className="error" role="alert">
              {t(errors.about)}
            </span>
          )}
        </div>
        <div className="about-preview" data-testid="about-preview">
          <span className="hint block">{t("profile.preview")}</span>
          {about.trim() ? (
            <p>
              <LinkedText text={about.trim()} />
            </p>
          ) : (
            <p className="hint">{t("profile.previewEmpty")}</p>
          )}
        </div>
        {errors.form && (
          <p className="error" role="alert">
            {t(errors.form)}
          </p>
        )}
        {saved && !dirty && (
          <p className="saved" role="status">
            ✓ {t("profile.saved")}
          </p>
        )}
      </div>
      <LanguagePicker current={profile.language} onSaved={keep} />
    </section>
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
    <div className="card">
      <fieldset className="language-picker">
        <legend>{t("profile.language")}</legend>
        <div className="segmented">
          {languages.map((language) => (
            <label key={language} className={shown === language ? "segment checked" : "segment"}>
              <input
                type="radio"
                name="language"
                value={language}
                lang={language}
                checked={shown === language}
                onChange={() => pick(language)}
              />
              <span lang={language}>
                {shown === language && <span aria-hidden="true">✓ </span>}
                {t(`profile.languageNames.${language}`)}
              </span>
            </label>
          ))}
        </div>
        <span className="hint block">{t("profile.languageHint")}</span>
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {t(error)}
        </p>
      )}
    </div>
  );
}
