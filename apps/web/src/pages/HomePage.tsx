import { statusEmoji } from "@exodus/shared";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMoney } from "../components/Money.tsx";
import { useTRPC } from "../trpc.ts";

/** Home: who I am, my status and my open collections (the full Home arrives with its screen). */
export function HomePage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { data } = useQuery(trpc.member.me.queryOptions());
  const money = useMoney(data?.currency ?? "USD");
  if (!data) return null;
  const { profile } = data;
  const name = profile.name;
  return (
    <main className="page">
      <section className="card profile">
        <Avatar name={name} photoUrl={profile.photoUrl} />
        <div>
          <h1 data-testid="member-name">{name}</h1>
          {profile.username && <p className="hint">@{profile.username}</p>}
        </div>
      </section>

      <h2 className="section-title">{t("profile.status")}</h2>
      <section className="card">
        <p className={`status status-${profile.status}`} data-testid="member-status">
          <span aria-hidden="true">{statusEmoji[profile.status]}</span>{" "}
          {t(`status.${profile.status}`)}
        </p>
        {profile.monthly && (
          <p data-testid="monthly-goal">
            {t("profile.monthlyGoal", { amount: money(profile.monthly.goal) })}
            {profile.monthly.paused && <span className="hint"> · {t("profile.paused")}</span>}
          </p>
        )}
        {profile.emergency && (
          <p data-testid="emergency-goal">
            {t("profile.emergencyGoal", { amount: money(profile.emergency.goal) })} ·{" "}
            {profile.emergency.daysLeft > 0
              ? t("profile.deadline", { count: profile.emergency.daysLeft })
              : t("profile.deadlineToday")}
          </p>
        )}
        <Link to="/status" className="button">
          {t("profile.changeStatus")}
        </Link>
      </section>
    </main>
  );
}

function Avatar({ name, photoUrl }: { name: string; photoUrl: string | null }) {
  if (photoUrl?.startsWith("https://")) {
    return <img className="avatar" src={photoUrl} alt="" />;
  }
  return (
    <span className="avatar" aria-hidden="true">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
