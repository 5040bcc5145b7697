import { type NotificationCategory, notificationCategories } from "@exodus/shared";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { haptic, requestWriteAccess } from "../../telegram.ts";
import { errorKey, useTRPC } from "../../trpc.ts";
import { Cell } from "../../ui/Cell.tsx";
import { Section } from "../../ui/Section.tsx";
import { SwitchCell } from "../../ui/SwitchCell.tsx";

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
    <Section
      id="notifications"
      header={t("profile.notifications.title")}
      footer={t("profile.notifications.why")}
    >
      <Cell
        onClick={() => void askAccess()}
        before={<span aria-hidden="true">🔔</span>}
        subtitle={
          <span role="status" data-testid="write-access" className="profile-wrap">
            {access && access !== "asking"
              ? t(`profile.notifications.${access}`)
              : t("profile.notifications.allowHint")}
          </span>
        }
      >
        <span className="profile-link">
          {access === "asking"
            ? t("profile.notifications.asking")
            : t("profile.notifications.allow")}
        </span>
      </Cell>
      <fieldset className="profile-fieldset" aria-busy={save.isPending}>
        <legend className="visually-hidden">{t("profile.notifications.categoriesLabel")}</legend>
        {notificationCategories.map((category) => (
          <SwitchCell
            key={category}
            testId={`notify-${category}`}
            checked={!shown.includes(category)}
            disabled={save.isPending}
            onChange={(on) => toggle(category, on)}
          >
            {t(`profile.notifications.categories.${category}.title`)}
          </SwitchCell>
        ))}
      </fieldset>
      {error && (
        <p className="error profile-cell-error" role="alert">
          {t(error)}
        </p>
      )}
    </Section>
  );
}
