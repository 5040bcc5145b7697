import { useTranslation } from "react-i18next";

/** Placeholder until this screen is built (issue 5). */
export default function PledgePage() {
  const { t } = useTranslation();
  return <main className="page">{t("nav.pledge")}</main>;
}
