import { useState } from "react";
import { useTranslation } from "react-i18next";
import { copyText, haptic } from "../telegram.ts";
import "../network/network.css";

interface PaymentDetail {
  label: string;
  value: string;
  isDefault: boolean;
}

/**
 * Where to send money: a member's payment details, the default first, each with a copy button that
 * says when it copied. The member's page and a pledge's page show the same list.
 */
export function PaymentList({ details }: { details: readonly PaymentDetail[] }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<string | null>(null);
  const sorted = [...details].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  return (
    <ul className="plain-list">
      {sorted.map((d) => {
        const key = `${d.label}\n${d.value}`;
        return (
          <li key={key} className="payment-row">
            <span className="payment-text">
              <span className="hint block">
                {d.label}
                {d.isDefault && ` · ${t("member.payment.default")}`}
              </span>
              <span className="payment-value">{d.value}</span>
            </span>
            <button
              type="button"
              className="chip"
              aria-label={t("member.payment.copyLabel", { label: d.label })}
              onClick={async () => {
                await copyText(d.value);
                haptic("success");
                setCopied(key);
              }}
            >
              {copied === key ? t("member.payment.copied") : t("member.payment.copy")}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
