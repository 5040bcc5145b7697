import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { isStartParam, MAX_BATCH_CALLS } from "@exodus/shared";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import sirv from "sirv";
import { EXPORT_PATH } from "../books/export.ts";
import { isContention } from "../contention.ts";
import { devMembers, signDevInitData } from "../dev/dev-mode.ts";
import { BUSY_RETRY_AFTER } from "../errors.ts";
import { createLogger, type Logger } from "../log.ts";
import { appRouter } from "../root.ts";
import { type AppDeps, createContext } from "../trpc.ts";
import { exportRoute } from "./export.ts";
import { createGate, type Gate } from "./gate.ts";
import { logCallError, type RequestRecord, retryAfter, trackRequest } from "./requests.ts";

export interface HttpOptions extends AppDeps {
  /** Present only in development mode: the token development initData is signed with. */
  devToken?: string | undefined;
  /** In webhook mode, where Telegram's POSTs to WEBHOOK_PATH go (the bot checks the secret). */
  webhook?: WebhookSlot;
  /** Development mode only: the clock, and moving it forward (which runs the scheduled jobs). */
  devClock?: { now: () => Date; moveTo: (to: Date) => Promise<void> } | undefined;
  /** Where request lines and errors go; by default JSON on stdout at LOG_LEVEL. */
  logger?: Logger | undefined;
  /** Shares the database between members (by default four calls at once each, see gate.ts). */
  gate?: Gate | undefined;
}

/**
 * The most an API request's body may hold. The largest input a member can send — ten payment
 * details of 64 + 256 characters, each character up to 4 bytes of UTF-8 — is about 13 kB; a batch
 * of the web app's calls stays well inside this.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** Telegram's updates are a few kB (a message of 4,096 characters and the one it replies to). */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * One HTTP server for everything a browser asks: /trpc (the API), /healthz, /export (one-time
 * downloads of a member's books), /dev (development mode only, loopback only) and the built Mini
 * App for every other path.
 */
/** Where Telegram posts updates when the bot runs by webhook. */
export const WEBHOOK_PATH = "/telegram/webhook";

export interface WebhookSlot {
  handle?: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
}

export function createHttpServer(options: HttpOptions) {
  const logger = options.logger ?? createLogger({ level: options.config.logLevel });
  const gate = options.gate ?? createGate();
  const records = new WeakMap<IncomingMessage, RequestRecord>();
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    // Over these, tRPC refuses before any call runs: a batch with BAD_REQUEST (worded as
    // errors.input.batchTooLarge by the error formatter), a body with 413 (errors.input.tooLarge).
    maxBatchSize: MAX_BATCH_CALLS,
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req }) =>
      createContext(options, req.headers.authorization, {
        origin: originOf(req.headers.host),
        request: records.get(req),
      }),
    onError: ({ error, path, req }) => logCallError(logger, records.get(req), error, path),
    responseMeta: ({ errors }) => {
      const wait = retryAfter(errors);
      return wait ? { headers: { "retry-after": String(wait) } } : {};
    },
  });
  const web = existsSync(options.config.webDist)
    ? sirv(options.config.webDist, { single: true, etag: true, gzip: false })
    : undefined;

  return createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const record = trackRequest(logger, req, res, path, { gate });
    records.set(req, record);
    try {
      if (path.startsWith("/trpc/")) return await trpc(req, res);
      if (path === "/healthz") return await health(options, res);
      if (path.startsWith(EXPORT_PATH)) return await exportRoute(options, path, req, res);
      if (path === WEBHOOK_PATH && req.method === "POST" && options.webhook?.handle) {
        return await webhook(options.webhook.handle, req, res);
      }
      if (path.startsWith("/dev/")) return await devRoute(options, req, res);
      if (web) return web(req, res, () => notFound(res));
      sendJson(res, 503, { error: "The Mini App is not built yet: run `pnpm build`." });
    } catch (error) {
      if (res.headersSent) {
        logger.error({ reqId: record.id, err: error }, "failed after answering");
        res.destroy();
      } else if (isContention(error)) {
        res.setHeader("retry-after", String(BUSY_RETRY_AFTER));
        sendJson(res, 429, { error: "errors.busy" });
      } else {
        logger.error({ reqId: record.id, err: error }, "internal error");
        sendJson(res, 500, { error: "errors.unknown" });
      }
    }
  });
}

/**
 * Telegram's POSTs: their length is known before a byte is read (Telegram always sends it), so a
 * body without one, or too long for any update, is refused unread.
 */
async function webhook(
  handle: NonNullable<WebhookSlot["handle"]>,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const length = Number(req.headers["content-length"] ?? Number.NaN);
  if (!Number.isInteger(length)) return sendJson(res, 411, { error: "Content-Length required" });
  if (length > MAX_WEBHOOK_BYTES) {
    res.setHeader("connection", "close");
    return sendJson(res, 413, { error: "errors.input.tooLarge" });
  }
  await handle(req, res);
}

async function health(options: HttpOptions, res: ServerResponse) {
  const up = await options.db.ping();
  sendJson(res, up ? 200 : 503, {
    status: up ? "ok" : "degraded",
    database: up ? "up" : "down",
    databaseKind: options.db.kind,
  });
}

/**
 * Development mode only, and only to a browser on this machine:
 * GET /dev/launch?member=anna[&start=code]: signed initData for a development member;
 * POST /dev/clock?to=<ISO time>: moves the server's clock forward and runs the scheduled jobs
 * (GET tells the time). Signed initData ages with the clock: reopen the app after moving it.
 */
async function devRoute(options: HttpOptions, req: IncomingMessage, res: ServerResponse) {
  if (!options.devToken || !fromThisMachine(req)) return notFound(res);
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname === "/dev/clock" && options.devClock) {
    if (req.method === "POST") {
      // A custom header: a page of another site cannot send it without a CORS preflight, which
      // this server never grants, so no web page can move a developer's clock behind their back.
      if (req.headers["x-exodus-dev"] !== "1") {
        return sendJson(res, 403, { error: "Send the x-exodus-dev: 1 header." });
      }
      const to = new Date(url.searchParams.get("to") ?? "");
      if (Number.isNaN(to.getTime())) {
        return sendJson(res, 400, {
          error: "to= must be a date and time, e.g. 2026-12-01T09:00:00Z.",
        });
      }
      if (to.getTime() < options.devClock.now().getTime()) {
        return sendJson(res, 400, { error: "The clock only moves forward." });
      }
      await options.devClock.moveTo(to);
    }
    return sendJson(res, 200, { now: options.devClock.now().toISOString() });
  }
  if (url.pathname !== "/dev/launch") return notFound(res);
  const key = url.searchParams.get("member") ?? devMembers[0].key;
  const start = url.searchParams.get("start") ?? undefined;
  if (start !== undefined && !isStartParam(start)) {
    return sendJson(res, 400, { error: "A start parameter is 1–64 of A–Z, a–z, 0–9, _ and -." });
  }
  const initData = signDevInitData(options.devToken, key, options.clock(), start);
  if (!initData) return sendJson(res, 400, { error: `No development member "${key}".` });
  sendJson(res, 200, {
    initData,
    member: key,
    members: devMembers.map((m) => ({ key: m.key, name: m.first_name, language: m.language_code })),
  });
}

/**
 * A request a browser on this machine made directly: from a loopback address, to a local host name,
 * and with nothing but the headers a browser sends of itself. A proxy or tunnel connects from
 * loopback on someone else's behalf and says so in headers of its own, under names no list of ours
 * could keep up with (X-Forwarded-*, Forwarded, Via, X-Real-IP, X-Client-IP, CF-Connecting-IP…),
 * so any header outside the browser's own fails closed.
 */
function fromThisMachine(req: IncomingMessage): boolean {
  const address = req.socket.remoteAddress;
  const loopback = address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
  const host = (req.headers.host ?? "").replace(/:\d+$/, "");
  const localHost = host === "localhost" || host === "127.0.0.1" || host === "[::1]";
  const names = req.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
  return loopback && localHost && names.every(isBrowserHeader);
}

/** The headers browsers (and Node's fetch) send of themselves, and our own x-exodus-dev. */
const BROWSER_HEADERS = new Set([
  "host",
  "connection",
  "user-agent",
  "accept",
  "accept-language",
  "accept-encoding",
  "cache-control",
  "pragma",
  "referer",
  "origin",
  "cookie",
  "dnt",
  "priority",
  "purpose",
  "upgrade-insecure-requests",
  "if-none-match",
  "if-modified-since",
  "content-type",
  "content-length",
  "x-exodus-dev",
]);

function isBrowserHeader(name: string): boolean {
  // Fetch metadata (Sec-Fetch-*), client hints (Sec-CH-UA-*), Sec-GPC, Sec-Purpose: a page cannot
  // set Sec- headers, only the browser does.
  return (
    BROWSER_HEADERS.has(name) || /^sec-(fetch|ch-ua)(-[a-z-]+)?$|^sec-(gpc|purpose)$/.test(name)
  );
}

/**
 * The address a request came to, for links back to this server when PUBLIC_URL is not set (a
 * local set-up: production always has it).
 */
function originOf(host: string | undefined): string | undefined {
  const origin = `http://${host}`;
  return host && URL.canParse(origin) ? new URL(origin).origin : undefined;
}

function notFound(res: ServerResponse) {
  sendJson(res, 404, { error: "Not found" });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
