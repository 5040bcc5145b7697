import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "wouter";
import { LinkedText } from "../components/LinkedText.tsx";
import { useMoney } from "../components/Money.tsx";
import { useDates, useName } from "../components/PledgeBits.tsx";
import { QueryError } from "../components/QueryError.tsx";
import { PageSkeleton } from "../components/Skeleton.tsx";
import { useCurrency } from "../network/useCurrency.ts";
import { useTRPC } from "../trpc.ts";
import { Cell, Section } from "../ui/index.ts";
import { InitiativeProgress, InitiativeStatusLabel } from "./initiatives/InitiativeBits.tsx";
import { InitiatorSection } from "./initiatives/InitiatorSection.tsx";
import { MyPledge, takesMyPledge } from "./initiatives/MyPledge.tsx";
import type { InitiativeView } from "./initiatives/types.ts";
import { Updates } from "./initiatives/Updates.tsx";
import "./books.css";
import "./initiatives/initiatives.css";

/**
 * One initiative 🎯: who proposed it and its status, its story, the goal and how far it is (❤️ 🤝
 * 👍, what is still to commit, the time left), my pledge or the form to make one, its updates; for
 * its initiator, lowering the goal and cancelling it.
 */
export default function InitiativePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = Number(useParams<{ id: string }>().id);
  const valid = Number.isInteger(id) && id > 0;
  // Others pledge while I am away: it is read afresh each time the screen opens.
  const found = useQuery({
    ...trpc.initiative.get.queryOptions({ collectionId: valid ? id : 1 }),
    enabled: valid,
    refetchOnMount: "always",
    retry: false,
  });
  if (valid && found.isPending) return <PageSkeleton />;
  if (!valid || found.isError || !found.data) {
    return (
      <main className="page books initiatives">
        <h1>{t("initiatives.title")}</h1>
        {found.error ? (
          <QueryError error={found.error} onRetry={() => found.refetch()} />
        ) : (
          <p className="hint">{t("initiatives.page.notFound")}</p>
        )}
      </main>
    );
  }
  return <Initiative view={found.data} />;
}

function Initiative({ view }: { view: InitiativeView }) {
  const { t } = useTranslation();
  const currency = useCurrency();
  const money = useMoney(currency);
  const nameOf = useName();
  const dates = useDates();
  const bound = view.obligations + view.confirmed;
  const takesPledges = view.status === "open" || view.status === "ahead";
  return (
    <main className={`page books initiatives${takesMyPledge(view) ? " has-main-button" : ""}`}>
      <h1 data-testid="initiative-title">{view.title}</h1>
      <p className="hint initiatives-intro">
        {view.mine
          ? t("initiatives.byMe")
          : t("initiatives.by", { name: nameOf(view.initiatorName) })}
      </p>
      <Section
        id="initiative-standing"
        header={t("initiatives.page.progress")}
        testId="initiative-standing"
      >
        <Cell multiline>
          <InitiativeStatusLabel status={view.status} />
        </Cell>
        <Cell multiline after={<span className="amount">{money(view.goal)}</span>}>
          {t("initiatives.page.goal")}
        </Cell>
        <Cell multiline>
          <InitiativeProgress line={view} currency={currency} />
        </Cell>
        {view.status === "open" && bound < view.goal && (
          <Cell after={<span className="amount">{money(view.goal - bound)}</span>}>
            {t("initiatives.page.missing")}
          </Cell>
        )}
        {view.daysLeft !== null && (
          <Cell
            multiline
            testId="initiative-time-left"
            after={t("network.daysLeft", { count: view.daysLeft })}
            subtitle={view.deadline ? dates.dateTime(view.deadline) : undefined}
          >
            {t("initiatives.page.timeLeft")}
          </Cell>
        )}
        {view.wentAheadAt && takesPledges && (
          <Cell multiline>
            {t("initiatives.page.wentAhead", { date: dates.date(view.wentAheadAt) })}
          </Cell>
        )}
        {view.endedAt && (
          <Cell multiline>{t("initiatives.page.ended", { date: dates.date(view.endedAt) })}</Cell>
        )}
      </Section>
      <Section id="initiative-story" header={t("initiatives.page.story")} testId="initiative-story">
        <p className="ui-section-content initiative-story">
          <LinkedText text={view.story ?? ""} />
        </p>
      </Section>
      <MyPledge view={view} currency={currency} />
      {view.mine && <InitiatorSection view={view} currency={currency} />}
      <Updates view={view} />
    </main>
  );
}
