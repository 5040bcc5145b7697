import type { AppRouter } from "@exodus/server";
import { type MemberStatus, statusEmoji } from "@exodus/shared";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Fragment, type ReactNode, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { Avatar } from "../components/Avatar.tsx";
import { useMoney } from "../components/Money.tsx";
import { NeedStory } from "../components/NeedStory.tsx";
import { stateEmoji, useDates, useName } from "../components/PledgeBits.tsx";
import { QueryError } from "../components/QueryError.tsx";
import { Skeleton } from "../components/Skeleton.tsx";
import { errorKey, useTRPC } from "../trpc.ts";
import "./books.css";

type Outputs = inferRouterOutputs<AppRouter>;
type Dashboard = Outputs["books"]["dashboard"];
type CollectionView = Dashboard["collections"][number];
type ActionItem = Outputs["books"]["actions"]["items"][number];

const ACTIONS_SHOWN = 5;

/**
 * Home, in the order a member needs it: who I am and my status in one compact row; what needs my
 * action now; how far my collection is covered, in words with numbers; friends in my network who
 * need help; my own giving. Emoji stand beside words as accents, never as the figures themselves.
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

      {dashboard.isError ? (
        <QueryError error={dashboard.error} onRetry={() => dashboard.refetch()} />
      ) : !current || actions.isPending ? (
        <section className="card" aria-busy="true">
          <Skeleton lines={3} />
        </section>
      ) : isNew ? (
        <Welcome />
      ) : (
        <section aria-labelledby="actions-title" data-testid="home-actions">
          <h2 className="section-title" id="actions-title">
            {t("home.actionsTitle")}
          </h2>
          {actions.isError ? (
            <p role="alert" className="card error">
              {t(errorKey(actions.error))}
            </p>
          ) : (
            <ActionList {...actions.data} currency={data.currency} />
          )}
        </section>
      )}

      {profile.status !== "green" && current && open.length > 0 && (
        <section aria-labelledby="progress-title">
          <h2 className="section-title" id="progress-title">
            {t("home.progressTitle")}
          </h2>
          {open.map((c) => (
            <Fragment key={c.id}>
              <Progress collection={c} currency={data.currency} />
              {!c.paused && <NeedStory collectionId={c.id} />}
            </Fragment>
          ))}
        </section>
      )}

      <FriendsInNeed currency={data.currency} />

      {current && !isNew && <Giving giving={current.giving} currency={data.currency} />}
    </main>
  );
}

/** Who I am and my status in words, with a small link to change it (Telegram's settings cell). */
function MeRow({
  profile,
}: {
  profile: { id: number; name: string; photoUrl: string | null; status: MemberStatus };
}) {
  const { t } = useTranslation();
  return (
    <section className="card me-row">
      <Avatar id={profile.id} name={profile.name} photoUrl={profile.photoUrl} />
      <div className="me-row-text">
        <h1 className="me-row-name" data-testid="member-name">
          {profile.name}
        </h1>
        <p className={`me-row-status status-${profile.status}`} data-testid="member-status">
          <span aria-hidden="true">{statusEmoji[profile.status]}</span>{" "}
          {t(`status.${profile.status}`)}
        </p>
      </div>
      <Link to="/status" className="me-row-change" aria-label={t("statusLine.changeStatus")}>
        {t("home.changeStatusShort")}
      </Link>
    </section>
  );
}

/**
 * One open collection, in words first: "$50.00 of $200.00 promised", who helps and what is still
 * missing; then a bar of what is confirmed, promised and intended (a progressbar for screen
 * readers), and the figures each under its word.
 */
function Progress({ collection: c, currency }: { collection: CollectionView; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney(currency);
  const goal = Math.max(c.goal, 1);
  const covered = Math.min(c.confirmed + c.obligations, c.goal);
  const part = (amount: number) => `${Math.min((amount / goal) * 100, 100)}%`;
  const intentionsShown = Math.min(c.intentions, Math.max(c.goal - covered, 0));
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
  const figures = [
    ...(emergency ? [] : [{ key: "intentions", emoji: "❤️", amount: values.intentions }]),
    { key: "obligations", emoji: "🤝", amount: values.obligations },
    { key: "confirmed", emoji: "👍", amount: values.confirmed },
    { key: "missing", emoji: "🙏", amount: values.missing },
  ] as const;
  return (
    <section className="card progress-card" data-testid={`progress-${c.kind}`}>
      <h3 className="progress-title">
        <span aria-hidden="true">{emergency ? "🆘" : "🔆"}</span>{" "}
        {t(emergency ? "home.emergencyTitle" : "home.monthlyTitle")}
      </h3>
      {emergency ? (
        <p className="hint progress-goal" data-testid="emergency-goal">
          {t("statusLine.emergencyGoal", { amount: values.goal })} · {days}
        </p>
      ) : (
        <p className="hint progress-goal" data-testid="monthly-goal">
          {t("statusLine.monthlyGoal", { amount: values.goal })}
          {c.paused && <span> · {t("statusLine.paused")}</span>}
        </p>
      )}
      <p className="progress-headline">
        {tagged(t("home.coveredOf", { covered: values.covered, goal: values.goal }), {
          strong: (text) => <strong>{text}</strong>,
          goal: (text) => <span data-testid="total-goal">{text}</span>,
        })}
      </p>
      <div
        className="progress"
        role="progressbar"
        aria-label={t("home.progressLabel", values)}
        aria-valuemin={0}
        aria-valuemax={c.goal}
        aria-valuenow={covered}
        aria-valuetext={t("home.progressValue", values)}
      >
        <span className="progress-confirmed" style={{ width: part(c.confirmed) }} />
        <span className="progress-obligations" style={{ width: part(c.obligations) }} />
        <span className="progress-intentions" style={{ width: part(intentionsShown) }} />
      </div>
      <p className="circle-line" data-testid="circle-line">
        {t("home.circleWords", { count: c.helpers })}
        {emergency && c.missing > 0 && ` · ${t("home.missingWords", { amount: values.missing })}`}
      </p>
      <dl className={`legend legend-${figures.length}`}>
        {figures.map((f) => (
          <div key={f.key} className={`legend-${f.key}`}>
            <dt>
              <span aria-hidden="true">{f.emoji}</span> {t(`home.${f.key}`)}
            </dt>
            <dd data-testid={`total-${f.key}`}>{f.amount}</dd>
          </div>
        ))}
      </dl>
      {c.helpers + c.intentions + c.obligations + c.confirmed === 0 && (
        <p className="hint">
          {t("home.circleEmpty")} <Link to="/invite">{t("home.inviteAction")}</Link>
        </p>
      )}
    </section>
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
    <section aria-labelledby="friends-title" data-testid="friends-in-need">
      <h2 className="section-title" id="friends-title">
        {t("home.friendsTitle")}
      </h2>
      <ul className="card rows friends">
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
            <li key={friend.id}>
              <Link to={`/member/${friend.id}`} className="row" data-testid="friend-in-need">
                <Avatar id={friend.id} name={name} photoUrl={friend.photoUrl} />
                <span className="row-main">
                  <span className="row-name">{name}</span>
                  <span className={`block friend-need status-${friend.status}`}>
                    <span aria-hidden="true">{statusEmoji[friend.status]}</span> {line}
                  </span>
                </span>
                <span className="row-chevron" aria-hidden="true">
                  ›
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
      {friends.length > FRIENDS_SHOWN && (
        <Link to="/network?list=needHelp" className="more-link section-more">
          {t("home.friendsAll")}
        </Link>
      )}
    </section>
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
    <div className="card rows">
      {periodEnding && (
        <p className="period-ending" role="note">
          <span aria-hidden="true">⏳</span>{" "}
          {t("home.periodEnding", { count: periodEnding.daysLeft })}
        </p>
      )}
      {items.length === 0 ? (
        <p className="hint actions-none" data-testid="actions-none">
          <span aria-hidden="true">✓</span> {t("home.actionsNone")}
        </p>
      ) : (
        <ul className="rows">
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
            return (
              <li key={item.pledgeId}>
                <Link to={`/pledge/${item.pledgeId}`} className="row" data-testid="action-item">
                  <span className="row-icon" aria-hidden="true">
                    {item.reason === "confirm" ? "✋" : stateEmoji[item.state]}
                  </span>
                  <span className="row-main">
                    <span>{text}</span>
                    {item.remindedAt && (
                      <span className="hint block">
                        {t("home.action.reminded", {
                          name: values.name,
                          date: dates.date(item.remindedAt),
                        })}
                      </span>
                    )}
                    {item.kind === "emergency" && (
                      <span className="hint block">
                        <span aria-hidden="true">🆘</span> {t("home.emergencyTitle")}
                      </span>
                    )}
                  </span>
                  <span className="row-chevron" aria-hidden="true">
                    ›
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
      {more && (
        <Link to="/organizer" className="more-link rows-more">
          {t("home.actionsMore")}
        </Link>
      )}
    </div>
  );
}

/**
 * My own giving this month in words — to how many members, then what I intended, promised and
 * had confirmed, each under its word (DOMAIN.md's `👤→M 👥 (❤️ / 🤝 / 👍)`, said plainly).
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
    <section aria-labelledby="giving-title">
      <h2 className="section-title" id="giving-title">
        {t("home.givingTitle")}
      </h2>
      <div className="card" data-testid="giving">
        {nothing ? (
          <p className="hint">
            {t("home.givingNone")} <Link to="/network">{t("home.findSomeone")}</Link>
          </p>
        ) : (
          <>
            <p className="giving-line" data-testid="giving-line">
              {t("home.givingHeadline", { count: giving.receivers })}
            </p>
            <dl className="legend legend-3">
              {figures.map((f) => (
                <div key={f.key}>
                  <dt>
                    <span aria-hidden="true">{f.emoji}</span> {t(`home.${f.key}`)}
                  </dt>
                  <dd data-testid={`giving-${f.key}`}>{money(f.amount)}</dd>
                </div>
              ))}
            </dl>
            <Link to="/organizer" className="more-link">
              {t("home.openOrganizer")}
            </Link>
          </>
        )}
      </div>
    </section>
  );
}

/** A new member's first screen: the three ways to begin. */
function Welcome() {
  const { t } = useTranslation();
  const steps = [
    { to: "/status", icon: "🔆", key: "status" },
    { to: "/invite", icon: "✉️", key: "invite" },
    { to: "/network", icon: "🤝", key: "help" },
  ] as const;
  return (
    <section className="card welcome" data-testid="welcome">
      <h2>{t("home.welcome.title")}</h2>
      <p className="hint">{t("home.welcome.text")}</p>
      <ul className="rows">
        {steps.map((s) => (
          <li key={s.key}>
            <Link to={s.to} className="row">
              <span className="row-icon" aria-hidden="true">
                {s.icon}
              </span>
              <span className="row-main">
                <strong>{t(`home.welcome.${s.key}`)}</strong>
                <span className="hint block">{t(`home.welcome.${s.key}Hint`)}</span>
              </span>
              <span className="row-chevron" aria-hidden="true">
                ›
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
