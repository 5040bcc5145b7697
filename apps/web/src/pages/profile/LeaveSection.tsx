import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { confirmAction, haptic } from "../../telegram.ts";
import { errorKey, useTRPC } from "../../trpc.ts";
import { Cell } from "../../ui/Cell.tsx";
import { Section } from "../../ui/Section.tsx";

/** Leaving Exodus: what is lost, said before the button and again in Telegram's popup. */
export function LeaveSection({ name, onLeft }: { name: string; onLeft: (name: string) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [error, setError] = useState<string>();
  // Telegram's popup is open: a second tap must not open another.
  const asking = useRef(false);
  const leave = useMutation(
    trpc.member.leave.mutationOptions({
      onSuccess: () => {
        haptic("success");
        onLeft(name);
      },
      onError: (err) => {
        setError(errorKey(err));
        haptic("error");
      },
    }),
  );

  async function start() {
    if (asking.current || leave.isPending) return;
    asking.current = true;
    setError(undefined);
    haptic("warning");
    const sure = await confirmAction({
      title: t("profile.leave.confirmTitle"),
      message: t("profile.leave.confirm"),
      ok: t("profile.leave.confirmOk"),
      cancel: t("profile.leave.stay"),
      destructive: true,
    }).finally(() => {
      asking.current = false;
    });
    if (sure) leave.mutate({ confirm: true });
  }

  return (
    <Section id="profile-leave" footer={t("profile.leave.lose")}>
      <Cell onClick={leave.isPending ? undefined : () => void start()}>
        <span className="profile-destructive">
          {leave.isPending ? t("app.loading") : t("profile.leave.button")}
        </span>
      </Cell>
      {error && (
        <p className="error profile-cell-error" role="alert">
          {t(error)}
        </p>
      )}
    </Section>
  );
}

/**
 * After leaving: the goodbye over the whole app. Cached answers are dropped and nothing asks the
 * server again, since a signed request would register the person anew; reopening Exodus does that.
 */
export function Goodbye({ name }: { name: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  useEffect(() => {
    void queryClient.cancelQueries();
    queryClient.clear();
  }, [queryClient]);
  return (
    <main className="goodbye" data-testid="goodbye">
      <div className="page centered-block">
        <span className="goodbye-icon" aria-hidden="true">
          👋
        </span>
        <h1>{t("profile.leave.goodbyeTitle", { name })}</h1>
        <p>{t("profile.leave.goodbye")}</p>
        <p className="hint">{t("profile.leave.comeBack")}</p>
      </div>
    </main>
  );
}
