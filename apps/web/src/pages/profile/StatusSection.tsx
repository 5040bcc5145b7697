import { type MemberStatus, memberStatuses, statusEmoji } from "@exodus/shared";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { StatusLines, type StatusProfile } from "../../components/StatusLines.tsx";

/** My status in words and emoji, what it means for me and for my network, and the way to change it. */
export function StatusSection({ profile, currency }: { profile: StatusProfile; currency: string }) {
  const { t } = useTranslation();
  const { status } = profile;
  return (
    <section aria-labelledby="status-title">
      <h2 id="status-title" className="section-title">
        {t("profile.statusNow")}
      </h2>
      <div className="card">
        <StatusLines profile={profile} currency={currency} />
        <StatusMeaning status={status} />
        <details className="status-guide">
          <summary>{t("profile.allStatuses")}</summary>
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
          {t("profile.changeStatus")}
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
      <dt>{t("profile.forYou")}</dt>
      <dd>{t(`status.${status}You`)}</dd>
      <dt>{t("profile.forNetwork")}</dt>
      <dd>{t(`status.${status}Network`)}</dd>
    </dl>
  );
}
