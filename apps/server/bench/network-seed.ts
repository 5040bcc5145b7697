/**
 * The seeded network the benchmarks share (`pnpm bench:network`, `pnpm bench:balance`): members,
 * referral and help ties, collections and pledges, written set-based through the real tables and
 * their triggers. See `seed` for the shape.
 */
import type { Database } from "@exodus/db";
import { type Period, periodDate, previousPeriod } from "@exodus/shared";
import { UsageError } from "./scratch.ts";

/** "Now" for the lists: ten days into a period, so it has intentions, obligations and gifts. */
export const NOW = new Date("2026-12-10T12:00:00Z");
export const TIME_ZONE = "UTC";
export const PERIOD: Period = "2026-12";
export const PERIOD_DATE = periodDate(PERIOD).toISOString().slice(0, 10);
export const PREVIOUS_DATE = periodDate(previousPeriod(PERIOD)).toISOString().slice(0, 10);

/**
 * The viewers' direct ties by kind, adding up to the class: the one who invited them, those they
 * invited, the collections they give to, and those who give to their own monthly collection.
 */
export const CLASSES = [
  { ties: 10, inviters: 1, invitees: 1, gives: 3, givers: 5 },
  { ties: 100, inviters: 1, invitees: 4, gives: 15, givers: 80 },
  { ties: 1000, inviters: 1, invitees: 19, gives: 80, givers: 900 },
] as const;

/** The states in which a pledge ties giver and receiver (graph.ts: live or overdue). */
export const TIED = "('intention', 'obligation', 'fulfilled')";

/** What the seed makes: members, ties, settled pledges of past periods, viewers per class. */
export interface SeedSizes {
  members: number;
  ties: number;
  history: number;
  viewers: number;
}

/** A hash of a row number or id, non-negative, deterministic (not random()). */
export const h = (expr: string, salt: number) =>
  `(hashint4((${expr})::int + ${salt})::bigint & 2147483647)`;

/**
 * The state of a pledge that ties (by a hash in 0–99): 55% intention, 25% obligation, 12% fulfilled
 * in the current period, 8% an obligation of the previous period in the overdue archive ⌛.
 */
const tieState = (hash: string) =>
  `CASE WHEN ${hash} < 55 THEN 'intention' WHEN ${hash} < 80 THEN 'obligation'
     WHEN ${hash} < 92 THEN 'fulfilled' ELSE 'obligation' END`;
const tieOverdue = (hash: string) => `(${hash} >= 92)`;
const tiePeriod = (hash: string) =>
  `CASE WHEN ${hash} >= 92 THEN date '${PREVIOUS_DATE}' ELSE date '${PERIOD_DATE}' END`;

/**
 * Set-based seed (INSERT … SELECT over generate_series, hashint4 of the row number for anything
 * "random"), in this order:
 * - members 1..M, joined in id order over 400 days: 20% 🔆 (id % 5 = 0) with an open monthly
 *   collection, 1% 🆘 (id % 100 = 51) with an open emergency, 1% ✅ (id % 100 = 7) with a monthly
 *   collection they closed; the rest ✅. 90% were invited by an earlier member, chosen uniformly (so
 *   early members invited more): one referral tie each.
 * - viewers: BENCH_VIEWERS members (all 🔆) per class, spread over the ids. Their generic ties are
 *   removed (no pledges, their invitees re-pointed to the previous member) and replaced by exactly
 *   the class's ties (CLASSES): an inviter, invitees, collections they give to, givers to them — all
 *   distinct members, so the number of direct ties is exact.
 * - help ties: pledges spread round-robin over the other open collections (≈45 per collection at
 *   the default sizes); the k-th pledge to collection c comes from giver
 *   ((c·7919 + k·1000003) mod (M − 1)) + 1, skipping the receiver — never oneself, each giver once
 *   per collection (≈9 collections per member at the default sizes), so every pledge is a distinct
 *   tie. As many as make the total BENCH_TIES with the referral and the viewers' ties. Mean degree
 *   = 2 × ties / members = 20, with 🔆 members at ≈55 (they receive) and ✅ ones at ≈11.
 * - confirmed gifts of the current period (a quarter as many as the help ties): by DOMAIN.md they
 *   too tie their pair until the period ends, so they add ties beyond BENCH_TIES (counted apart in
 *   the seed's line), and BENCH_HISTORY settled pledges of past periods that tie no one (80%
 *   confirmed, 8% lapsed, 6% withdrawn, 6% released), copies of current ones month by month back.
 */
export async function seed(db: Database, sizes: SeedSizes) {
  const { sql } = db;
  const M = sizes.members;
  const created = (expr: string, salt: number, days: number, from: string) =>
    `timestamptz '${from} 00:00:00+00' + (${h(expr, salt)} % ${days * 86400}) * interval '1 second'`;

  await sql.exec(`
    INSERT INTO member (id, telegram_id, first_name, last_name, username, telegram_language, language,
      status, invited_by_id, created_at, updated_at)
    SELECT i, 1000000000 + i, 'Member ' || i,
      CASE WHEN i % 3 = 0 THEN NULL ELSE 'Family' || (i % 997) END,
      CASE WHEN i % 4 = 0 THEN NULL ELSE 'member_' || i END,
      (ARRAY['en', 'ru', 'uk'])[1 + i % 3],
      (ARRAY['en', 'ru', 'uk']::"Language"[])[1 + i % 3],
      (CASE WHEN i % 100 = 51 THEN 'red' WHEN i % 5 = 0 THEN 'orange' ELSE 'green' END)::"MemberStatus",
      CASE WHEN i > 1 AND ${h("i", 1)} % 10 <> 0 THEN 1 + ${h("i", 2)} % (i - 1) END,
      timestamptz '${PERIOD_DATE} 00:00:00+00' - interval '400 days' + interval '400 days' * i / ${M},
      timestamptz '${PERIOD_DATE} 00:00:00+00' - interval '400 days' + interval '400 days' * i / ${M}
    FROM generate_series(1, ${M}) i;
    SELECT setval(pg_get_serial_sequence('member', 'id'), ${M});

    INSERT INTO collection (member_id, kind, goal, paused, opened_at, closed_at, outcome, updated_at)
    SELECT m.id, 'monthly', (200 + ${h("m.id", 3)} % 1800) * 100, false,
      m.created_at + interval '3 days',
      CASE WHEN m.status = 'green' THEN ${created("m.id", 4, 30, PREVIOUS_DATE)} END,
      CASE WHEN m.status = 'green' THEN 'closed'::"CollectionOutcome" END,
      ${created("m.id", 5, 9, PERIOD_DATE)}
    FROM member m WHERE m.status = 'orange' OR m.id % 100 = 7
    ORDER BY m.id;

    INSERT INTO collection (member_id, kind, goal, deadline, opened_at, updated_at)
    SELECT m.id, 'emergency', (500 + ${h("m.id", 6)} % 9500) * 100,
      timestamptz '${PERIOD_DATE} 00:00:00+00' + interval '1 day' * (10 + m.id % 20),
      timestamptz '${PERIOD_DATE} 00:00:00+00' + interval '1 day' * (m.id % 9),
      timestamptz '${PERIOD_DATE} 00:00:00+00' + interval '1 day' * (m.id % 9)
    FROM member m WHERE m.status = 'red'
    ORDER BY m.id;`);

  // The viewers: 🔆 members (multiples of 5) spread evenly over the ids.
  const slots = CLASSES.length * sizes.viewers;
  const viewers = Array.from({ length: slots }, (_, slot) => {
    const cls = CLASSES[slot % CLASSES.length] as (typeof CLASSES)[number];
    return { slot, id: 5 * Math.floor((M * (slot + 1)) / ((slots + 1) * 5)), ...cls };
  });
  await sql.exec(`
    CREATE TABLE bench_viewer (id int PRIMARY KEY, slot int, ties int, inviters int, invitees int,
      gives int, givers int);
    INSERT INTO bench_viewer VALUES ${viewers
      .map(
        (v) =>
          `(${v.id}, ${v.slot}, ${v.ties}, ${v.inviters}, ${v.invitees}, ${v.gives}, ${v.givers})`,
      )
      .join(", ")};
    CREATE TABLE bench_tie (viewer int, role text, other int);
    UPDATE member SET invited_by_id = NULL WHERE id IN (SELECT id FROM bench_viewer);
    UPDATE member SET invited_by_id = invited_by_id - 1
      WHERE invited_by_id IN (SELECT id FROM bench_viewer);`);

  const [before] = await sql.query<{ referral: number; collections: number }>(`
    SELECT (SELECT count(*) FROM member WHERE invited_by_id IS NOT NULL)::int AS referral,
      (SELECT count(*) FROM collection WHERE closed_at IS NULL
        AND member_id NOT IN (SELECT id FROM bench_viewer))::int AS collections`);
  const referral = before?.referral ?? 0;
  const collections = before?.collections ?? 0;
  const viewerTies = viewers.reduce((sum, v) => sum + v.ties, 0);
  const help = sizes.ties - referral - viewerTies;
  const confirmed = Math.round(help / 4);
  if (help <= 0 || Math.ceil((help + confirmed) / collections) >= M - 1) {
    throw new UsageError("these sizes leave no room for the help ties: raise members or ties");
  }

  // Generic pledges: the first `help` tie, the rest are confirmed gifts of the current period.
  await sql.exec(`
    INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period, overdue,
      state_changed_at, created_at)
    SELECT giver, receiver, collection_id, amount, state::"PledgeState", period, overdue,
      created_at, created_at
    FROM (
      SELECT s.*, g0 + CASE WHEN g0 >= receiver THEN 1 ELSE 0 END AS giver,
        CASE WHEN i >= ${help} THEN 'confirmed' ELSE ${tieState("hs")} END AS state,
        CASE WHEN i >= ${help} THEN date '${PERIOD_DATE}' ELSE ${tiePeriod("hs")} END AS period,
        i < ${help} AND ${tieOverdue("hs")} AS overdue,
        CASE WHEN i < ${help} AND ${tieOverdue("hs")} THEN ${created("i", 102, 30, PREVIOUS_DATE)}
          ELSE ${created("i", 103, 9, PERIOD_DATE)} END AS created_at
      FROM (
        SELECT i, c.id AS collection_id, c.member_id AS receiver,
          ((c.idx * 7919 + (i / ${collections})::bigint * 1000003) % ${M - 1}) + 1 AS g0,
          ${h("i", 100)} % 100 AS hs,
          500 + ${h("i", 101)} % 49500 AS amount
        FROM generate_series(0, ${help + confirmed - 1}) i
        JOIN (
          SELECT id, member_id, row_number() OVER (ORDER BY id) - 1 AS idx FROM collection
          WHERE closed_at IS NULL AND member_id NOT IN (SELECT id FROM bench_viewer)
        ) c ON c.idx = i % ${collections}
      ) s
    ) p
    WHERE giver NOT IN (SELECT id FROM bench_viewer)
    ORDER BY created_at`);

  // The viewers' own ties, each to a different member: first the collections they give to …
  await sql.exec(`
    INSERT INTO bench_tie
    SELECT viewer, 'gives', member_id FROM (
      SELECT v.id AS viewer, v.gives, c.member_id, row_number() OVER (
        PARTITION BY v.id ORDER BY hashint4(c.member_id * 31 + v.slot), c.member_id) AS rk
      FROM bench_viewer v CROSS JOIN collection c
      WHERE c.closed_at IS NULL AND c.member_id NOT IN (SELECT id FROM bench_viewer)
    ) x WHERE rk <= gives;

    -- … then who invited them and who gives to them, among all the others …
    INSERT INTO bench_tie
    SELECT viewer, CASE WHEN rk <= inviters THEN 'inviter' ELSE 'giver' END, other FROM (
      SELECT v.id AS viewer, v.inviters, v.givers, m.id AS other, row_number() OVER (
        PARTITION BY v.id ORDER BY hashint4(m.id * 17 + v.slot), m.id) AS rk
      FROM bench_viewer v CROSS JOIN member m
      WHERE m.id NOT IN (SELECT id FROM bench_viewer)
        AND NOT EXISTS (SELECT 1 FROM bench_tie t WHERE t.viewer = v.id AND t.other = m.id)
    ) x WHERE rk <= inviters + givers;

    -- … and whom they invited, from disjoint sets (one inviter per member).
    INSERT INTO bench_tie
    SELECT viewer, 'invitee', other FROM (
      SELECT v.id AS viewer, v.invitees, m.id AS other, row_number() OVER (
        PARTITION BY v.id ORDER BY hashint4(m.id * 13 + v.slot), m.id) AS rk
      FROM bench_viewer v JOIN member m ON m.id % ${slots} = v.slot
      WHERE m.id NOT IN (SELECT id FROM bench_viewer)
        AND NOT EXISTS (SELECT 1 FROM bench_tie t WHERE t.viewer = v.id AND t.other = m.id)
    ) x WHERE rk <= invitees;

    UPDATE member m SET invited_by_id = t.viewer FROM bench_tie t
      WHERE t.role = 'invitee' AND m.id = t.other;
    UPDATE member m SET invited_by_id = t.other FROM bench_tie t
      WHERE t.role = 'inviter' AND m.id = t.viewer;

    INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period, overdue,
      state_changed_at, created_at)
    SELECT giver, receiver, collection_id, 500 + ${h("n", 201)} % 49500,
      (${tieState("hs")})::"PledgeState", ${tiePeriod("hs")}, ${tieOverdue("hs")},
      ${created("n", 202, 9, PERIOD_DATE)}, ${created("n", 202, 9, PERIOD_DATE)}
    FROM (
      SELECT giver, receiver, collection_id, n, ${h("n", 200)} % 100 AS hs
      FROM (
        SELECT t.viewer AS giver, t.other AS receiver, c.id AS collection_id,
          row_number() OVER (ORDER BY t.viewer, t.other)::int AS n
        FROM bench_tie t JOIN collection c ON c.member_id = t.other AND c.closed_at IS NULL
        WHERE t.role = 'gives'
        UNION ALL
        SELECT t.other, t.viewer, c.id, 1000000 + row_number() OVER (ORDER BY t.viewer, t.other)::int
        FROM bench_tie t
        JOIN collection c ON c.member_id = t.viewer AND c.closed_at IS NULL AND c.kind = 'monthly'
        WHERE t.role = 'giver'
      ) x
    ) y
    ORDER BY n;`);

  // Settled pledges of past periods: copies of current ones, month by month back.
  if (sizes.history > 0) {
    await sql.exec(`
      INSERT INTO pledge (giver_id, receiver_id, collection_id, amount, state, period, overdue,
        state_changed_at, created_at)
      SELECT giver_id, receiver_id, collection_id, amount,
        (CASE WHEN hs < 80 THEN 'confirmed' WHEN hs < 88 THEN 'lapsed' WHEN hs < 94 THEN 'withdrawn'
          ELSE 'released' END)::"PledgeState",
        period, false, created_at + interval '5 days', created_at
      FROM (
        SELECT p.giver_id, p.receiver_id, p.collection_id, p.amount, ${h("p.id", 300)} % 100 AS hs,
          (date '${PERIOD_DATE}' - interval '1 month' * back)::date AS period,
          p.created_at - interval '1 month' * back AS created_at
        FROM generate_series(1, 1 + ${sizes.history} / GREATEST(1, (SELECT count(*) FROM pledge)::int)) back
        CROSS JOIN pledge p
        WHERE NOT p.overdue
        ORDER BY back, p.id
        LIMIT ${sizes.history}
      ) x`);
  }

  const viewerRows = await sql.query<{ id: number; ties: number }>(
    "SELECT id, ties FROM bench_viewer ORDER BY slot",
  );
  await sql.exec("DROP TABLE bench_tie; DROP TABLE bench_viewer;");

  const [summary] = await sql.query<{
    members: number;
    orange: number;
    red: number;
    open: number;
    pledges: number;
    help_pledges: number;
    referral: number;
    help_pairs: number;
    ties: number;
    confirmed_only: number;
    tie_pairs: number;
    mix: string;
  }>(`
    WITH referral AS (
      SELECT LEAST(id, invited_by_id) AS a, GREATEST(id, invited_by_id) AS b
      FROM member WHERE invited_by_id IS NOT NULL
    ), help AS (
      SELECT DISTINCT LEAST(giver_id, receiver_id) AS a, GREATEST(giver_id, receiver_id) AS b
      FROM pledge WHERE state IN ${TIED}
    ), confirmed AS (
      SELECT DISTINCT LEAST(giver_id, receiver_id) AS a, GREATEST(giver_id, receiver_id) AS b
      FROM pledge WHERE state = 'confirmed' AND state_changed_at >= timestamptz '${PERIOD_DATE} 00:00:00+00'
    )
    SELECT (SELECT count(*) FROM member)::int AS members,
      (SELECT count(*) FROM member WHERE status = 'orange')::int AS orange,
      (SELECT count(*) FROM member WHERE status = 'red')::int AS red,
      (SELECT count(*) FROM collection WHERE closed_at IS NULL)::int AS open,
      (SELECT count(*) FROM pledge)::int AS pledges,
      (SELECT count(*) FROM pledge WHERE state IN ${TIED})::int AS help_pledges,
      (SELECT count(*) FROM referral)::int AS referral,
      (SELECT count(*) FROM help)::int AS help_pairs,
      (SELECT count(*) FROM (SELECT a, b FROM referral UNION SELECT a, b FROM help) t)::int AS ties,
      (SELECT count(*) FROM (SELECT a, b FROM confirmed
                             EXCEPT SELECT a, b FROM referral EXCEPT SELECT a, b FROM help) t)::int
        AS confirmed_only,
      -- What the walks read: the tie table's rows that tie now, one per pair.
      (SELECT count(*) FROM tie t
       WHERE t.member_id < t.other_id AND (t.referral > 0 OR t.live > 0
         OR t.confirmed_at >= timestamptz '${PERIOD_DATE} 00:00:00+00'))::int AS tie_pairs,
      (SELECT string_agg(label || ' ' || share || '%', ' · ' ORDER BY label)
       FROM (SELECT state || CASE WHEN overdue THEN ' ⌛' ELSE '' END AS label,
               round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS share
             FROM pledge GROUP BY state, overdue) s) AS mix`);
  if (!summary) throw new Error("seed summary missing");
  return {
    members: summary.members,
    orange: summary.orange,
    red: summary.red,
    open: summary.open,
    pledges: summary.pledges,
    helpPledges: summary.help_pledges,
    referral: summary.referral,
    helpPairs: summary.help_pairs,
    ties: summary.ties,
    overlap: summary.referral + summary.help_pairs - summary.ties,
    confirmedOnly: summary.confirmed_only,
    tiePairs: summary.tie_pairs,
    mix: summary.mix,
    viewers: viewerRows,
  };
}

export async function relationSizes(db: Database) {
  const [row] = await db.sql.query<Record<string, string>>(`
    SELECT pg_relation_size('pledge') AS pledge, pg_indexes_size('pledge') AS pledge_indexes,
      pg_relation_size('member') AS member, pg_indexes_size('member') AS member_indexes`);
  return {
    pledge: Number(row?.pledge ?? 0),
    pledgeIndexes: Number(row?.pledge_indexes ?? 0),
    member: Number(row?.member ?? 0),
    memberIndexes: Number(row?.member_indexes ?? 0),
  };
}

/** Reads the tables and their indexes into the cache (pg_prewarm when available, else scans). */
export async function warm(db: Database) {
  const tables = ["pledge", "collection", "collection_tally", "member", "help_tie", "tie"];
  const list = tables.map((t) => `'${t}'::regclass`).join(", ");
  const prewarmed = await db.sql
    .exec(`
      CREATE EXTENSION IF NOT EXISTS pg_prewarm;
      SELECT pg_prewarm(c.oid) FROM pg_class c
      WHERE c.oid IN (${list}) OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN (${list}))`)
    .then(
      () => true,
      () => false,
    );
  if (!prewarmed) for (const t of tables) await db.sql.exec(`SELECT count(*) FROM ${t}`);
}
