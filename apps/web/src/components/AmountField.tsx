import { useTranslation } from "react-i18next";
import { Field } from "./Field.tsx";

/** Minor units as a person would type them in the locale ("12", "12,50"), for a field's first value. */
export function toInput(minor: number, digits: number, separator: string): string {
  const whole = Math.floor(minor / 10 ** digits);
  const fraction = minor % 10 ** digits;
  return fraction ? `${whole}${separator}${String(fraction).padStart(digits, "0")}` : String(whole);
}

/**
 * An amount of money as a person types it (their decimal separator, no spinner): the decimal
 * keyboard on a phone, the currency in the label, and the reason it cannot be read under it.
 * The caller parses the text with shared parseAmount, here and on the server alike.
 */
export function AmountField({
  id,
  label,
  currency,
  error,
  value,
  onChange,
}: {
  id: string;
  label: string;
  /** Said in the label ("Amount, USD") where the screen does not say it already. */
  currency?: string;
  /** The i18n key of what is wrong with the amount. */
  error?: string | undefined;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Field
      id={id}
      label={currency ? `${label}, ${currency}` : label}
      error={error && t(error)}
      inputMode="decimal"
      autoComplete="off"
      enterKeyHint="done"
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
