import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "wouter";
import { EmptyState } from "../components/EmptyState.tsx";
import { InviteCodeForm } from "../components/InviteCodeForm.tsx";
import { MemberList } from "../network/MemberList.tsx";
import { Segments } from "../network/Segments.tsx";
import { usePages } from "../network/usePages.ts";
import { useTRPC } from "../trpc.ts";
import "../network/network.css";

const LISTS = ["network", "needHelp", "helpers", "helped", "suggestions"] as const;
type List = (typeof LISTS)[number];

/** What each empty list suggests doing next. */
const NEXT: Record<List, "invite" | "status" | "needHelp"> = {
  network: "invite",
  needHelp: "invite",
  helpers: "status",
  helped: "needHelp",
  suggestions: "invite",
};

const ICONS: Record<List, string> = {
  network: "👥",
  needHelp: "🙌",
  helpers: "👥→👤",
  helped: "👤→👥",
  suggestions: "🧭",
};

/**
 * My network, in five lists: everyone, those who need help now (🆘 first), my helpers, those I
 * help, and circles to join beyond it; below them, a place to type an invite code. The list shown is kept in the address, so going back to the
 * screen from a member's page shows the same list.
 */
export default function NetworkPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const asked = params.get("list");
  const list: List = LISTS.includes(asked as List) ? (asked as List) : "network";
  const pages = usePages(list, (page) => trpc.network.list.queryOptions({ list, ...page }));

  const next = NEXT[list];
  const action =
    next === "invite" ? (
      <Link to="/invite" className="button">
        {t("network.inviteFriends")}
      </Link>
    ) : next === "status" ? (
      <Link to="/status" className="button">
        {t("network.changeStatus")}
      </Link>
    ) : (
      <button
        type="button"
        className="button"
        onClick={() => setParams({ list: "needHelp" }, { replace: true })}
      >
        {t("network.seeNeedHelp")}
      </button>
    );

  return (
    <main className="page">
      <header className="page-header">
        <h1>{t("network.title")}</h1>
        <div className="header-links">
          <Link to="/picture" className="chip-link" data-testid="picture-link">
            <span aria-hidden="true">🕸️</span> {t("network.picture")}
          </Link>
          {/* Invite is always a tap away, not only from empty lists: links for friends, and who joined. */}
          <Link to="/invite" className="chip-link" data-testid="invite-screen-link">
            <span aria-hidden="true">✉️</span> {t("network.inviteFriends")}
          </Link>
        </div>
      </header>
      <Segments
        label={t("network.lists.label")}
        options={LISTS.map((key) => ({ key, label: t(`network.lists.${key}`) }))}
        value={list}
        onChange={(key) => setParams({ list: key }, { replace: true })}
        panelId="network-list"
      />
      <section
        id="network-list"
        role="tabpanel"
        aria-labelledby={`network-list-${list}`}
        tabIndex={-1}
      >
        <p className="hint list-intro">{t(`network.intro.${list}`)}</p>
        <MemberList
          pages={pages}
          label={t(`network.lists.${list}`)}
          empty={
            <EmptyState
              icon={ICONS[list]}
              title={t(`network.empty.${list}`)}
              text={t(`network.empty.${list}Text`)}
              action={action}
            />
          }
        />
      </section>
      {/* A code passed on by hand (no bot on this server, or a link copied as text) opens here. */}
      <InviteCodeForm />
    </main>
  );
}
