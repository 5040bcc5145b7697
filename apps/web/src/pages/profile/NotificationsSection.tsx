import { type NotificationCategory, notificationCategories } from "@exodus/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { haptic, requestWriteAccess } from "../../telegram.ts";
import { errorKey, useTRPC } from "../../trpc.ts";

type Access = "asking" | "allowed" | "cancelled" | "unavailable";

/**
 * Why the bot's messages matter, Telegram's permission for the bot to write, and one switch per
 * kind of message. A switch saves at once; the whole set of muted kinds goes with each change.
 */
export function NotificationsSection({ muted }: { muted: NotificationCategory[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const [access, setAccess] = useState<Access>();

  const save = useMutation(
    trpc.member.setNotifications.mutationOptions({
      onSuccess: ({ notificationsMuted }) => {
        queryClient.setQueryData(
          trpc.member.me.queryKey(),
          (old) => old && { ...old, notificationsMuted },
        );
        haptic("success");
      },
      onError: (err) => {
        setError(err.data?.issues?.[0]?.message ?? errorKey(err));
        haptic("error");
      },
    }),
  );
  // The switch moves the moment it is tapped (set in the tap's own render, so it never flips back
  // for a frame); on failure it falls back to what is kept.
  const [pending, setPending] = useState<NotificationCategory[] | null>(null);
  const shown = pending ?? muted;

  const toggle = (category: NotificationCategory, on: boolean) => {
    if (save.isPending) return;
    setError(undefined);
    const next = on ? shown.filter((c) => c !== category) : [...shown, category];
    setPending(next);
    save.mutate({ muted: next }, { onSettled: () => setPending(null) });
  };

  async function askAccess() {
    if (access === "asking") return;
    setAccess("asking");
    const answer = await requestWriteAccess();
    setAccess(answer);
    haptic(answer === "allowed" ? "success" : "warning");
  }

  return (
    <section aria-labelledby="notifications-title">
      <h2 id="notifications-title" className="section-title">
        {t("profile.notifications.title")}
      </h2>
      <div className="card">
        <strong className="block">
          <span aria-hidden="true">🔔 </span>
          {t("profile.notifications.whyTitle")}
        </strong>
        <p className="hint section-hint">{t("profile.notifications.why")}</p>
        <button
          type="button"
          className="button secondary"
          disabled={access === "asking"}
          onClick={() => void askAccess()}
        >
          {access === "asking"
            ? t("profile.notifications.asking")
            : t("profile.notifications.allow")}
        </button>
        <p className="hint block" role="status" data-testid="write-access">
          {access && access !== "asking"
            ? t(`profile.notifications.${access}`)
            : t("profile.notifications.allowHint")}
        </p>
      </div>
      <fieldset className="card switches" aria-busy={save.isPending}>
        <legend className="switches-legend">{t("profile.notifications.categoriesLabel")}</legend>
        {notificationCategories.map((category) => {
          const on = !shown.includes(category);
          return (
            <label key={category} className="switch-row">
              <span className="switch-text">
                <strong>{t(`profile.notifications.categories.${category}.title`)}</strong>
                <span className="hint block">
                  {t(`profile.notifications.categories.${category}.text`)}
                </span>
              </span>
              <span className="switch-state" aria-hidden="true">
                {on ? t("profile.notifications.on") : t("profile.notifications.muted")}
              </span>
              <input
                type="checkbox"
                role="switch"
                aria-checked={on}
                className="switch"
                checked={on}
                disabled={save.isPending}
                onChange={(e) => toggle(category, e.target.checked)}
              />
            </label>
          );
        })}
        {error && (
          <p className="error" role="alert">
            {t(error)}
          </p>
        )}
      </fieldset>
    </section>
  );
}
