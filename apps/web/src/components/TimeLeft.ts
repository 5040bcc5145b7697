import { useTranslation } from "react-i18next";

/** The time left to answer a clearing round in words: "1 day 23 hours", "5 hours", "2 days". */
export function useTimeLeft() {
  const { t } = useTranslation();
  return (left: { days: number; hours: number } | null): string =>
    left
      ? [
          left.days > 0 ? t("clearing.days", { count: left.days }) : "",
          left.hours > 0 ? t("clearing.hours", { count: left.hours }) : "",
        ]
          .filter(Boolean)
          .join(" ")
      : "";
}
