import { useState } from "react";
import { useTranslation } from "react-i18next";
import { copyText, haptic } from "../telegram.ts";
import { Button, Cell } from "../ui/index.ts";
import "../network/network.css";

interface PaymentDetail {
  label: string;
  value: string;
  isDefault: boolean;
}

/**
 * Where to send money: a member's payment details as cells of a Section, the default first, the
 * method as the title and its details under it, a plain "Copy" at the end that says when it
 * copied. The member's page and a pledge's page show the same list.
 */
export function PaymentList({ details }: { details: readonly PaymentDetail[] }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<string | null>(null);
  const sorted = [...details].sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  return (
    <ul className="ui-list">
      {sorted.map((d) => {
        const key = `${d.label}\n${d.value}`;
        return (
          <li key={key}>
            <Cell
              multiline
              subtitle={<span className="payment-value">{d.value}</span>}
              after={
                <Button
                  mode="plain"
                  size="s"
                  aria-label={t("member.payment.copyLabel", { label: d.label })}
                  onClick={async () => {
                    await copyText(d.value);
                    haptic("success");
                    setCopied(key);
                  }}
                >
                  {copied === key ? t("member.payment.copied") : t("member.payment.copy")}
                </Button>
              }
            >
              {d.label}
              {d.isDefault && ` · ${t("member.payment.default")}`}
            </Cell>
          </li>
        );
      })}
    </ul>
  );
}
