import { statusEmoji } from "@exodus/shared";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "wouter";
import { Avatar } from "../components/Avatar.tsx";
import { EmptyState } from "../components/EmptyState.tsx";
import { LinkedText } from "../components/LinkedText.tsx";
import { useMoney } from "../components/Money.tsx";
import { NeedStory } from "../components/NeedStory.tsx";
import { PaymentList } from "../components/PaymentList.tsx";
import { QueryError } from "../components/QueryError.tsx";
import { PageSkeleton, Skeleton } from "../components/Skeleton.tsx";
import { isShownState } from "../network/format.ts";
import { MemberList } from "../network/MemberList.tsx";
import { PledgeForm } from "../network/PledgeForm.tsx";
import { Segments } from "../network/Segments.tsx";
import type { CollectionView, MemberView } from "../network/types.ts";
import { useCurrency } from "../network/useCurrency.ts";
import { usePages } from "../network/usePages.ts";
import { errorKey, useTRPC } from "../trpc.ts";
import { Cell, Section } from "../ui/index.ts";
import "../network/network.css";

/**
 * Another member's page: who they are, what they need and how far it is covered, how to give,
 * their circle and their people as far as I may see them, and a form to pledge. A member I may
 * not see answers exactly as one who does not exist: "not in your network".
 */
export default function MemberPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const memberId = Number(id);
  const valid = Number.isSafeInteger(memberId) && memberId > 0;
  const trpc = useTRPC();
  const member = useQuery({ ...trpc.network.member.queryOptions({ memberId }), enabled: valid });

  const notFound =
    !valid ||
    (member.isError &&
      ["errors.member.notFound", "errors.input.id"].includes(errorKey(member.error)));
  if (notFound) {
    return (
      <main className="page">
        <EmptyState
          icon="🔒"
          title={t("member.notFoundTitle")}
          text={t("member.notFoundText")}
          action={
            <Link to="/network" className="button">
              {t("member.toNetwork")}
            </Link>
          }
        />
      </main>
    );
  }
  if (member.isPending) return <PageSkeleton />;
  if (member.isError) {
    return (
      <main className="page">
        <QueryError error={member.error} onRetry={() => member.refetch()} />
      </main>
    );
  }
  // Moving from one member's page to another's starts the page afresh (form, lists).
  return <MemberProfile key={memberId} member={member.data} />;
}

function MemberProfile({ member }: { member: MemberView }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useQuery(trpc.member.me.queryOptions());
  const isMe = me.data?.profile.id === member.id;
  const name = member.name || t("network.deletedMember");
  const open = member.collections.filter((c) => !c.closed);
  const emergency = open.find((c) => c.kind === "emergency");
  const monthly = open.find((c) => c.kind === "monthly");
  // The need their status speaks of: the emergency while 🆘 (the monthly one waits, paused).
  const active =
    member.status === "red" ? emergency : member.status === "orange" ? monthly : undefined;
  const inNeed = member.status !== "green";

  return (
    <main className="page member-page">
      <header className="member-hero">
        <Avatar id={member.id} name={name} photoUrl={member.photoUrl} size="large" />
        <h1 data-testid="member-page-name">{name}</h1>
        <p className={`status status-${member.status}`} data-testid="member-page-status">
          <span aria-hidden="true">{statusEmoji[member.status]}</span>{" "}
          {t(isMe ? `status.${member.status}` : `theirStatus.${member.status}`)}
        </p>
      </header>

      {member.about && (
        <Section header={t("member.about")} id="member-about">
          <div className="ui-section-content">
            <About text={member.about} />
          </div>
        </Section>
      )}

      {isMe && (
        <Section footer={t("member.you")}>
          <Cell to="/profile" before={<span aria-hidden="true">👤</span>}>
            {t("member.myProfile")}
          </Cell>
        </Section>
      )}

      {active && <NeedCard collection={active} pausedMonthly={!!emergency && !!monthly} />}
      {active && <NeedStory collectionId={active.id} />}

      {active && !isMe && me.data && (
        <PledgeForm member={member} collection={active} myId={me.data.profile.id} />
      )}
      {!active && !isMe && (
        <Section>
          <Cell multiline>{t("member.pledge.notInNeed", { name })}</Cell>
        </Section>
      )}

      {/* In need: where to give, or why it is hidden. Otherwise only to whoever owes them. */}
      {!isMe && (inNeed || member.paymentDetails !== null) && (
        <PaymentDetails details={member.paymentDetails} />
      )}

      {inNeed && !isMe && (
        <Section>
          <Cell
            to={`/invite?target=${member.id}`}
            testId="invite-for-member"
            before={<span aria-hidden="true">✉️</span>}
            multiline
          >
            {t("member.invite", { name })}
          </Cell>
        </Section>
      )}

      {inNeed && <CircleCard memberId={member.id} />}

      <TheirPeople memberId={member.id} />
    </main>
  );
}

/** "About me" with http(s) and t.me links clickable, everything else plain text (no HTML). */
function About({ text }: { text: string }) {
  return (
    <p className="about">
      <LinkedText text={text} />
    </p>
  );
}

/** The goal and how far it is covered: 👍 and 🤝 fill the bar, ❤️ shows what is only intended. */
function NeedCard({
  collection: c,
  pausedMonthly,
}: {
  collection: CollectionView;
  pausedMonthly: boolean;
}) {
  const { t } = useTranslation();
  const money = useMoney(useCurrency());
  const pct = (x: number) => `${Math.min(100, (x / Math.max(c.goal, 1)) * 100)}%`;
  const covered = c.obligations + c.confirmed;
  const left = c.daysLeft ?? 0;
  return (
    <Section
      id="need-title"
      testId="need-card"
      header={t(`member.progress.${c.kind}`, { amount: money(c.goal) })}
      footer={
        <>
          {t("member.progress.helpers", { count: c.helpers })}
          {c.kind === "emergency" &&
            ` · ${left > 0 ? t("network.daysLeft", { count: left }) : t("network.endsToday")}`}
          {pausedMonthly && (
            <>
              <br />
              {t("member.progress.paused")}
            </>
          )}
        </>
      }
    >
      <div className="ui-section-content need-bar">
        <div
          className="progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={c.goal}
          aria-valuenow={Math.min(covered, c.goal)}
          aria-valuetext={t("member.progress.bar", {
            covered: money(covered),
            goal: money(c.goal),
          })}
        >
          <span className="progress-confirmed" style={{ width: pct(c.confirmed) }} />
          <span className="progress-obligations" style={{ width: pct(c.obligations) }} />
          <span className="progress-intentions" style={{ width: pct(c.intentions) }} />
        </div>
      </div>
      {c.kind === "monthly" && (
        <Cell after={<span className="figure">{money(c.intentions)}</span>}>
          {t("member.progress.intentions")}
        </Cell>
      )}
      <Cell after={<span className="figure">{money(c.obligations)}</span>}>
        {t("member.progress.obligations")}
      </Cell>
      <Cell after={<span className="figure">{money(c.confirmed)}</span>}>
        {t("member.progress.confirmed")}
      </Cell>
      <Cell
        after={
          <span className="figure" data-testid="need-missing">
            {money(c.missing)}
          </span>
        }
      >
        {t("member.progress.missing")}
      </Cell>
    </Section>
  );
}

/** Where to send the money, default first, each with a copy button; none: ask in person. */
function PaymentDetails({ details }: { details: MemberView["paymentDetails"] }) {
  const { t } = useTranslation();
  return (
    <Section header={t("member.payment.title")} id="payment-title" testId="payment-details">
      {details === null ? (
        <p className="hint ui-section-content">{t("member.payment.hidden")}</p>
      ) : details.length === 0 ? (
        <p className="hint ui-section-content">{t("member.payment.none")}</p>
      ) : (
        <PaymentList details={details} />
      )}
    </Section>
  );
}

/** Who helps: names for everyone in the network, each amount only for the circle itself. */
function CircleCard({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const money = useMoney(useCurrency());
  const circle = useQuery(trpc.network.circle.queryOptions({ memberId }));
  const helpers = circle.data?.helpers ?? [];
  return (
    <Section
      id="circle-title"
      testId="circle"
      header={
        <>
          {t("member.circle.title")} <span aria-hidden="true">👥→👤</span>
        </>
      }
      footer={
        helpers.length > 0 && helpers.every((h) => h.amount === null)
          ? t("member.circle.amountsHidden")
          : undefined
      }
    >
      {circle.isPending ? (
        <div className="ui-section-content">
          <Skeleton lines={2} />
        </div>
      ) : circle.isError ? (
        <p role="alert" className="error ui-section-content">
          {t(errorKey(circle.error))}
        </p>
      ) : helpers.length === 0 ? (
        <Cell before={<span aria-hidden="true">🫶</span>} multiline>
          <span className="hint">{t("member.circle.empty")}</span>
        </Cell>
      ) : (
        <ul className="ui-list">
          {helpers.map((h) => (
            // One row per giver, as the count counts them; a member who left is in no circle.
            <li key={h.id}>
              <Cell
                to={`/member/${h.id}`}
                before={<Avatar id={h.id} name={h.name} photoUrl={null} />}
                subtitle={
                  h.amount !== null && h.state && isShownState(h.state)
                    ? t(`member.state.${h.state}`)
                    : undefined
                }
                after={
                  h.amount !== null ? <span className="figure">{money(h.amount)}</span> : undefined
                }
              >
                {h.name}
              </Cell>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

const THEIR_LISTS = ["network", "helpers", "helped"] as const;
type TheirList = (typeof THEIR_LISTS)[number];
const EMPTY: Record<TheirList, string> = {
  network: "member.lists.emptyNetwork",
  helpers: "member.lists.emptyHelpers",
  helped: "member.lists.emptyHelped",
};

/** Their network, helpers and those they help, cut to whom I may see. */
function TheirPeople({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const asked = params.get("list");
  const list: TheirList = THEIR_LISTS.includes(asked as TheirList)
    ? (asked as TheirList)
    : "network";
  const pages = usePages(`${memberId}-${list}`, (page) =>
    trpc.network.list.queryOptions({ list, memberId, ...page }),
  );
  return (
    <section aria-labelledby="their-people">
      <h2 id="their-people" className="ui-section-header">
        {t("member.lists.label")}
      </h2>
      <Segments
        label={t("member.lists.label")}
        options={THEIR_LISTS.map((key) => ({ key, label: t(`member.lists.${key}`) }))}
        value={list}
        onChange={(key) => setParams({ list: key }, { replace: true })}
        panelId="member-list"
      />
      <div id="member-list" role="tabpanel" aria-labelledby={`member-list-${list}`} tabIndex={-1}>
        <MemberList
          pages={pages}
          label={t(`member.lists.${list}`)}
          empty={<p className="card hint">{t(EMPTY[list])}</p>}
        />
      </div>
    </section>
  );
}
