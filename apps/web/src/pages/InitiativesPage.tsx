import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { EmptyState } from "../components/EmptyState.tsx";
import { useName } from "../components/PledgeBits.tsx";
import { QueryError } from "../components/QueryError.tsx";
import { PageSkeleton } from "../components/Skeleton.tsx";
import { useCurrency } from "../network/useCurrency.ts";
import { useNavigate } from "../router.ts";
import { useMainButton } from "../telegram.ts";
import { useTRPC } from "../trpc.ts";
import { Cell, Section } from "../ui/index.ts";
import { InitiativeProgress, InitiativeStatusLabel } from "./initiatives/InitiativeBits.tsx";
import { type InitiativeLine, statusIcon, underWay } from "./initiatives/types.ts";
import "./books.css";
import "./initiatives/initiatives.css";

/**
 * Initiatives 🎯 (DOMAIN.md "Initiatives"): my network's under way, each with who proposed it, how
 * far it is toward its goal and the days left; then those over that I proposed or pledged to, each
 * with how it came out. "Propose an initiative" is the screen's main button.
 */
export default function InitiativesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  // Others pledge while I am away: the list is read afresh each time the screen opens.
  const list = useQuery({ ...trpc.initiative.list.queryOptions(), refetchOnMount: "always" });
  useMainButton({ text: t("initiatives.propose"), onClick: () => navigate("/initiatives/new") });

  if (list.isPending) return <PageSkeleton />;
  const lines = list.data ?? [];
  const live = lines.filter(underWay);
  const over = lines.filter((line) => !underWay(line));
  return (
    <main className="page books initiatives has-main-button">
      <h1>{t("initiatives.title")}</h1>
      <p className="hint initiatives-intro">{t("initiatives.intro")}</p>
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      ) : lines.length === 0 ? (
        <EmptyState icon="🎯" title={t("initiatives.none")} text={t("initiatives.noneHint")} />
      ) : (
        <>
          {live.length > 0 && (
            <Lines id="initiatives-live" header={t("initiatives.underWay")} lines={live} />
          )}
          {over.length > 0 && (
            <Lines id="initiatives-over" header={t("initiatives.over")} lines={over} />
          )}
        </>
      )}
    </main>
  );
}

function Lines({ id, header, lines }: { id: string; header: string; lines: InitiativeLine[] }) {
  return (
    <Section id={id} header={header} testId={id}>
      <ul className="ui-list">
        {lines.map((line) => (
          <li key={line.id}>
            <Line line={line} />
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** One initiative: its title, who proposed it, its status, progress and the days left. */
function Line({ line }: { line: InitiativeLine }) {
  const { t } = useTranslation();
  const nameOf = useName();
  const currency = useCurrency();
  return (
    <Cell
      to={`/initiatives/${line.id}`}
      multiline
      testId="initiative-line"
      before={<span aria-hidden="true">{statusIcon[line.status]}</span>}
      subtitle={
        <>
          <span className="block">
            {line.mine
              ? t("initiatives.byMe")
              : t("initiatives.by", { name: nameOf(line.initiatorName) })}
          </span>
          <span className="block">
            <InitiativeStatusLabel status={line.status} />
            {line.daysLeft !== null && ` · ${t("network.daysLeft", { count: line.daysLeft })}`}
          </span>
          {underWay(line) && <InitiativeProgress line={line} currency={currency} />}
        </>
      }
    >
      {line.title}
    </Cell>
  );
}
