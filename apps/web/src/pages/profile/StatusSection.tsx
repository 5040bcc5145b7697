import { type MemberStatus, memberStatuses, statusEmoji } from "@exodus/shared";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useMoney } from "../../components/Money.tsx";

interface StatusProfile {
  status: MemberStatus;
  monthly: { goal: number; paused: boolean } | null;
  emergency: { goal: number; daysLeft: number } | null;
}

/** My status in words and emoji, what it means for me and for my network, and the way to change it. */
export function StatusSection({ profile, currency }: { profile: StatusProfile; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney(currency);
  const { status } = profile;
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title" className="section-title">
        {t("settings.statusNow")}
      </h2>
      <div className="card">
        <p className={`status status-${status}`} data-testid="member-status">
          <span aria-hidden="true">{statusEmoji[status]}</span> {t(`status.${status}`)}
        </p>
        {profile.monthly && (
          <p data-testid="monthly-goal">
            {t("profile.monthlyGoal", { amount: money(profile.monthly.goal) })}
            {profile.monthly.paused && <span className="hint"> · {t("profile.paused")}</span>}
          </p>
        )}
        {profile.emergency && (
          <p data-testid="emergency-goal">
            {t("profile.emergencyGoal", { amount: money(profile.emergency.goal) })} ·{" "}
            {profile.emergency.daysLeft > 0
              ? t("profile.deadline", { count: profile.emergency.daysLeft })
              : t("profile.deadlineToday")}
          </p>
        )}
        <StatusMeaning status={status} />
        <details className="status-guide">
          <summary>{t("settings.allStatuses")}</summary>
          {memberStatuses
            .filter((s) => s !== status)
            .map((s) => (
              <div key={s} className="status-guide-item">
                <strong>
                  <span aria-hidden="true">{statusEmoji[s]}</span> {t(`status.${s}`)}
                </strong>
                <StatusMeaning status={s} />
              </div>
            ))}
        </details>
        <Link to="/status" className="button">
          {t("settings.changeStatus")}
        </Link>
      </div>
    </section>
  );
}

/** What a status means for its member and for their network (DOMAIN.md, "Statuses"). */
function StatusMeaning({ status }: { status: MemberStatus }) {
  const { t } = useTranslation();
  return (
    <dl className="status-meaning">
      <dt>{t("settings.forYou")}</dt>
      <dd>{t(`status.${status}You`)}</dd>
      <dt>{t("settings.forNetwork")}</dt>
      <dd>{t(`status.${status}Network`)}</dd>
    </dl>
  );
}
