import { Prisma, type PrismaClient } from "@exodus/db";
import { daysLeft, type MemberStatus, periodDate, periodOf } from "@exodus/shared";
import { circleSql, figuresSql, openCollectionsOf } from "../books/predicates.ts";
import { networkCtes, suggestionsFor, tieHoldsSql, tiesSince } from "./graph.ts";
import { nameOf } from "./names.ts";

/** A member as lists show them: status and the need line of their open collection. */
export interface MemberLine {
  id: number;
  firstName: string;
  lastName: string | null;
  /** The name they go by in Exodus (chosen, else Telegram's first and last name). */
  name: string;
  photoUrl: string | null;
  status: MemberStatus;
  /** From the viewer: 0 oneself, 1 or 2 ties away (the network), 3 beyond (a suggestion or an
   * invite link's target). */
  distance: number;
  /** 🔆 line `N 👥→👤 (❤️ / 🙏)` or 🆘 line `N 👥→👤 (🙏 / D days left)`; null for ✅. */
  need: {
    kind: "monthly" | "emergency";
    helpers: number;
    intentions: number;
    missing: number;
    /** What the collection asks for (this month's, for a monthly one). */
    goal: number;
    deadline: string | null;
    /** Emergencies: whole days left by the server's clock (0: it ends today). */
    daysLeft: number | null;
  } | null;
}

export type MemberList = "network" | "needHelp" | "helpers" | "helped" | "suggestions";

interface Row {
  id: number;
  first_name: string;
  last_name: string | null;
  display_name: string | null;
  photo_url: string | null;
  status: MemberStatus;
  distance: number;
  kind: "monthly" | "emergency" | null;
  helpers: bigint | null;
  intentions: bigint | null;
  missing: bigint | null;
  goal: number | null;
  deadline: Date | null;
}

/**
 * One page of a list of members, sorted by need: 🆘 first, then 🔆 by the amount still missing,
 * then everyone else. network: everyone within two ties; needHelp: those of them in need in whose
 * circle the viewer is not yet; helpers: the circle of the subject's open collections (👥→👤, the
 * people the need line's N counts: predicates.ts's circleSql); helped: whom a help tie binds to
 * the subject as receivers (👤→👥, as many as the giving line's M); suggestions: members three
 * ties away with an open collection. A gift that arrived keeps its giver in all of them until the
 * period ends; a member who left is in none.
 * The subject is the viewer, or another member whose lists are then cut to whom the viewer may see.
 * One SQL query: the members, each one's current need from the stored tally, the order and the page.
 */
export async function memberList(
  prisma: PrismaClient,
  viewerId: number,
  list: MemberList,
  now: Date,
  timeZone: string,
  page: { limit: number; offset: number },
  subjectId: number = viewerId,
): Promise<MemberLine[]> {
  const period = periodDate(periodOf(now, timeZone));
  const own = subjectId === viewerId;
  const since = tiesSince(now, timeZone);
  let subjects: Prisma.Sql;
  switch (list) {
    case "network":
      subjects = Prisma.sql`SELECT id FROM ${Prisma.raw(own ? "net" : "their_net")}`;
      break;
    case "needHelp":
      subjects = Prisma.sql`SELECT id FROM net`;
      break;
    case "helpers":
      // As many as the need line's N 👥→👤 counts: the circle, not every help tie.
      subjects = Prisma.sql`SELECT DISTINCT giver_id FROM (${circleSql(openCollectionsOf(subjectId), period)}) circle`;
      break;
    case "helped":
      subjects = Prisma.sql`SELECT t.receiver_id FROM help_tie t WHERE t.giver_id = ${subjectId} AND ${tieHoldsSql("t", since)}`;
      break;
    case "suggestions":
      subjects = Prisma.sql`SELECT unnest(${await suggestionsFor(prisma, viewerId, now, timeZone)}::int[])`;
      break;
  }
  // Whom the viewer may see, and how far: themself, their network, their suggestions and the
  // targets of invite links they opened (as canSee decides for one member at a time).
  const visible = Prisma.sql`
    SELECT ${viewerId}::int AS id, 0 AS distance
    UNION ALL SELECT id, distance FROM net
    UNION ALL SELECT unnest(${own ? [] : await suggestionsFor(prisma, viewerId, now, timeZone)}::int[]), 3
    UNION ALL SELECT i.target_id, 3 FROM invite_open o JOIN invite i ON i.id = o.invite_id
      WHERE o.member_id = ${viewerId}`;
  // One's own lists need no cut: one's network is what one sees, helpers and helped are one tie
  // away, suggestions three.
  const members = own
    ? list === "network" || list === "needHelp"
      ? Prisma.sql`SELECT id, distance FROM net`
      : Prisma.sql`SELECT s.id, ${list === "suggestions" ? 3 : 1}::int AS distance FROM (${subjects}) s (id)`
    : Prisma.sql`
      SELECT s.id, MIN(v.distance) AS distance
      FROM (${subjects}) s (id) JOIN visible v ON v.id = s.id
      WHERE s.id <> ${subjectId}
      GROUP BY s.id`;
  // needHelp: those in need in whose circle the viewer is not yet.
  const notYetHelping =
    list === "needHelp"
      ? Prisma.sql`AND NOT EXISTS (
          SELECT 1 FROM (${circleSql(openCollectionsOf(Prisma.raw("n.member_id")), period)}) mine
          WHERE mine.giver_id = ${viewerId})`
      : Prisma.empty;
  const reach = page.offset + page.limit;
  // A part of the list by need: the open collections of one kind of the listed members (a member
  // in an emergency is 🆘 whatever their paused monthly collection), by what is still missing.
  const inNeed = (kind: "emergency" | "monthly", rank: number, before: Prisma.Sql) => Prisma.sql`
      SELECT n.member_id AS id, n.id AS collection_id, n.kind, n.deadline, n.goal, f.intentions,
        f.missing, ${rank}::int AS rank
      FROM collection n CROSS JOIN LATERAL (${figuresSql("n", period)}) f
      WHERE n.kind = ${Prisma.raw(`'${kind}'`)} AND n.closed_at IS NULL
        AND n.member_id IN (SELECT id FROM listed)
        ${
          kind === "monthly"
            ? Prisma.sql`AND NOT EXISTS (
          SELECT 1 FROM collection e
          WHERE e.member_id = n.member_id AND e.kind = 'emergency' AND e.closed_at IS NULL)`
            : Prisma.empty
        }
        ${notYetHelping}
      ORDER BY f.missing DESC, n.member_id
      LIMIT GREATEST(${reach} - ${before}, 0)`;
  const rows = await prisma.$queryRaw<Row[]>`
    WITH ${networkCtes(viewerId, now, timeZone)},
    ${own ? Prisma.empty : Prisma.sql`${networkCtes(subjectId, now, timeZone, "their_")}, visible AS (${visible}),`}
    listed AS (${members}),
    -- By need: 🆘 (an open emergency) first, then 🔆 (an open monthly collection) by what is still
    -- missing, then ✅ (no open collection) by id — a status is its open collections. Each part
    -- is sorted only as far as the page reaches, 🙏 from the stored tally, not the pledges, and a
    -- part the ones before it fill is not read at all: a network of tens of thousands answers its
    -- first page from its few 🆘. (The lists hold no leaver: their collections are closed, and
    -- neither the ties nor the circles hold them.)
    red AS (${inNeed("emergency", 0, Prisma.sql`0`)}),
    orange AS (${inNeed("monthly", 1, Prisma.sql`(SELECT COUNT(*) FROM red)`)}),
    green AS (
      SELECT l.id, NULL::int AS collection_id, NULL::"CollectionKind" AS kind,
        NULL::timestamptz AS deadline, NULL::int AS goal, NULL::bigint AS intentions,
        NULL::bigint AS missing, 2 AS rank
      FROM listed l
      WHERE ${list === "needHelp" ? Prisma.sql`false` : Prisma.sql`true`}
        AND NOT EXISTS (SELECT 1 FROM collection c WHERE c.member_id = l.id AND c.closed_at IS NULL)
      ORDER BY l.id
      LIMIT GREATEST(${reach} - (SELECT COUNT(*) FROM red) - (SELECT COUNT(*) FROM orange), 0)
    ),
    page AS (
      SELECT x.*, l.distance, m.first_name, m.last_name, m.display_name, m.photo_url, m.status
      FROM (SELECT * FROM red UNION ALL SELECT * FROM orange UNION ALL SELECT * FROM green) x
      JOIN listed l ON l.id = x.id
      JOIN member m ON m.id = x.id
      ORDER BY x.rank, x.missing DESC NULLS LAST, x.id
      LIMIT ${page.limit} OFFSET ${page.offset}
    ),
    -- Helpers (the circle's distinct givers) are counted for the page only, in one pass over the
    -- page's collections (not once per row).
    helpers AS (
      SELECT collection_id, COUNT(DISTINCT giver_id) AS helpers
      FROM (${circleSql(Prisma.sql`SELECT collection_id FROM page`, period)}) circle
      GROUP BY collection_id
    )
    SELECT page.id, page.first_name, page.last_name, page.display_name, page.photo_url, page.status,
      page.distance,
      page.kind, page.goal, page.intentions::bigint, page.missing::bigint, page.deadline,
      COALESCE(h.helpers, 0)::bigint AS helpers
    FROM page LEFT JOIN helpers h ON h.collection_id = page.collection_id
    ORDER BY page.rank, page.missing DESC NULLS LAST, page.id`;
  return rows.map((r) => ({
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    name: nameOf({ firstName: r.first_name, lastName: r.last_name, displayName: r.display_name }),
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
            goal: r.goal ?? 0,
            deadline: r.deadline?.toISOString() ?? null,
            daysLeft: r.deadline ? daysLeft(r.deadline, now, timeZone) : null,
          }
        : null,
  }));
}
