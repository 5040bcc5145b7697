import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMoney } from "../../components/Money.tsx";
import { QueryError } from "../../components/QueryError.tsx";
import { PageSkeleton } from "../../components/Skeleton.tsx";
import { useCurrency } from "../../network/useCurrency.ts";
import { useTRPC } from "../../trpc.ts";
import { Cell, Section } from "../../ui/index.ts";
import { poolJustLeft } from "./bits.tsx";
import { FoundPool } from "./FoundPool.tsx";
import "./pool.css";

/**
 * Pools of mutual intentions 🛟 (DOMAIN.md): the invitations I have (each opens its pool, where I
 * join), my pools with their members and my cap and cap left this month, and founding a new one.
 */
export default function PoolsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // Others join and claims are shared while I am away: read afresh each time the screen opens.
  const list = useQuery({ ...trpc.pool.list.queryOptions(), refetchOnMount: "always" });
  const money = useMoney(useCurrency());
  const [founding, setFounding] = useState(false);
  const [left] = useState(poolJustLeft);
  if (list.isPending) return <PageSkeleton />;
  if (list.isError) {
    return (
      <main className="page pool">
        <h1>{t("pools.title")}</h1>
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      </main>
    );
  }
  const { pools, invitations } = list.data;
  return (
    <main className={founding ? "page pool has-main-button" : "page pool"}>
      <h1>{t("pools.title")}</h1>
      <p className="hint pool-intro">{t("pools.intro")}</p>
      {left && (
        <p role="status" className="card pool-notice" data-testid="pools-left">
          {t("pools.left", { name: left })}
        </p>
      )}
      {invitations.length > 0 && (
        <Section id="pool-invitations" header={t("pools.invitations")} testId="pool-invitations">
          <ul className="ui-list">
            {invitations.map((i) => (
              <li key={i.poolId}>
                <Cell
                  to={`/pool/${i.poolId}`}
                  testId="pool-invitation"
                  before={<span className="pool-icon">✉️</span>}
                  subtitle={t("pools.invitedBy", {
                    name: i.invitedBy || t("pledge.deletedMember"),
                  })}
                  after={<span className="pool-link">{t("pools.open")}</span>}
                >
                  {i.name}
                </Cell>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section id="pools-mine" header={t("pools.mine")} testId="pools-mine">
        {pools.length === 0 ? (
          <p className="ui-section-content hint" data-testid="pools-none">
            {t("pools.none")}
          </p>
        ) : (
          <ul className="ui-list">
            {pools.map((p) => (
              <li key={p.id}>
                <Cell
                  to={`/pool/${p.id}`}
                  testId="pool-row"
                  multiline
                  before={<span className="pool-icon">🛟</span>}
                  subtitle={
                    <>
                      <span className="block">{t("pools.members", { count: p.members })}</span>
                      <span className="block">
                        {t("pools.myCap", { cap: money(p.cap), left: money(p.capLeft) })}
                      </span>
                    </>
                  }
                >
                  {p.name}
                </Cell>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <FoundPool open={founding} onOpen={() => setFounding(true)} />
    </main>
  );
}
