import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Avatar } from "../components/Avatar.tsx";
import { QueryError } from "../components/QueryError.tsx";
import { PageSkeleton } from "../components/Skeleton.tsx";
import { useTRPC } from "../trpc.ts";
import { AboutSection } from "./profile/AboutSection.tsx";
import { Goodbye, LeaveSection } from "./profile/LeaveSection.tsx";
import { NotificationsSection } from "./profile/NotificationsSection.tsx";
import { PaymentSection } from "./profile/PaymentSection.tsx";
import { StatusSection } from "./profile/StatusSection.tsx";
import "./profile/profile.css";

/**
 * Profile: my status and what it means, about me, language, payment details, notifications, and
 * leaving Exodus. Each section saves on its own; after leaving, only the goodbye is left.
 */
export default function ProfilePage() {
  const [left, setLeft] = useState<string | undefined>();
  // The goodbye replaces everything that reads the member: nothing may ask the server again, as
  // any signed request would register the person afresh.
  if (left !== undefined) return <Goodbye name={left} />;
  return <Profile onLeft={setLeft} />;
}

function Profile({ onLeft }: { onLeft: (name: string) => void }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.member.me.queryOptions());
  if (me.isPending) return <PageSkeleton />;
  if (me.isError) {
    return (
      <main className="page centered">
        <QueryError error={me.error} onRetry={() => me.refetch()} />
      </main>
    );
  }
  const { profile, paymentDetails, notificationsMuted, currency } = me.data;
  return (
    <main className="page profile-page">
      <header className="profile-head">
        <Avatar id={profile.id} name={profile.name} photoUrl={profile.photoUrl} size="large" />
        <div className="profile-head-text">
          <h1 data-testid="profile-name">{profile.name}</h1>
          {profile.username && <p className="hint">@{profile.username}</p>}
        </div>
      </header>
      <StatusSection profile={profile} currency={currency} />
      <AboutSection profile={profile} currency={currency} />
      <PaymentSection details={paymentDetails} />
      <NotificationsSection muted={notificationsMuted} />
      <LeaveSection name={profile.name} onLeft={onLeft} />
    </main>
  );
}
