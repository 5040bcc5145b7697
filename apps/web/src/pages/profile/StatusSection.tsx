import { useTranslation } from "react-i18next";
import { StatusLines, type StatusProfile } from "../../components/StatusLines.tsx";
import { Cell } from "../../ui/Cell.tsx";
import { Section } from "../../ui/Section.tsx";

/**
 * My status in words and emoji with my goals, what my network sees of it (the footer), and the
 * way to change it; what every status means is told on the status screen itself.
 */
export function StatusSection({ profile, currency }: { profile: StatusProfile; currency: string }) {
  const { t } = useTranslation();
  return (
    <Section
      id="status"
      header={t("profile.statusNow")}
      footer={t(`status.${profile.status}Network`)}
    >
      <div className="ui-cell ui-cell-multiline profile-status">
        <span className="ui-cell-middle">
          <StatusLines profile={profile} currency={currency} />
        </span>
      </div>
      <Cell to="/status">
        <span className="profile-link">{t("profile.changeStatus")}</span>
      </Cell>
    </Section>
  );
}
