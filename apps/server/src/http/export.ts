import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { exportHeader, exportRecord, resources } from "@exodus/shared";
import { stringify } from "csv-stringify";
import { claimExportLink, EXPORT_PATH, exportLines } from "../books/export.ts";
import type { AppDeps } from "../trpc.ts";

/**
 * GET /export/<token>: a member's books as CSV, once. Telegram's downloader fetches it without our
 * sign-in header, so the one-time address is the key; a spent, expired or unknown one (or one of a
 * member who left) is 410 with a short line in the member's language when we know it.
 * HEAD checks the address without using it up.
 */
export async function exportRoute(
  deps: AppDeps,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
    res.end("Method not allowed\n");
    return;
  }
  // Tokens are base64url: anything else is simply a token that matches nothing.
  const token = path.slice(EXPORT_PATH.length);
  const { prisma } = deps.db;
  const timeZone = deps.config.networkTimeZone;
  const claim = await claimExportLink(prisma, token, deps.clock(), {
    timeZone,
    peek: req.method === "HEAD",
  });
  if (!claim.ok) {
    res.writeHead(410, {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": "no-store",
    });
    res.end(`${resources[claim.language ?? "en"].export.gone}\n`);
    return;
  }
  res.writeHead(200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${claim.fileName}"`,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const records = Readable.from(
    (async function* () {
      yield exportHeader(claim.language);
      for await (const line of exportLines(prisma, claim.memberId)) {
        yield exportRecord(line, claim.language, deps.config.currency, timeZone);
      }
    })(),
  );
  // The byte-order mark tells Excel the file is UTF-8, or it shows Cyrillic names as mojibake.
  try {
    await pipeline(records, stringify({ bom: true }), res);
  } catch (error) {
    // The downloader hung up half-way: nothing to answer, and the link stays used (ask again).
    if ((error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE") return;
    throw error;
  }
}
