import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMoney } from "../../components/Money.tsx";
import { useTimeLeft } from "../../components/TimeLeft.ts";
import { useTRPC } from "../../trpc.ts";
import { Cell } from "../../ui/Cell.tsx";
import { Section } from "../../ui/Section.tsx";

/**
 * A clearing round that waits for my answer, near the top of Home (what needs my action comes
 * first): what it would clear for me and the time left, leading to the clearing screen. Nothing
 * otherwise. Its own chunk, read after the books: Home's first screen does not carry it.
 */
export default function ClearingCard({ currency }: { currency: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const money = useMoney(currency);
  const timeLeft = useTimeLeft();
  const waiting = useQuery({ ...trpc.clearing.waiting.queryOptions(), refetchOnMount: "always" });
  const round = waiting.data;
  if (!round) return null;
  const time = timeLeft(round.timeLeft);
  return (
    <Section testId="home-clearing">
      <Cell
        to="/clearing"
        multiline
        before={<span className="home-icon">🔄</span>}
        subtitle={t("home.clearing.line", {
          owe: money(round.noLongerOwe),
          owed: money(round.noLongerOwed),
          time,
        })}
      >
        <span className="home-clearing-title">{t("home.clearing.title")}</span>
      </Cell>
    </Section>
  );
}
