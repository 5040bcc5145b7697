import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@exodus/db";
import {
  type CollectionKind,
  dayOf,
  EXPORT_LINK_TTL_MS,
  type ExportLine,
  exportFileName,
  type Language,
  type PledgeState,
  periodFromDate,
} from "@exodus/shared";
import { nameOf } from "../network/names.ts";

/** Where a member's one-time download is served: `<public base>/export/<token>`. */
export const EXPORT_PATH = "/export/";

/** Pledges read per query while the file is written: a member's books never sit whole in memory. */
const PAGE = 1000;

export interface ExportLink {
  url: string;
  fileName: string;
  expiresAt: string;
}

/**
 * A one-time address for the member's books. The token is random and only its hash is stored, so
 * the table alone opens nothing; the member's used and expired addresses go in the same
 * transaction, so the table holds at most a few live rows per member.
 */
export async function createExportLink(
  prisma: PrismaClient,
  member: { id: number; language: Language },
  now: Date,
  options: { base: string; timeZone: string },
): Promise<ExportLink> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + EXPORT_LINK_TTL_MS);
  await prisma.$transaction([
    prisma.exportLink.deleteMany({
      where: { memberId: member.id, OR: [{ usedAt: { not: null } }, { expiresAt: { lte: now } }] },
    }),
    prisma.exportLink.create({
      data: { memberId: member.id, tokenHash: hashOf(token), createdAt: now, expiresAt },
    }),
  ]);
  return {
    url: new URL(`${EXPORT_PATH}${token}`, options.base).toString(),
    fileName: exportFileName(member.language, dayOf(now, options.timeZone)),
    expiresAt: expiresAt.toISOString(),
  };
}

export type ExportClaim =
  | { ok: true; memberId: number; language: Language; fileName: string }
  /** The address is spent, expired, unknown or its member left; `language` when we know whose. */
  | { ok: false; language: Language | undefined };

/**
 * Takes a download address for its one use. One statement checks and marks it, so of two requests
 * racing for it exactly one wins. `peek` (a HEAD request) checks without using it up.
 */
export async function claimExportLink(
  prisma: PrismaClient,
  token: string,
  now: Date,
  options: { timeZone: string; peek?: boolean },
): Promise<ExportClaim> {
  const hash = hashOf(token);
  const rows = options.peek
    ? await prisma.$queryRaw<{ member_id: number; language: Language; created_at: Date }[]>`
        SELECT e.member_id, m.language, e.created_at FROM export_link e
        JOIN member m ON m.id = e.member_id AND m.deleted_at IS NULL
        WHERE e.token_hash = ${hash} AND e.used_at IS NULL AND e.expires_at > ${now}`
    : await prisma.$queryRaw<{ member_id: number; language: Language; created_at: Date }[]>`
        UPDATE export_link e SET used_at = ${now}
        FROM member m
        WHERE e.token_hash = ${hash} AND e.used_at IS NULL AND e.expires_at > ${now}
          AND m.id = e.member_id AND m.deleted_at IS NULL
        RETURNING e.member_id, m.language, e.created_at`;
  const [claimed] = rows;
  if (claimed) {
    return {
      ok: true,
      memberId: claimed.member_id,
      language: claimed.language,
      fileName: exportFileName(claimed.language, dayOf(claimed.created_at, options.timeZone)),
    };
  }
  const known = await prisma.exportLink.findUnique({
    where: { tokenHash: hash },
    select: { member: { select: { language: true } } },
  });
  return { ok: false, language: known?.member.language };
}

interface LineRow {
  id: number;
  giver_id: number;
  kind: CollectionKind;
  period: Date;
  amount: number;
  state: PledgeState;
  overdue: boolean;
  state_changed_at: Date;
  firstName: string;
  lastName: string | null;
  displayName: string | null;
  deleted_at: Date | null;
}

/**
 * Every pledge the member gave or received, oldest first, read a page at a time (keyset on the
 * pledge's id) as the consumer asks for more: a CSV writer behind a slow download pulls the next
 * page only when it has room.
 */
export async function* exportLines(
  prisma: PrismaClient,
  memberId: number,
  pageSize = PAGE,
): AsyncGenerator<ExportLine> {
  let after = 0;
  for (;;) {
    const rows = await prisma.$queryRaw<LineRow[]>`
      SELECT p.id, p.giver_id, c.kind, p.period, p.amount, p.state, p.overdue, p.state_changed_at,
        o.first_name AS "firstName", o.last_name AS "lastName", o.display_name AS "displayName",
        o.deleted_at
      FROM pledge p
      JOIN collection c ON c.id = p.collection_id
      JOIN member o ON o.id = CASE WHEN p.giver_id = ${memberId} THEN p.receiver_id ELSE p.giver_id END
      WHERE (p.giver_id = ${memberId} OR p.receiver_id = ${memberId}) AND p.id > ${after}
      ORDER BY p.id
      LIMIT ${pageSize}`;
    for (const r of rows) {
      yield {
        id: r.id,
        given: r.giver_id === memberId,
        counterparty: r.deleted_at ? null : nameOf(r),
        kind: r.kind,
        period: periodFromDate(r.period),
        amount: r.amount,
        state: r.state,
        overdue: r.overdue,
        changedAt: r.state_changed_at,
      };
    }
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) return;
    after = last.id;
  }
}

function hashOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
