import { formatAmount } from "@exodus/shared";
import { useTranslation } from "react-i18next";

/** An amount in minor units, written the member's way. */
export function useMoney(currency: string) {
  const { i18n } = useTranslation();
  return (minor: number) => formatAmount(minor, currency, i18n.language);
}
