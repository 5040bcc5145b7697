import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TRPCError } from "@trpc/server";
import { EXPORT_PATH } from "../books/export.ts";
import { TryAgainLater } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { RequestScope } from "../trpc.ts";

/** An id a proxy or client may hand us to follow a request through its own logs and ours. */
const GIVEN_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Procedure names a request line lists at most (a refused batch may name a thousand). */
const MAX_LOGGED_PATHS = 10;

/** One request as the log tells it: its scope (id, member, gate) and the codes of its failures. */
export interface RequestRecord extends RequestScope {
  errors: TRPCError["code"][];
}

/**
 * Starts the record of a request: an id (the caller's x-request-id when it is sane, else a new
 * one), echoed in the response's x-request-id header, and one log line when the response is done
 * or the client hung up: id, member, method, route or procedures, status, duration. Routes a load
 * balancer or a browser hits all the time (health, the app's files) log at debug. A 5xx's error
 * line, with the stack, is written where the error is caught; this line stays at info, so each
 * failure is one error line.
 */
export function trackRequest(
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  scope: Omit<RequestScope, "id"> = {},
): RequestRecord {
  const started = performance.now();
  const given = req.headers["x-request-id"];
  const id = typeof given === "string" && GIVEN_ID.test(given) ? given : randomUUID();
  const record: RequestRecord = { ...scope, id, errors: [] };
  res.setHeader("x-request-id", id);
  res.once("close", () => {
    const status = res.statusCode;
    const procedures = path.startsWith("/trpc/") ? proceduresOf(path) : undefined;
    const line = {
      reqId: id,
      memberId: record.memberId,
      method: req.method,
      ...(procedures
        ? { procedures: procedures.slice(0, MAX_LOGGED_PATHS), calls: procedures.length }
        : { route: routeOf(path) }),
      status,
      ms: Math.round(performance.now() - started),
      ...(record.errors.length ? { errors: record.errors } : {}),
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    if (procedures || isOperation(path) || status >= 500) logger.info(line, "request");
    else logger.debug(line, "request");
  });
  return record;
}

/**
 * Logs what went wrong in one procedure call: every internal error at error level with its stack
 * (and its causes') — the client only hears "errors.unknown" —, and a database that made a call wait
 * too long at warn (the client heard "busy"), so contention shows before members complain.
 */
export function logCallError(
  logger: Logger,
  record: RequestRecord | undefined,
  error: TRPCError,
  procedure: string | undefined,
): void {
  record?.errors.push(error.code);
  const where = { reqId: record?.id, memberId: record?.memberId, procedure };
  if (error.code === "INTERNAL_SERVER_ERROR") {
    // tRPC wraps what was thrown and copies its stack: the thrown error alone says it once.
    logger.error({ ...where, err: error.cause ?? error }, "internal error");
  } else if (error instanceof TryAgainLater && error.cause) {
    logger.warn({ ...where, cause: describe(error.cause) }, "busy: the database made a call wait");
  }
}

/** The longest wait asked of the client by the refusals among `errors`, for Retry-After. */
export function retryAfter(errors: readonly TRPCError[]): number | undefined {
  const waits = errors.flatMap((e) => (e instanceof TryAgainLater ? [e.retryAfter] : []));
  return waits.length ? Math.max(...waits) : undefined;
}

function proceduresOf(path: string): string[] {
  let names = path.slice("/trpc/".length);
  try {
    names = decodeURIComponent(names);
  } catch {
    // Left as sent: the handler refuses it, and the line still says what was asked.
  }
  return names.split(",").map((name) => name.slice(0, 100));
}

/**
 * The path as a log may keep it: a download address is its own key (one use, five minutes), so
 * its token never reaches the logs.
 */
function routeOf(path: string): string {
  return path.startsWith(EXPORT_PATH) ? `${EXPORT_PATH}…` : path.slice(0, 100);
}

/** Routes whose every request an operator wants to see (the rest: health checks, static files). */
function isOperation(path: string): boolean {
  return path.startsWith(EXPORT_PATH) || path.startsWith("/telegram/") || path.startsWith("/dev/");
}

/** A database error in a line: its code and first words, without the query's parameters. */
function describe(cause: unknown) {
  const e = cause as {
    code?: unknown;
    message?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
  };
  return {
    code: e.code,
    sqlState: e.meta?.driverAdapterError?.cause?.originalCode,
    message: String(e.message ?? cause).slice(0, 200),
  };
}
