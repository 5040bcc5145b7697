import { type MemberStatus, statusEmoji } from "@exodus/shared";
import { useTranslation } from "react-i18next";
import { useMoney } from "./Money.tsx";

export interface StatusProfile {
  status: MemberStatus;
  monthly: { goal: number; paused: boolean } | null;
  emergency: { goal: number; daysLeft: number } | null;
}

/** My status in emoji and words, and the goals of my open collections (Home and Profile). */
export function StatusLines({ profile, currency }: { profile: StatusProfile; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney(currency);
  return (
    <>
      <p className={`status status-${profile.status}`} data-testid="member-status">
        <span aria-hidden="true">{statusEmoji[profile.status]}</span>{" "}
        {t(`status.${profile.status}`)}
      </p>
      {profile.monthly && (
        <p data-testid="monthly-goal">
          {t("statusLine.monthlyGoal", { amount: money(profile.monthly.goal) })}
          {profile.monthly.paused && <span className="hint"> · {t("statusLine.paused")}</span>}
        </p>
      )}
      {profile.emergency && (
        <p data-testid="emergency-goal">
          {t("statusLine.emergencyGoal", { amount: money(profile.emergency.goal) })} ·{" "}
          {profile.emergency.daysLeft > 0
            ? t("statusLine.deadline", { count: profile.emergency.daysLeft })
            : t("statusLine.deadlineToday")}
        </p>
      )}
    </>
  );
}
