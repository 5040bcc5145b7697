import type { AppRouter } from "@exodus/server";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { Fragment, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { Avatar } from "../components/Avatar.tsx";
import { useMoney } from "../components/Money.tsx";
import { NeedStory } from "../components/NeedStory.tsx";
import { stateEmoji, useDates, useName } from "../components/PledgeBits.tsx";
import { QueryError } from "../components/QueryError.tsx";
import { Skeleton } from "../components/Skeleton.tsx";
import { StatusLines } from "../components/StatusLines.tsx";
import { errorKey, useTRPC } from "../trpc.ts";
import "./books.css";

type Outputs = inferRouterOutputs<AppRouter>;
type Dashboard = Outputs["books"]["dashboard"];
type CollectionView = Dashboard["collections"][number];
type ActionItem = Outputs["books"]["actions"]["items"][number];

const ACTIONS_SHOWN = 5;

/**
 * Home: who I am and my status; if I collect, how far my goal is covered; what needs my action now;
 * my own giving. A new member with nothing going on is told what to do first.
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
  const name = profile.name;
  // Figures read before a status change would show the collections as they were.
  const current = dashboard.data?.status === profile.status ? dashboard.data : undefined;
  const giving = current?.giving;
  // Nothing going on yet: no status, no giving, nothing to act on.
  const isNew =
    profile.status === "green" &&
    giving !== undefined &&
    giving.receivers + giving.intentions + giving.obligations + giving.confirmed === 0 &&
    actions.data?.items.length === 0;
  const open = (current?.collections ?? []).filter((c) => !c.closed);
  return (
    <main className="page books">
      <section className="card profile">
        <Avatar id={profile.id} name={name} photoUrl={profile.photoUrl} size="large" />
        <div>
          <h1 data-testid="member-name">{name}</h1>
          {profile.username && <p className="hint">@{profile.username}</p>}
        </div>
      </section>

      <h2 className="section-title">{t("statusLine.status")}</h2>
      <section className="card">
        <StatusLines profile={profile} currency={data.currency} />
        <Link to="/status" className="button">
          {t("statusLine.changeStatus")}
        </Link>
      </section>

      {profile.status !== "green" && (
        <>
          <h2 className="section-title">{t("home.progressTitle")}</h2>
          {!current ? (
            <section className="card" aria-busy="true">
              <Skeleton lines={3} />
            </section>
          ) : (
            open
              .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "emergency" ? -1 : 1))
              .map((c) => (
                <Fragment key={c.id}>
                  <Progress collection={c} currency={data.currency} />
                  {!c.paused && <NeedStory collectionId={c.id} />}
                </Fragment>
              ))
          )}
        </>
      )}

      {dashboard.isError ? (
        <QueryError error={dashboard.error} onRetry={() => dashboard.refetch()} />
      ) : !current || actions.isPending ? (
        <section className="card" aria-busy="true">
          <Skeleton lines={3} />
        </section>
      ) : isNew ? (
        <Welcome />
      ) : (
        <>
          <h2 className="section-title" id="actions-title">
            {t("home.actionsTitle")}
          </h2>
          <section className="card" aria-labelledby="actions-title" data-testid="home-actions">
            {actions.isError ? (
              <p role="alert" className="error">
                {t(errorKey(actions.error))}
              </p>
            ) : (
              <ActionList {...actions.data} currency={data.currency} />
            )}
          </section>

          <h2 className="section-title">{t("home.givingTitle")}</h2>
          <section className="card" data-testid="giving">
            <GivingLine giving={current.giving} currency={data.currency} />
          </section>
        </>
      )}
    </main>
  );
}

/**
 * One open collection: the goal, a bar of what is confirmed, promised and intended, and the circle
 * line. The bar is a progressbar for screen readers, and every part has its emoji and word.
 */
function Progress({ collection: c, currency }: { collection: CollectionView; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney(currency);
  const goal = Math.max(c.goal, 1);
  const covered = Math.min(c.confirmed + c.obligations, c.goal);
  const part = (amount: number) => `${Math.min((amount / goal) * 100, 100)}%`;
  const intentionsShown = Math.min(c.intentions, Math.max(c.goal - covered, 0));
  // The dashboard's own count, read with these figures (0: it ends today).
  const left = c.daysLeft ?? 0;
  const days = left > 0 ? t("home.daysLeft", { count: left }) : t("statusLine.deadlineToday");
  const values = {
    goal: money(c.goal),
    covered: money(c.confirmed + c.obligations),
    confirmed: money(c.confirmed),
    obligations: money(c.obligations),
    intentions: money(c.intentions),
    missing: money(c.missing),
  };
  return (
    <section className="card progress-card" data-testid={`progress-${c.kind}`}>
      <h3 className="progress-title">
        <span aria-hidden="true">{c.kind === "emergency" ? "🆘" : "🔆"}</span>{" "}
        {t(c.kind === "emergency" ? "home.emergencyTitle" : "home.monthlyTitle")}
        {c.kind === "emergency" && <span className="hint"> · {days}</span>}
      </h3>
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
      <dl className="legend">
        <div>
          <dt>
            <span aria-hidden="true">🎯</span> {t("home.goal")}
          </dt>
          <dd data-testid="total-goal">{values.goal}</dd>
        </div>
        <div className="legend-intentions">
          <dt>
            <span aria-hidden="true">❤️</span> {t("home.intentions")}
          </dt>
          <dd data-testid="total-intentions">{values.intentions}</dd>
        </div>
        <div className="legend-obligations">
          <dt>
            <span aria-hidden="true">🤝</span> {t("home.obligations")}
          </dt>
          <dd data-testid="total-obligations">{values.obligations}</dd>
        </div>
        <div className="legend-confirmed">
          <dt>
            <span aria-hidden="true">👍</span> {t("home.confirmed")}
          </dt>
          <dd data-testid="total-confirmed">{values.confirmed}</dd>
        </div>
        <div>
          <dt>
            <span aria-hidden="true">🙏</span> {t("home.missing")}
          </dt>
          <dd data-testid="total-missing">{values.missing}</dd>
        </div>
      </dl>
      <p className="circle-line" data-testid="circle-line">
        <span aria-hidden="true">
          {c.helpers} 👥→👤 (
          {c.kind === "emergency"
            ? `🙏 ${values.missing} / ${days}`
            : `❤️ ${values.intentions} / 🙏 ${values.missing}`}
          )
        </span>
        <span className="visually-hidden">{t("home.circleWords", { count: c.helpers })}</span>
      </p>
      {c.helpers + c.intentions + c.obligations + c.confirmed === 0 && (
        <p className="hint">
          {t("home.circleEmpty")} <Link to="/invite">{t("home.inviteAction")}</Link>
        </p>
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
    <>
      {periodEnding && (
        <p className="period-ending" role="note">
          <span aria-hidden="true">⏳</span>{" "}
          {t("home.periodEnding", { count: periodEnding.daysLeft })}
        </p>
      )}
      {items.length === 0 ? (
        <p className="hint" data-testid="actions-none">
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
        <Link to="/organizer" className="more-link">
          {t("home.actionsMore")}
        </Link>
      )}
    </>
  );
}

/** 👤→M 👥 (❤️ / 🤝 / 👍): what I give this month, and to how many. */
function GivingLine({ giving, currency }: { giving: Dashboard["giving"]; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney(currency);
  const values = {
    count: giving.receivers,
    intentions: money(giving.intentions),
    obligations: money(giving.obligations),
    confirmed: money(giving.confirmed),
  };
  const nothing = giving.receivers === 0 && giving.confirmed === 0;
  return (
    <>
      <p className="giving-line" data-testid="giving-line">
        <span aria-hidden="true">
          👤→{giving.receivers} 👥 (❤️ {values.intentions} / 🤝 {values.obligations} / 👍{" "}
          {values.confirmed})
        </span>
        <span className="visually-hidden">{t("home.givingWords", values)}</span>
      </p>
      {nothing ? (
        <p className="hint">
          {t("home.givingNone")} <Link to="/network">{t("home.findSomeone")}</Link>
        </p>
      ) : (
        <Link to="/organizer" className="more-link">
          {t("home.openOrganizer")}
        </Link>
      )}
    </>
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
