import {
  currencyFractionDigits,
  decimalSeparatorOf,
  isEmergencyDays,
  type MemberStatus,
  memberStatuses,
  parseAmount,
  type StatusChange,
  statusActionFor,
  statusEmoji,
} from "@exodus/shared";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { AmountField, toInput } from "../components/AmountField.tsx";
import { Field } from "../components/Field.tsx";
import { cameFromInApp, useNavigate } from "../router.ts";
import { askWriteAccessOnce, confirmAction, haptic, useMainButton } from "../telegram.ts";
import { errorKey, useTRPC } from "../trpc.ts";
import { Section } from "../ui/Section.tsx";
import { SelectCell } from "../ui/SelectCell.tsx";
import "./profile/profile.css";

/**
 * Pick ✅/🔆/🆘, give a goal (and days for 🆘), save with Telegram's main button. Input is checked
 * here and on the server; closing a monthly collection or ending an emergency is asked twice, as
 * both change what happens to pledges.
 */
export default function StatusPage() {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  // Telegram's popup is open: a second tap must not open another.
  const asking = useRef(false);
  const { data } = useQuery(trpc.member.me.queryOptions());
  const current = data?.profile.status ?? "green";
  // From 🆘 the one way is to end the emergency, so that is what the form offers.
  const [target, setTarget] = useState<MemberStatus>(current === "red" ? "green" : current);
  const digits = currencyFractionDigits(data?.currency ?? "USD");
  const separator = decimalSeparatorOf(i18n.language);
  // The monthly goal starts as it is; an emergency's starts empty, so no goal is sent by accident.
  const [goals, setGoals] = useState(() => ({
    monthly: data?.profile.monthly ? toInput(data.profile.monthly.goal, digits, separator) : "",
    emergency: "",
  }));
  const [days, setDays] = useState("7");
  const [errors, setErrors] = useState<{ goal?: string; days?: string; form?: string }>({});

  const save = useMutation(
    trpc.member.changeStatus.mutationOptions({
      onSuccess: (profile) => {
        queryClient.setQueryData(trpc.member.me.queryKey(), (old) => old && { ...old, profile });
        haptic("success");
        // Asking one's network for help: their answers come as messages from the bot.
        if (profile.status !== "green") askWriteAccessOnce();
        // Back where the member came from (Profile or Home); opened directly, to the profile.
        if (!cameFromInApp()) navigate("/profile", { replace: true });
        else navigate(-1);
      },
      onError: (error) => {
        const issue = error.data?.issues?.[0];
        const field = issue?.path === "days" ? "days" : issue?.path === "goal" ? "goal" : "form";
        setErrors({ [field]: issue?.message ?? errorKey(error) });
        haptic("error");
      },
    }),
  );

  const action = statusActionFor(current, target);
  const needsGoal =
    action === "openMonthly" || action === "changeGoal" || action === "openEmergency";
  const needsDays = action === "openEmergency";
  const goalKind = action === "openEmergency" ? "emergency" : "monthly";
  const goal = goals[goalKind];
  const setGoal = (value: string) => setGoals((g) => ({ ...g, [goalKind]: value }));
  // Ending an emergency returns the status from before it: 🔆 while a monthly collection waits.
  const afterEmergency: MemberStatus = data?.profile.monthly ? "orange" : "green";

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!action || save.isPending || asking.current) return;
    const found: typeof errors = {};
    const amount = needsGoal ? parseAmount(goal, digits, i18n.language) : undefined;
    if (amount && !amount.ok) found.goal = amount.error;
    const dayCount = Number(days);
    if (needsDays && !isEmergencyDays(dayCount)) found.days = "errors.days.range";
    setErrors(found);
    if (found.goal || found.days) {
      haptic("error");
      return;
    }
    if (action === "closeMonthly" || action === "endEmergency") {
      asking.current = true;
      const end = action === "endEmergency";
      const sure = await confirmAction({
        title: t(end ? "statusForm.confirmEndTitle" : "statusForm.confirmCloseTitle"),
        message: t(end ? "statusForm.confirmEnd" : "statusForm.confirmClose"),
        ok: t(end ? "statusForm.confirmEndOk" : "statusForm.confirmCloseOk"),
        cancel: t("statusForm.keep"),
        destructive: true,
      }).finally(() => {
        asking.current = false;
      });
      if (!sure) return;
    }
    const value = amount?.ok ? amount.value : 0;
    const change: StatusChange =
      action === "openEmergency"
        ? { action, goal: value, days: dayCount }
        : action === "openMonthly" || action === "changeGoal"
          ? { action, goal: value }
          : { action };
    save.mutate(change);
  }

  useMainButton({
    text: action ? t(`statusForm.${action}`) : t("statusForm.save"),
    onClick: () => void submit(),
    loading: save.isPending,
    visible: !!action,
  });

  return (
    <main className="page status-page">
      <h1>{t("statusForm.title")}</h1>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {current === "red" ? (
          <p className="card" data-testid="after-emergency">
            {t("statusForm.afterEmergency", {
              status: `${statusEmoji[afterEmergency]} ${t(`status.${afterEmergency}`)}`,
            })}
          </p>
        ) : (
          <Section>
            <fieldset className="status-choices">
              <legend className="visually-hidden">{t("statusLine.status")}</legend>
              {memberStatuses.map((status) => (
                <SelectCell
                  key={status}
                  name="status"
                  value={status}
                  checked={target === status}
                  onChange={() => {
                    setTarget(status);
                    setErrors({});
                  }}
                  before={
                    <span className="status-emoji" aria-hidden="true">
                      {statusEmoji[status]}
                    </span>
                  }
                  subtitle={t(`status.${status}Hint`)}
                >
                  {t(`status.${status}`)}
                </SelectCell>
              ))}
            </fieldset>
          </Section>
        )}

        {needsGoal && (
          <div className="card">
            <AmountField
              id="goal"
              label={t(action === "openEmergency" ? "statusForm.emergencyGoal" : "statusForm.goal")}
              error={errors.goal}
              value={goal}
              onChange={setGoal}
            />
            {needsDays && (
              <Field
                id="days"
                label={t("statusForm.days")}
                error={errors.days && t(errors.days)}
                inputMode="numeric"
                value={days}
                onChange={(e) => setDays(e.target.value)}
              />
            )}
          </div>
        )}

        <section className="card" aria-live="polite" data-testid="status-consequence">
          {action ? (
            <>
              <strong className="block">{t("statusForm.whatHappens")}</strong>
              <p className="hint section-hint">{t(`statusForm.explain.${action}`)}</p>
            </>
          ) : (
            <p className="hint section-hint">{t("statusForm.nothingToDo")}</p>
          )}
        </section>

        {errors.form && (
          <p className="error" role="alert">
            {t(errors.form)}
          </p>
        )}
      </form>
    </main>
  );
}
