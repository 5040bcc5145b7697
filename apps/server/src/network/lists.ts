import { Prisma, type PrismaClient } from "@exodus/db";
import { type MemberStatus, periodDate, periodOf } from "@exodus/shared";
import { networkCtes, suggestionsFor } from "./graph.ts";

/** A member as lists show them: status and the need line of their open collection. */
export interface MemberLine {
  id: number;
  firstName: string;
  lastName: string | null;
  photoUrl: string | null;
  status: MemberStatus;
  /** 1 or 2 ties away; 3 for suggestions. */
  distance: number;
  /** 🔆 line `N 👥→👤 (❤️ / 🙏)` or 🆘 line `N 👥→👤 (🙏 / D days left)`; null for ✅. */
  need: {
    kind: "monthly" | "emergency";
    helpers: number;
    intentions: number;
    missing: number;
    deadline: string | null;
  } | null;
}

export type MemberList = "network" | "needHelp" | "suggestions";

interface Row {
  id: number;
  first_name: string;
  last_name: string | null;
  photo_url: string | null;
  status: MemberStatus;
  distance: number;
  kind: "monthly" | "emergency" | null;
  helpers: bigint | null;
  intentions: bigint | null;
  missing: bigint | null;
  deadline: Date | null;
}

/**
 * One page of a list of members, sorted by need: 🆘 first, then 🔆 by the amount still missing,
 * then everyone else. network: everyone within two ties; needHelp: those of them in need whom the
 * viewer does not pledge to yet; suggestions: members three ties away with an open collection.
 * One SQL query: the network, each member's current collection totals, the order and the page.
 */
export async function memberList(
  prisma: PrismaClient,
  viewerId: number,
  list: MemberList,
  now: Date,
  timeZone: string,
  page: { limit: number; offset: number },
): Promise<MemberLine[]> {
  const period = periodDate(periodOf(now, timeZone));
  const members =
    list === "suggestions"
      ? Prisma.sql`SELECT unnest(${await suggestionsFor(prisma, viewerId)}::int[]) AS id, 3 AS distance`
      : Prisma.sql`SELECT id, distance FROM net`;
  const onlyInNeed =
    list === "needHelp"
      ? Prisma.sql`AND m.status <> 'green' AND NOT EXISTS (
          SELECT 1 FROM pledge mine WHERE mine.giver_id = ${viewerId} AND mine.receiver_id = m.id
            AND mine.state IN ('intention', 'obligation', 'fulfilled') AND NOT mine.overdue)`
      : Prisma.empty;
  const ordered = Prisma.sql`(status = 'red') DESC, (status = 'orange') DESC, missing DESC NULLS LAST, id`;
  const rows = await prisma.$queryRaw<Row[]>`
    WITH ${networkCtes(viewerId)},
    listed AS (${members}),
    need AS (
      -- The collection a member's line speaks of: the emergency while 🆘, else the monthly one.
      SELECT DISTINCT ON (c.member_id) c.member_id, c.id, c.kind, c.goal, c.deadline
      FROM collection c
      WHERE c.closed_at IS NULL AND c.member_id IN (SELECT id FROM listed)
      ORDER BY c.member_id, (c.kind = 'emergency') DESC
    ),
    totals AS (
      -- From the stored tally, not the pledges: a network of thousands sorts in milliseconds.
      SELECT n.member_id, n.id, n.kind, n.deadline,
        COALESCE(SUM(t.intentions), 0) AS intentions,
        GREATEST(n.goal - COALESCE(SUM(t.obligations + t.confirmed), 0), 0) AS missing
      FROM need n
      LEFT JOIN collection_tally t ON t.collection_id = n.id
        AND (n.kind = 'emergency' OR t.period = ${period}::date)
      GROUP BY n.member_id, n.id, n.kind, n.deadline, n.goal
    ),
    page AS (
      SELECT m.id, m.first_name, m.last_name, m.photo_url, m.status, l.distance,
        t.id AS collection_id, t.kind, t.intentions, t.missing, t.deadline
      FROM listed l
      JOIN member m ON m.id = l.id
      LEFT JOIN totals t ON t.member_id = m.id
      WHERE TRUE ${onlyInNeed}
      ORDER BY ${ordered}
      LIMIT ${page.limit} OFFSET ${page.offset}
    )
    -- Helpers (distinct givers) are counted for the page only.
    SELECT page.id, page.first_name, page.last_name, page.photo_url, page.status, page.distance,
      page.kind, page.intentions::bigint, page.missing::bigint, page.deadline,
      (SELECT COUNT(DISTINCT p.giver_id) FROM pledge p
        WHERE p.collection_id = page.collection_id
          AND p.state IN ('intention', 'obligation', 'fulfilled')
          AND (page.kind = 'emergency' OR (p.period = ${period}::date AND NOT p.overdue)))::bigint AS helpers
    FROM page
    ORDER BY ${ordered}`;
  return rows.map((r) => ({
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    photoUrl: r.photo_url,
    status: r.status,
    distance: r.distance,
    need:
      r.kind && r.status !== "green"
        ? {
            kind: r.kind,
            helpers: Number(r.helpers ?? 0),
            intentions: Number(r.intentions ?? 0),
            missing: Number(r.missing ?? 0),
            deadline: r.deadline?.toISOString() ?? null,
          }
        : null,
  }));
}
