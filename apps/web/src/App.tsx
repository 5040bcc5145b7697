import { QueryClientProvider, useQuery } from "@tanstack/react-query";
import { backButton } from "@telegram-apps/sdk-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Route, Routes, useLocation, useNavigate } from "react-router";
import { DevPanel } from "./components/DevPanel.tsx";
import { InviteBanner } from "./components/InviteBanner.tsx";
import type { DevSession } from "./dev/devLaunch.ts";
import { setLanguage } from "./i18n.ts";
import type { Launch } from "./init.ts";
import { ProfilePage } from "./pages/ProfilePage.tsx";
import { StatusPage } from "./pages/StatusPage.tsx";
import { createClient, createQueryClient, errorKey, TRPCProvider, useTRPC } from "./trpc.ts";

export function App({ launch, dev }: { launch: Launch | undefined; dev: DevSession | undefined }) {
  const { t } = useTranslation();
  const [queryClient] = useState(createQueryClient);
  const [client] = useState(() => (launch ? createClient(launch.initDataRaw) : undefined));
  if (!launch || !client) {
    return <main className="page centered">{t("app.openInTelegram")}</main>;
  }
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        <BrowserRouter>
          <BackButtonFollowsRouter />
          {dev && <DevPanel session={dev} />}
          <Signed startParam={launch.startParam} />
        </BrowserRouter>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** Loads the member once; until then a loader, on failure a translated message. */
function Signed({ startParam }: { startParam: string | undefined }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useQuery(trpc.member.me.queryOptions());
  useEffect(() => {
    if (me.data) setLanguage(me.data.profile.language);
  }, [me.data]);
  if (me.isPending) return <main className="page centered hint">{t("app.loading")}</main>;
  if (me.isError) {
    return (
      <main className="page centered">
        <p role="alert">{t(errorKey(me.error))}</p>
        <button type="button" className="button" onClick={() => me.refetch()}>
          {t("app.retry")}
        </button>
      </main>
    );
  }
  return (
    <>
      <InviteBanner code={startParam} />
      <Routes>
        <Route path="/" element={<ProfilePage />} />
        <Route path="/status" element={<StatusPage />} />
        <Route path="*" element={<ProfilePage />} />
      </Routes>
    </>
  );
}

/** Telegram's back button shows on every screen but the first and goes back in history. */
function BackButtonFollowsRouter() {
  const location = useLocation();
  const navigate = useNavigate();
  useEffect(() => {
    if (!backButton.isMounted()) return;
    if (location.pathname === "/") {
      backButton.hide();
      return;
    }
    backButton.show();
    return backButton.onClick(() => navigate(-1));
  }, [location.pathname, navigate]);
  return null;
}
