import type { AppRouter } from "@exodus/server";
import { type MemberStatus, statusEmoji } from "@exodus/shared";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Fragment, type ReactNode, Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { Avatar } from "../components/Avatar.tsx";
import { lazyScreen } from "../components/ErrorBoundary.tsx";
import { useMoney } from "../components/Money.tsx";
import { NeedStory } from "../components/NeedStory.tsx";
import { stateEmoji, useDates, useName } from "../components/PledgeBits.tsx";
import { QueryError } from "../components/QueryError.tsx";
import { Skeleton } from "../components/Skeleton.tsx";
import { withMoreStrings } from "../i18n.ts";
import { errorKey, useTRPC } from "../trpc.ts";
import { Cell } from "../ui/Cell.tsx";
import { Section } from "../ui/Section.tsx";
import "./books.css";

type Outputs = inferRouterOutputs<AppRouter>;
type Dashboard = Outputs["books"]["dashboard"];
type CollectionView = Dashboard["collections"][number];
type ActionItem = Outputs["books"]["actions"]["items"][number];

const ACTIONS_SHOWN = 5;

// The plan is read after the books, so its code loads after the first screen is drawn.
const PlanSection = lazyScreen(() => import("./home/PlanSection.tsx"));
// A clearing round waiting for my answer: likewise its own chunk, read after the books.
const ClearingCard = lazyScreen(withMoreStrings(() => import("./home/ClearingCard.tsx")));

/**
 * Home, in the order a member needs it: who I am and my status in one compact row; what needs my
 * action now (a clearing round waiting for my answer first); how far my collection is covered, in words with numbers; my plan (where the balancer
 * suggests my giving go); friends in my network who need help; my own giving. Emoji stand beside words as accents, never as the figures themselves.
 * A new member with nothing going on is told what to do first.
 */
export function HomePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { data } = useQuery(trpc.member.me.queryOptions());
  // Others act on my pledges while I am away: Home reads its figures afresh each time it opens.
  const dashboard = useQuery({
    ...trpc.books.dashboard.queryOptions(),
    refetchOnMount: "always",
  });
  const actions = useQuery({
    ...trpc.books.actions.queryOptions({ limit: ACTIONS_SHOWN }),
    refetchOnMount: "always",
  });
  const queryClient = useQueryClient();
  // The books moved on by themselves (an emergency ended at its deadline): read my status again.
  const stale =
    !!data &&
    !!dashboard.data &&
    !dashboard.isFetching &&
    dashboard.data.status !== data.profile.status;
  useEffect(() => {
    if (stale) void queryClient.invalidateQueries(trpc.member.me.queryFilter());
  }, [stale, queryClient, trpc]);
  if (!data) return null;
  const { profile } = data;
  // Figures read before a status change would show the collections as they were.
  const current = dashboard.data?.status === profile.status ? dashboard.data : undefined;
  const giving = current?.giving;
  // Nothing going on yet: no status, no giving, nothing to act on.
  const isNew =
    profile.status === "green" &&
    giving !== undefined &&
    giving.receivers + giving.intentions + giving.obligations + giving.confirmed === 0 &&
    actions.data?.items.length === 0;
  const open = (current?.collections ?? [])
    .filter((c) => !c.closed)
    .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "emergency" ? -1 : 1));
  return (
    <main className="page books home">
      <MeRow profile={profile} />

      {current && (
        <Suspense fallback={null}>
          <ClearingCard currency={data.currency} />
        </Suspense>
      )}

      {dashboard.isError ? (
        <QueryError error={dashboard.error} onRetry={() => dashboard.refetch()} />
      ) : !current || actions.isPending ? (
        <Section>
          <div className="ui-section-content" aria-busy="true">
            <Skeleton lines={3} />
          </div>
        </Section>
      ) : isNew ? (
        <Welcome />
      ) : (
        <Section id="actions" header={t("home.actionsTitle")} testId="home-actions">
          {actions.isError ? (
            <p role="alert" className="ui-section-content error">
              {t(errorKey(actions.error))}
            </p>
          ) : (
            <ActionList {...actions.data} currency={data.currency} />
          )}
        </Section>
      )}

      {profile.status !== "green" &&
        current &&
        open.map((c, i) => (
          <Fragment key={c.id}>
            <Progress
              collection={c}
              currency={data.currency}
              header={i === 0 ? t("home.progressTitle") : undefined}
            />
            {!c.paused && <NeedStory collectionId={c.id} />}
          </Fragment>
        ))}

      {current && (
        <Suspense fallback={null}>
          <PlanSection currency={data.currency} />
        </Suspense>
      )}

      <FriendsInNeed currency={data.currency} />

      {current && !isNew && <Giving giving={current.giving} currency={data.currency} />}
    </main>
  );
}

/**
 * Who I am and my status in words, as the first cell of Telegram's settings: the avatar, the name,
 * the status under it, and a small link to change it.
 */
function MeRow({
  profile,
}: {
  profile: { id: number; name: string; photoUrl: string | null; status: MemberStatus };
}) {
  const { t } = useTranslation();
  return (
    <Section>
      <Cell
        before={<Avatar id={profile.id} name={profile.name} photoUrl={profile.photoUrl} />}
        subtitle={
          <span className={`me-row-status status-${profile.status}`} data-testid="member-status">
            <span aria-hidden="true">{statusEmoji[profile.status]}</span>{" "}
            {t(`status.${profile.status}`)}
          </span>
        }
        after={
          <Link to="/status" className="me-row-change" aria-label={t("statusLine.changeStatus")}>
            {t("home.changeStatusShort")}
          </Link>
        }
      >
        <h1 className="me-row-name" data-testid="member-name">
          {profile.name}
        </h1>
      </Cell>
    </Section>
  );
}

/**
 * One open collection as a Section: its kind and goal; "$50.00 of $200.00 promised" over a bar of
 * what is covered (a progressbar for screen readers, with intentions in its words), who helps and
 * what is still missing; then each figure as a cell, its amount at the end.
 */
function Progress({
  collection: c,
  currency,
  header,
}: {
  collection: CollectionView;
  currency: string;
  header: string | undefined;
}) {
  const { t } = useTranslation();
  const money = useMoney(currency);
  const covered = Math.min(c.confirmed + c.obligations, c.goal);
  const percent = Math.min((covered / Math.max(c.goal, 1)) * 100, 100);
  const emergency = c.kind === "emergency";
  // The dashboard's own count, read with these figures (0: it ends today).
  const left = c.daysLeft ?? 0;
  const days = left > 0 ? t("statusLine.deadline", { count: left }) : t("statusLine.deadlineToday");
  const values = {
    goal: money(c.goal),
    covered: money(c.confirmed + c.obligations),
    confirmed: money(c.confirmed),
    obligations: money(c.obligations),
    intentions: money(c.intentions),
    missing: money(c.missing),
  };
  // An emergency takes no intentions (DOMAIN.md): no "Intentions 0" cell for it.
  const figures = [
    ...(emergency ? [] : [{ key: "intentions", emoji: "❤️", amount: values.intentions }]),
    { key: "obligations", emoji: "🤝", amount: values.obligations },
    { key: "confirmed", emoji: "👍", amount: values.confirmed },
    { key: "missing", emoji: "🙏", amount: values.missing },
  ] as const;
  return (
    <Section header={header} testId={`progress-${c.kind}`}>
      <Cell
        multiline
        before={<span className="home-icon">{emergency ? "🆘" : "🔆"}</span>}
        subtitle={
          emergency ? (
            <span data-testid="emergency-goal">
              {t("statusLine.emergencyGoal", { amount: values.goal })} · {days}
            </span>
          ) : (
            <span data-testid="monthly-goal">
              {t("statusLine.monthlyGoal", { amount: values.goal })}
              {c.paused && <span> · {t("statusLine.paused")}</span>}
            </span>
          )
        }
      >
        <span className="progress-title">
          {t(emergency ? "home.emergencyTitle" : "home.monthlyTitle")}
        </span>
      </Cell>
      <div className="ui-section-content progress-content">
        <p className="progress-headline">
          {tagged(t("home.coveredOf", { covered: values.covered, goal: values.goal }), {
            strong: (text) => <strong>{text}</strong>,
            goal: (text) => <span data-testid="total-goal">{text}</span>,
          })}
        </p>
        <div
          className="ui-progress"
          role="progressbar"
          aria-label={t("home.progressLabel", values)}
          aria-valuemin={0}
          aria-valuemax={c.goal}
          aria-valuenow={covered}
          aria-valuetext={t("home.progressValue", values)}
        >
          <div className="ui-progress-fill" style={{ width: `${percent}%` }} />
        </div>
        <p className="circle-line" data-testid="circle-line">
          {t("home.circleWords", { count: c.helpers })}
          {emergency && c.missing > 0 && ` · ${t("home.missingWords", { amount: values.missing })}`}
        </p>
      </div>
      {figures.map((f) => (
        <Cell
          key={f.key}
          before={<span className="home-icon">{f.emoji}</span>}
          after={
            <span className="amount" data-testid={`total-${f.key}`}>
              {f.amount}
            </span>
          }
        >
          {t(`home.${f.key}`)}
        </Cell>
      ))}
      {c.helpers + c.intentions + c.obligations + c.confirmed === 0 && (
        <Cell
          to="/invite"
          multiline
          before={<span className="home-icon">✉️</span>}
          subtitle={t("home.circleEmpty")}
        >
          <span className="home-link">{t("home.inviteAction")}</span>
        </Cell>
      )}
    </Section>
  );
}

/**
 * A translation whose words wrap parts in simple tags (`<strong>{{covered}}</strong> of …`), each
 * part drawn by the element given for its tag. Not react-i18next's `Trans`: that brings an HTML
 * parser into the first screen's bundle for one line.
 */
function tagged(text: string, tags: Record<string, (text: string) => ReactNode>): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(/<(\w+)>(.*?)<\/\1>/g)) {
    const [whole, tag = "", inner = ""] = match;
    parts.push(text.slice(last, match.index));
    const draw = tags[tag];
    parts.push(<Fragment key={match.index}>{draw ? draw(inner) : inner}</Fragment>);
    last = match.index + whole.length;
  }
  parts.push(text.slice(last));
  return parts;
}

const FRIENDS_SHOWN = 3;

/**
 * Friends in need: members of my network with an open 🆘 first, then 🔆 by what is still missing,
 * whom I do not help yet (network.list's "needHelp"). Nothing is shown while nobody needs help.
 */
function FriendsInNeed({ currency }: { currency: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const money = useMoney(currency);
  const list = useQuery({
    ...trpc.network.list.queryOptions({
      list: "needHelp",
      limit: FRIENDS_SHOWN + 1,
      offset: 0,
    }),
    refetchOnMount: "always",
  });
  const friends = list.data ?? [];
  if (friends.length === 0) return null;
  return (
    <Section id="friends" header={t("home.friendsTitle")} testId="friends-in-need">
      {friends.slice(0, FRIENDS_SHOWN).map((friend) => {
        const need = friend.need;
        const name = friend.name || t("network.deletedMember");
        let line = "";
        if (need?.kind === "emergency") {
          const left = need.daysLeft ?? 0;
          line = t("home.friendEmergency", {
            missing: money(need.missing),
            days: left > 0 ? t("network.daysLeft", { count: left }) : t("network.endsToday"),
          });
        } else if (need) {
          line = t("home.friendMonthly", { missing: money(need.missing) });
        }
        return (
          <Cell
            key={friend.id}
            to={`/member/${friend.id}`}
            testId="friend-in-need"
            before={<Avatar id={friend.id} name={name} photoUrl={friend.photoUrl} />}
            subtitle={
              <span className={`friend-need status-${friend.status}`}>
                <span aria-hidden="true">{statusEmoji[friend.status]}</span> {line}
              </span>
            }
          >
            {name}
          </Cell>
        );
      })}
      {friends.length > FRIENDS_SHOWN && (
        <Cell to="/network?list=needHelp">
          <span className="home-link">{t("home.friendsAll")}</span>
        </Cell>
      )}
    </Section>
  );
}

/** Each item says who and what, and opens the pledge where the step is taken. */
function ActionList({
  items,
  more,
  periodEnding,
  currency,
}: {
  items: ActionItem[];
  more: boolean;
  periodEnding: { daysLeft: number } | null;
  currency: string;
}) {
  const { t } = useTranslation();
  const money = useMoney(currency);
  const nameOf = useName();
  const dates = useDates();
  return (
    <>
      {periodEnding && (
        <div className="ui-cell ui-cell-multiline period-ending" role="note">
          <span className="ui-cell-before home-icon" aria-hidden="true">
            ⏳
          </span>
          <span className="ui-cell-middle">
            <span className="ui-cell-title">
              {t("home.periodEnding", { count: periodEnding.daysLeft })}
            </span>
          </span>
        </div>
      )}
      {items.length === 0 ? (
        <Cell multiline testId="actions-none" before={<span className="home-icon">✓</span>}>
          <span className="hint">{t("home.actionsNone")}</span>
        </Cell>
      ) : (
        <ul className="ui-list">
          {items.map((item) => {
            const values = { name: nameOf(item.counterpartName), amount: money(item.amount) };
            const text =
              item.reason === "periodEnding"
                ? t(
                    item.state === "intention"
                      ? "home.action.periodEndingIntention"
                      : "home.action.periodEndingObligation",
                    values,
                  )
                : t(`home.action.${item.reason}`, values);
            const notes = [
              item.remindedAt &&
                t("home.action.reminded", {
                  name: values.name,
                  date: dates.date(item.remindedAt),
                }),
              item.kind === "emergency" && `🆘 ${t("home.emergencyTitle")}`,
            ].filter(Boolean);
            return (
              <li key={item.pledgeId}>
                <Cell
                  to={`/pledge/${item.pledgeId}`}
                  testId="action-item"
                  multiline
                  before={
                    <span className="home-icon">
                      {item.reason === "confirm" ? "✋" : stateEmoji[item.state]}
                    </span>
                  }
                  subtitle={notes.length > 0 ? notes.join(" · ") : undefined}
                >
                  {text}
                </Cell>
              </li>
            );
          })}
        </ul>
      )}
      {more && (
        <Cell to="/organizer">
          <span className="home-link">{t("home.actionsMore")}</span>
        </Cell>
      )}
    </>
  );
}

/**
 * My own giving this month in words — to how many members, then what I intended, promised and
 * had confirmed, each a cell with its amount at the end (DOMAIN.md's `👤→M 👥 (❤️ / 🤝 / 👍)`,
 * said plainly).
 */
function Giving({ giving, currency }: { giving: Dashboard["giving"]; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney(currency);
  const nothing = giving.receivers === 0 && giving.confirmed === 0;
  const figures = [
    { key: "intentions", emoji: "❤️", amount: giving.intentions },
    { key: "obligations", emoji: "🤝", amount: giving.obligations },
    { key: "confirmed", emoji: "👍", amount: giving.confirmed },
  ] as const;
  return (
    <Section id="giving" header={t("home.givingTitle")} testId="giving">
      {nothing ? (
        <>
          <p className="ui-section-content hint">{t("home.givingNone")}</p>
          <Cell to="/network">
            <span className="home-link">{t("home.findSomeone")}</span>
          </Cell>
        </>
      ) : (
        <>
          <Cell multiline>
            <span className="giving-line" data-testid="giving-line">
              {t("home.givingHeadline", { count: giving.receivers })}
            </span>
          </Cell>
          {figures.map((f) => (
            <Cell
              key={f.key}
              before={<span className="home-icon">{f.emoji}</span>}
              after={
                <span className="amount" data-testid={`giving-${f.key}`}>
                  {money(f.amount)}
                </span>
              }
            >
              {t(`home.${f.key}`)}
            </Cell>
          ))}
          <Cell to="/organizer">
            <span className="home-link">{t("home.openOrganizer")}</span>
          </Cell>
        </>
      )}
    </Section>
  );
}

/** A new member's first screen: the three ways to begin, each a cell that leads there. */
function Welcome() {
  const { t } = useTranslation();
  const steps = [
    { to: "/status", icon: "🔆", key: "status" },
    { to: "/invite", icon: "✉️", key: "invite" },
    { to: "/network", icon: "🤝", key: "help" },
  ] as const;
  return (
    <Section testId="welcome">
      <div className="ui-section-content welcome-intro">
        <h2>{t("home.welcome.title")}</h2>
        <p className="hint">{t("home.welcome.text")}</p>
      </div>
      {steps.map((s) => (
        <Cell
          key={s.key}
          to={s.to}
          multiline
          before={<span className="home-icon">{s.icon}</span>}
          subtitle={t(`home.welcome.${s.key}Hint`)}
        >
          {t(`home.welcome.${s.key}`)}
        </Cell>
      ))}
    </Section>
  );
}
