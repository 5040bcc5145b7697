import { routeOfStartParam } from "@exodus/shared";
import { QueryClientProvider, useQuery, useQueryClient } from "@tanstack/react-query";
import { Suspense, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, Route, Router, Switch, useLocation } from "wouter";
import { ErrorBoundary, lazyScreen } from "./components/ErrorBoundary.tsx";
import { InviteBanner } from "./components/InviteBanner.tsx";
import { QueryError } from "./components/QueryError.tsx";
import { PageSkeleton } from "./components/Skeleton.tsx";
import type { DevMode } from "./dev/devMode.ts";
import { setLanguage, withMoreStrings } from "./i18n.ts";
import { type Launch, useTelegramStarted } from "./init.ts";
import { HomePage } from "./pages/HomePage.tsx";
import { useNavigate, useTrackNavigation } from "./router.ts";
import { sdk } from "./sdk.ts";
import { useBottomButtonsShown } from "./telegram.ts";
import { type Api, TRPCProvider, useTRPC } from "./trpc.ts";

// Home is in the first bundle; every other screen loads when first opened (those that speak of
// clearing, the picture, initiatives and pools with those words: withMoreStrings).
const OrganizerPage = lazyScreen(withMoreStrings(() => import("./pages/OrganizerPage.tsx")));
const PledgePage = lazyScreen(() => import("./pages/PledgePage.tsx"));
const NetworkPage = lazyScreen(() => import("./pages/NetworkPage.tsx"));
const MemberPage = lazyScreen(() => import("./pages/MemberPage.tsx"));
const PicturePage = lazyScreen(withMoreStrings(() => import("./pages/PicturePage.tsx")));
const InvitePage = lazyScreen(() => import("./pages/InvitePage.tsx"));
const ProfilePage = lazyScreen(() => import("./pages/ProfilePage.tsx"));
const StatusPage = lazyScreen(() => import("./pages/StatusPage.tsx"));
const ClearingPage = lazyScreen(withMoreStrings(() => import("./pages/ClearingPage.tsx")));
const InitiativesPage = lazyScreen(withMoreStrings(() => import("./pages/InitiativesPage.tsx")));
const InitiativeProposePage = lazyScreen(
  withMoreStrings(() => import("./pages/InitiativeProposePage.tsx")),
);
const InitiativePage = lazyScreen(withMoreStrings(() => import("./pages/InitiativePage.tsx")));
const PoolsPage = lazyScreen(withMoreStrings(() => import("./pages/pool/PoolsPage.tsx")));
const PoolPage = lazyScreen(withMoreStrings(() => import("./pages/pool/PoolPage.tsx")));

/** The tabs at the bottom; their screens are the roots, without a back button. */
const TABS = [
  { path: "/", key: "home", icon: "🏠" },
  { path: "/organizer", key: "organizer", icon: "📒" },
  { path: "/network", key: "network", icon: "👥" },
  { path: "/profile", key: "profile", icon: "👤" },
] as const;

export function App({
  launch,
  api,
  dev,
}: {
  launch: Launch | undefined;
  api: Api | undefined;
  dev: DevMode | undefined;
}) {
  const { t } = useTranslation();
  if (!launch || !api) {
    return <main className="page centered">{t("app.openInTelegram")}</main>;
  }
  return (
    <QueryClientProvider client={api.queryClient}>
      <TRPCProvider trpcClient={api.client} queryClient={api.queryClient}>
        <Router>
          <BackButtonFollowsRouter />
          <SettingsButtonOpensProfile />
          {dev && <dev.Panel session={dev.session} />}
          <Signed startParam={launch.startParam} />
          {dev && <dev.Controls />}
        </Router>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** Loads the member once; until then a loader, on failure a translated message. */
function Signed({ startParam }: { startParam: string | undefined }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useQuery(trpc.member.me.queryOptions());
  const [location] = useLocation();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (me.data) setLanguage(me.data.profile.language);
  }, [me.data]);
  if (me.isPending) return <main className="page centered hint">{t("app.loading")}</main>;
  if (me.isError) {
    return (
      <main className="page centered">
        <QueryError error={me.error} onRetry={() => me.refetch()} />
      </main>
    );
  }
  const route = routeOfStartParam(startParam);
  return (
    <>
      <StartRoute path={route?.kind === "screen" ? route.path : undefined} />
      <InviteBanner code={route?.kind === "invite" ? route.code : undefined} />
      {/* A failed screen's queries have no observers left: dropping them, it starts afresh. */}
      <ErrorBoundary
        resetKey={location}
        onReset={() => queryClient.removeQueries({ type: "inactive" })}
      >
        <Suspense fallback={<PageSkeleton />}>
          <Switch>
            <Route path="/" component={HomePage} />
            <Route path="/organizer" component={OrganizerPage} />
            <Route path="/pledge/:id" component={PledgePage} />
            <Route path="/network" component={NetworkPage} />
            <Route path="/member/:id" component={MemberPage} />
            <Route path="/picture" component={PicturePage} />
            <Route path="/invite" component={InvitePage} />
            <Route path="/profile" component={ProfilePage} />
            <Route path="/status" component={StatusPage} />
            <Route path="/clearing" component={ClearingPage} />
            <Route path="/initiatives" component={InitiativesPage} />
            <Route path="/initiatives/new" component={InitiativeProposePage} />
            <Route path="/initiatives/:id" component={InitiativePage} />
            <Route path="/pools" component={PoolsPage} />
            <Route path="/pool/:id" component={PoolPage} />
            <Route component={HomePage} />
          </Switch>
        </Suspense>
      </ErrorBoundary>
      <TabBar />
    </>
  );
}

/** A deep link (a notification's button, a shared link) opens its screen once, over Home. */
function StartRoute({ path }: { path: string | undefined }) {
  const navigate = useNavigate();
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !path || path === "/") return;
    done.current = true;
    navigate(path);
  }, [path, navigate]);
  return null;
}

/**
 * The tabs, while the page shows no Telegram main or secondary button: those stand at the same
 * place, so the tabs give way to them (the back button leads out of such a page). The tab of the
 * screen shown, tapped again, takes it back to its top and reads its figures afresh.
 */
function TabBar() {
  const { t } = useTranslation();
  const [location] = useLocation();
  const queryClient = useQueryClient();
  const buttonsShown = useBottomButtonsShown();
  if (buttonsShown) return null;
  return (
    <nav className="tab-bar" aria-label={t("nav.label")}>
      {TABS.map((tab) => (
        <Link
          key={tab.key}
          to={tab.path}
          className={(active) => (active ? "tab active" : "tab")}
          aria-current={location === tab.path ? "page" : undefined}
          data-testid={`tab-${tab.key}`}
          onClick={(event) => {
            if (location !== tab.path) return;
            // The tab of the screen shown, tapped again: back to its top, its figures read afresh.
            event.preventDefault();
            window.scrollTo({ top: 0, behavior: "smooth" });
            void queryClient.refetchQueries({ type: "active" });
          }}
        >
          <span aria-hidden="true">{tab.icon}</span>
          <span>{t(`nav.${tab.key}`)}</span>
        </Link>
      ))}
    </nav>
  );
}

/**
 * Telegram's back button shows on every screen but the tabs' roots and goes back in history. On a
 * root whose main or secondary button has taken the tabs' place (Profile with an unsaved text), it
 * shows too and leads Home, so no screen is a dead end.
 */
function BackButtonFollowsRouter() {
  const [location] = useLocation();
  const navigate = useNavigate();
  const buttonsShown = useBottomButtonsShown();
  const started = useTelegramStarted();
  useTrackNavigation();
  useEffect(() => {
    const backButton = started ? sdk()?.backButton : undefined;
    if (!backButton?.isMounted()) return;
    const root = TABS.some((tab) => tab.path === location);
    if (root && (!buttonsShown || location === "/")) {
      backButton.hide();
      return;
    }
    backButton.show();
    return backButton.onClick(() => (root ? navigate("/") : navigate(-1)));
  }, [started, location, navigate, buttonsShown]);
  return null;
}

/** Telegram's "Settings" in the app's menu opens Profile, where the member's settings are. */
function SettingsButtonOpensProfile() {
  const navigate = useNavigate();
  const started = useTelegramStarted();
  useEffect(() => {
    const settingsButton = started ? sdk()?.settingsButton : undefined;
    if (!settingsButton?.isMounted()) return;
    settingsButton.show();
    return settingsButton.onClick(() => navigate("/profile"));
  }, [started, navigate]);
  return null;
}
