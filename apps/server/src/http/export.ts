import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { exportHeader, exportRecord, type Language, resources } from "@exodus/shared";
import { stringify } from "csv-stringify";
import { claimExportLink, EXPORT_PATH, exportLines } from "../books/export.ts";
import type { AppDeps } from "../trpc.ts";

/**
 * GET /export/<token>: a member's books as CSV, once. Telegram's downloader fetches it without our
 * sign-in header, so the one-time address is the key; a spent, expired or unknown one (or one of a
 * member who left) is 410 with a short line in the member's language when we know it.
 * HEAD checks the address without using it up, and so does a link-preview crawler's GET (the
 * address shared to a chat is fetched by the chat's preview before the person taps it).
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
  const crawler = req.method === "GET" && isLinkPreviewCrawler(req.headers["user-agent"]);
  const claim = await claimExportLink(prisma, token, deps.clock(), {
    timeZone,
    peek: req.method === "HEAD" || crawler,
  });
  if (crawler) {
    previewPage(res, claim.language ?? "en");
    return;
  }
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

/**
 * The robots that fetch a link as soon as it is posted in a chat, to draw its preview: Telegram's
 * own, and those of the usual messengers and networks it may be forwarded to.
 */
const LINK_PREVIEW_CRAWLERS =
  /TelegramBot|facebookexternalhit|Facebot|Twitterbot|Slackbot|WhatsApp|Discordbot/i;

export function isLinkPreviewCrawler(userAgent: string | undefined): boolean {
  return userAgent !== undefined && LINK_PREVIEW_CRAWLERS.test(userAgent);
}

/** What a preview shows of a download address: what it is, nothing of the books in it. */
function previewPage(res: ServerResponse, language: Language): void {
  const text = resources[language].export;
  const [previewTitle, previewText] = [text.previewTitle, text.previewText].map(escapeHtml);
  res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "x-robots-tag": "noindex",
  });
  res.end(
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
      `<title>${previewTitle}</title><meta property="og:title" content="${previewTitle}">` +
      `<meta property="og:description" content="${previewText}"></head>` +
      `<body><p>${previewText}</p></body></html>\n`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
