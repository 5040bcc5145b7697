/**
 * The tRPC foundation: the request context and the two kinds of procedure. Edit this file only to
 * change what every procedure gets (context), how errors reach clients, or how callers are checked.
 */
import type { Database, Member } from "@exodus/db";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { type AuthResult, authenticate } from "./auth/init-data.ts";
import type { Config } from "./config.ts";
import { isContention } from "./contention.ts";
import { busy, TryAgainLater } from "./errors.ts";
import type { Gate } from "./http/gate.ts";
import { ensureMember } from "./members/service.ts";

/** What the app hands every request: its database, configuration and clock. */
export interface AppDeps {
  db: Database;
  config: Config;
  /** Time is injected so deadlines and the monthly cycle can be tested without waiting. */
  clock: () => Date;
  /** Tokens whose initData signature is accepted (the bot's; in development the local one). */
  authTokens: readonly string[];
}

/**
 * What the HTTP layer keeps of one request: its id (in the logs and the x-request-id header), the
 * member it turned out to act for (filled in once known, for its log line), and the gate that
 * shares the database between members. Calls made without HTTP (tests' callers) have none.
 */
export interface RequestScope {
  id: string;
  memberId?: number | undefined;
  gate?: Gate | undefined;
}

export interface Context extends AppDeps {
  auth: AuthResult;
  /** The address the request came to (http://host), for links back to us without PUBLIC_URL. */
  origin?: string | undefined;
  request?: RequestScope | undefined;
}

/** Builds a request's context from its Authorization header. */
export function createContext(
  deps: AppDeps,
  authorization: string | undefined,
  extras: { origin?: string | undefined; request?: RequestScope | undefined } = {},
): Context {
  return {
    ...deps,
    ...extras,
    auth: authenticate(authorization, {
      tokens: deps.authTokens,
      maxAge: deps.config.initDataMaxAge,
      now: deps.clock(),
    }),
  };
}

/** One issue of bad input: which field, and a translation key for the message. */
export interface InputIssue {
  path: string;
  message: string;
}

const t = initTRPC.context<Context>().create({
  /**
   * Clients get translation keys, never stack traces: bad input lists each field's key; errors we
   * raise carry their key as the message; anything unexpected is "errors.unknown".
   */
  errorFormatter({ shape, error }) {
    const issues: InputIssue[] | undefined =
      error.cause instanceof ZodError
        ? error.cause.issues.map((i) => ({
            path: i.path.join("."),
            // A check without a key of its own (a wrong type where a schema names none) still
            // reaches the member in their language, never in zod's English.
            message: isKey(i.message) ? i.message : "errors.input.invalid",
          }))
        : undefined;
    return {
      ...shape,
      message: clientMessage(error.code, issues?.[0]?.message ?? shape.message),
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, issues },
    };
  },
});

const isKey = (message: string) => message.startsWith("errors.");

/**
 * What a client is told of an error that is not bad input: our refusals carry their key; tRPC's own
 * words about a body it could not read (the JSON parser's text, a batch that is not a list) become
 * one key; anything unexpected is "errors.unknown".
 */
function clientMessage(code: TRPCError["code"], message: string): string {
  if (code === "INTERNAL_SERVER_ERROR") return "errors.unknown";
  if (isKey(message)) return message;
  if (code === "PAYLOAD_TOO_LARGE") return "errors.input.tooLarge";
  if (code === "BAD_REQUEST" && message === TRPC_BATCH_TOO_LARGE)
    return "errors.input.batchTooLarge";
  return code === "BAD_REQUEST" || code === "PARSE_ERROR" ? "errors.input.body" : "errors.unknown";
}

/** tRPC's own words (11.22.1) when a batch has more calls than the handler's maxBatchSize. */
export const TRPC_BATCH_TOO_LARGE = "Batch call exceeds maximum size";

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure's outermost step: a database failure that only means "too much at once" (no
 * connection or lock in time, a lost race; see contention.ts) rolled its transaction back and
 * becomes "busy, try again" (429), never "errors.unknown".
 */
const contention = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && !(result.error instanceof TryAgainLater) && isContention(result.error.cause)) {
    return { ...result, error: busy(result.error.cause) };
  }
  return result;
});

export const publicProcedure = t.procedure.use(contention);

/**
 * A procedure for a signed-in member: Telegram's initData checked, the member created on first
 * sight and kept in step with their Telegram profile. Over HTTP, a member has only a few calls
 * running at once (http/gate.ts); beyond the gate's queue the call is "busy, try again".
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.auth.ok) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: `errors.auth.${ctx.auth.reason}` });
  }
  // The member's place at the gate is taken before the database is asked anything.
  const gate = ctx.request?.gate;
  const leave = gate ? await gate.enter(String(ctx.auth.user.id)) : () => {};
  if (!leave) throw busy();
  try {
    const member: Member = await ensureMember(ctx.db.prisma, ctx.auth.user, {
      signedAt: ctx.auth.signedAt,
      tokens: ctx.authTokens,
    });
    if (ctx.request) ctx.request.memberId = member.id;
    return await next({ ctx: { ...ctx, auth: ctx.auth, member } });
  } finally {
    leave();
  }
});
