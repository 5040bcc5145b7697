import type { AppRouter } from "@exodus/server";
import { availableActions, type PledgeState } from "@exodus/shared";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { type KeyboardEvent, type ReactNode, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "wouter";
import { Avatar } from "../components/Avatar.tsx";
import { EmptyState } from "../components/EmptyState.tsx";
import { ExportBooks } from "../components/ExportBooks.tsx";
import { useMoney } from "../components/Money.tsx";
import { PledgeStateLabel, stateEmoji, useDates, useName } from "../components/PledgeBits.tsx";
import { QueryError } from "../components/QueryError.tsx";
import { Skeleton } from "../components/Skeleton.tsx";
import { useTRPC } from "../trpc.ts";
import { Button, Cell, Section } from "../ui/index.ts";
import "./books.css";

type PledgeLine = inferRouterOutputs<AppRouter>["books"]["pledges"][number];
type List = "helping" | "circle" | "overdue" | "confirmedArchive";

const TABS = [
  { key: "helping", icon: "👤→👥" },
  { key: "circle", icon: "👥→👤" },
  { key: "archive", icon: "🗄️" },
] as const;
type Tab = (typeof TABS)[number]["key"];

const PAGE = 50;
const EMPTY_ICONS: Record<List, string> = {
  helping: "🤲",
  circle: "🫶",
  overdue: "⌛",
  confirmedArchive: "👍",
};
/** The order of a current list's groups: what waits for a confirmation first, settled last. */
const GROUPS: PledgeState[] = ["fulfilled", "obligation", "intention", "confirmed"];

/**
 * The Organizer: my pledges to others (👤→👥), the pledges to me (👥→👤), both grouped by state, and
 * the archives ⌛ and 👍 with their dates. Each row opens its pledge, where its steps are taken.
 * At the end, the export of all of it as CSV: the Organizer is where a member's books are.
 */
export default function OrganizerPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.some((x) => x.key === params.get("tab"))
    ? (params.get("tab") as Tab)
    : "helping";
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});

  function choose(next: Tab) {
    setParams({ tab: next }, { replace: true });
    refs.current[next]?.focus();
  }
  // Arrow keys move between tabs, as in any tab list.
  function onKeyDown(event: KeyboardEvent) {
    const at = TABS.findIndex((x) => x.key === tab);
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    choose(TABS[(at + step + TABS.length) % TABS.length]?.key ?? "helping");
  }

  return (
    <main className="page books">
      <h1>{t("organizer.title")}</h1>
      <div
        className="segmented"
        role="tablist"
        aria-label={t("organizer.tabs.label")}
        onKeyDown={onKeyDown}
      >
        {TABS.map((x) => (
          <button
            key={x.key}
            ref={(el) => {
              refs.current[x.key] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${x.key}`}
            aria-selected={tab === x.key}
            aria-controls={`panel-${x.key}`}
            tabIndex={tab === x.key ? 0 : -1}
            onClick={() => choose(x.key)}
          >
            <span className="segment-icon" aria-hidden="true">
              {x.icon}
            </span>
            <span>{t(`organizer.tabs.${x.key}`)}</span>
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "archive" ? (
          <>
            <ArchiveList list="overdue" />
            <ArchiveList list="confirmedArchive" />
          </>
        ) : (
          <CurrentList list={tab} />
        )}
      </section>
      {/* Where one's obligations are offered for clearing (its words are the clearing screen's). */}
      <Section testId="organizer-clearing">
        <Cell
          to="/clearing"
          before={<span aria-hidden="true">🔄</span>}
          subtitle={t("clearing.offerAll")}
        >
          {t("clearing.title")}
        </Cell>
      </Section>
      {/* Initiatives 🎯 of my network: gathering money together, all or nothing. */}
      <Section testId="organizer-initiatives">
        <Cell
          to="/initiatives"
          before={<span aria-hidden="true">🎯</span>}
          subtitle={t("initiatives.organizerHint")}
        >
          {t("initiatives.title")}
        </Cell>
      </Section>
      {/* Pools of mutual intentions 🛟: where one's pools and invitations to them are. */}
      <Section testId="organizer-pools">
        <Cell
          to="/pools"
          before={<span aria-hidden="true">🛟</span>}
          subtitle={t("pools.subtitle")}
        >
          {t("pools.title")}
        </Cell>
      </Section>
      <ExportBooks />
    </main>
  );
}

/** A list's pages, newest first, read 50 at a time. */
function usePledgeList(list: List) {
  const trpc = useTRPC();
  return useInfiniteQuery(
    trpc.books.pledges.infiniteQueryOptions(
      { list, limit: PAGE },
      { getNextPageParam: (last) => (last.length === PAGE ? last.at(-1)?.id : undefined) },
    ),
  );
}

/** My pledges to others, or the pledges to me, grouped by state. */
function CurrentList({ list }: { list: "helping" | "circle" }) {
  const { t } = useTranslation();
  const query = usePledgeList(list);
  const lines = query.data?.pages.flat() ?? [];
  const role = list === "helping" ? "giver" : "receiver";
  return (
    <>
      <p className="hint tab-hint">{t(`organizer.${list}Hint`)}</p>
      <Loaded query={query} list={list}>
        {GROUPS.map((state) => {
          const group = lines.filter((l) => l.state === state);
          if (group.length === 0) return null;
          const title =
            state === "fulfilled" ? `fulfilled${list === "helping" ? "Giver" : "Receiver"}` : state;
          return (
            <Section
              key={state}
              id={`group-${state}`}
              testId={`group-${state}`}
              header={
                <>
                  <span aria-hidden="true">{stateEmoji[state]}</span>{" "}
                  {t(`organizer.group.${title}`)} · {group.length}
                </>
              }
            >
              <ul className="ui-list">
                {group.map((line) => (
                  <Row key={line.id} line={line} role={role} />
                ))}
              </ul>
            </Section>
          );
        })}
      </Loaded>
    </>
  );
}

/** The ⌛ or 👍 archive: either side of a pledge, each with its date. */
function ArchiveList({ list }: { list: "overdue" | "confirmedArchive" }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useQuery(trpc.member.me.queryOptions());
  const query = usePledgeList(list);
  const lines = query.data?.pages.flat() ?? [];
  const myId = me.data?.profile.id;
  return (
    <Section
      id={`archive-${list}`}
      testId={`archive-${list}`}
      header={t(`organizer.${list}`)}
      footer={t(`organizer.${list}Hint`)}
    >
      <Loaded query={query} list={list}>
        <ul className="ui-list">
          {lines.map((line) => (
            <Row
              key={line.id}
              line={line}
              role={line.giverId === myId ? "giver" : "receiver"}
              dated
            />
          ))}
        </ul>
      </Loaded>
    </Section>
  );
}

/** Skeleton while loading, the error, the empty state, or the rows and a "show more". */
function Loaded({
  query,
  list,
  children,
}: {
  query: ReturnType<typeof usePledgeList>;
  list: List;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (query.isPending) {
    return (
      <div className="card" aria-busy="true">
        <Skeleton lines={3} height={36} />
      </div>
    );
  }
  if (query.isError) {
    return <QueryError error={query.error} onRetry={() => query.refetch()} />;
  }
  if (query.data.pages.every((p) => p.length === 0)) {
    const target = list === "helping" ? "/network" : list === "circle" ? "/status" : null;
    return (
      <EmptyState
        icon={EMPTY_ICONS[list]}
        title={t(`organizer.empty.${list}.title`)}
        text={t(`organizer.empty.${list}.text`)}
        action={
          target && (
            <Link to={target} className="button">
              {t(`organizer.empty.${list}.action`)}
            </Link>
          )
        }
      />
    );
  }
  return (
    <>
      {children}
      {query.hasNextPage && (
        <Button
          mode="plain"
          stretched
          disabled={query.isFetchingNextPage}
          onClick={() => query.fetchNextPage()}
        >
          {query.isFetchingNextPage ? t("app.loading") : t("organizer.loadMore")}
        </Button>
      )}
    </>
  );
}

/**
 * One pledge: the other side, the amount, my next step if I have one; in an archive also its state
 * and date (a current list's group heading says the state). Opens the pledge.
 */
function Row({
  line,
  role,
  dated = false,
}: {
  line: PledgeLine;
  role: "giver" | "receiver";
  dated?: boolean;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useQuery(trpc.member.me.queryOptions());
  const money = useMoney(me.data?.currency ?? "USD");
  const nameOf = useName();
  const dates = useDates();
  const other = nameOf(role === "giver" ? line.receiverName : line.giverName);
  const otherId = role === "giver" ? line.receiverId : line.giverId;
  // The moves the shared state machine leaves me; edit is part of the page, not a step to take.
  const moves = availableActions(line.state, role).filter((a) => a !== "edit");
  return (
    <li>
      <Cell
        to={`/pledge/${line.id}`}
        testId="pledge-row"
        before={
          <span className="pledge-row-avatar">
            <Avatar id={otherId} name={other} photoUrl={null} />
            <span className="pledge-row-badge" aria-hidden="true">
              {line.overdue ? "⌛" : stateEmoji[line.state]}
            </span>
          </span>
        }
        after={<span className="amount">{money(line.amount)}</span>}
        subtitle={
          <>
            <span className="block">
              {/* The confirmed archive's heading and date say the state already. */}
              {dated && line.state !== "confirmed" && (
                <>
                  <PledgeStateLabel state={line.state} overdue={line.overdue} />
                  {" · "}
                </>
              )}
              {line.kind === "emergency" ? (
                <>
                  <span aria-hidden="true">🆘</span> {t("pledge.emergency")}
                </>
              ) : (
                dates.period(line.period)
              )}
            </span>
            {dated && (
              <span className="block">
                {t(line.state === "confirmed" ? "organizer.confirmedOn" : "organizer.since", {
                  date: dates.date(line.changedAt),
                })}
              </span>
            )}
            {moves.length > 0 && (
              <span className="your-move block">
                {t("organizer.yourMove", {
                  moves: moves.map((m) => t(`pledge.action.${m}`)).join(" · "),
                })}
              </span>
            )}
          </>
        }
        multiline
      >
        {t(role === "giver" ? "organizer.to" : "organizer.from", { name: other })}
      </Cell>
    </li>
  );
}
