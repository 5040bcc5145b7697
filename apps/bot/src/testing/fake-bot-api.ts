import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update, UserFromGetMe } from "grammy/types";

/**
 * A stand-in for the Telegram Bot API on loopback, so tests drive the real bot (and later the
 * notification delivery) over real HTTP and assert exactly what would have reached Telegram.
 */

/** One call the bot made: the Bot API method and its parameters, parsed from JSON or a form. */
export interface ApiRequest {
  method: string;
  body: Record<string, unknown>;
}

/** What the Bot API answers: a result, or an error such as 403 "bot was blocked by the user". */
export type ApiAnswer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/** An update to deliver through getUpdates; its update_id is assigned when left out. */
export type QueuedUpdate = Omit<Update, "update_id"> & { update_id?: number };

export interface FakeBotApi {
  /** Pass as the bot's `apiRoot` (no trailing slash, as grammY wants it). */
  readonly apiRoot: string;
  /** Every call so far, in the order it arrived, getUpdates included. */
  readonly requests: ApiRequest[];
  /** When each of `requests` arrived (ms, monotonic), for checking the pace of messages. */
  readonly arrivals: number[];
  /** Delivers an update to the next getUpdates, waking one that is waiting; returns it as queued. */
  queueUpdate(update: QueuedUpdate): Update;
  /** Answers a method differently from now on; a promise holds the answer back (a stall). */
  answer(
    method: string,
    respond: (body: Record<string, unknown>) => ApiAnswer | Promise<ApiAnswer>,
  ): void;
  /**
   * Messages that broke Telegram's limits as they arrived: more than `ratePerSecond` sendMessage
   * calls within any one second (each call that makes a window too full counts once), and two
   * messages to one chat less than a second apart.
   */
  violations(ratePerSecond: number): { global: number; perChat: number; busiest: number };
  /** Resolves with the `count`-th call of a method once it has arrived; rejects after `ms`. */
  waitFor(method: string, options?: { count?: number; ms?: number }): Promise<ApiRequest>;
  close(): Promise<void>;
}

export interface FakeBotApiOptions {
  /** Longest time a getUpdates with a timeout is held before answering []. */
  longPollMs?: number;
}

/** The bot user getMe returns; also the `botInfo` for bots that should skip getMe in tests. */
export const testBotInfo: UserFromGetMe = {
  id: 1_000_001,
  is_bot: true,
  first_name: "Exodus",
  username: "exodus_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: true,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** Starts the fake on 127.0.0.1 at a free port. */
export async function startFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const longPollMs = options.longPollMs ?? 250;
  const requests: ApiRequest[] = [];
  const arrivals: number[] = [];
  const overrides = new Map<
    string,
    (body: Record<string, unknown>) => ApiAnswer | Promise<ApiAnswer>
  >();
  const onRequest = new Set<() => void>();
  const onUpdate = new Set<() => void>();
  let updates: Update[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;

  function takeUpdates(body: Record<string, unknown>): Update[] {
    // As Telegram does: asking from an offset confirms (forgets) every update before it.
    const offset = Number(body.offset ?? 0);
    if (offset > 0) updates = updates.filter((u) => u.update_id >= offset);
    return updates.slice(0, Number(body.limit ?? 100));
  }

  /** Long polling: hold an empty getUpdates until an update is queued, the wait ends or it hangs up. */
  async function getUpdates(body: Record<string, unknown>, res: ServerResponse): Promise<Update[]> {
    const wait = Math.min(Number(body.timeout ?? 0) * 1000, longPollMs);
    if (takeUpdates(body).length === 0 && wait > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          onUpdate.delete(done);
          resolve();
        };
        const timer = setTimeout(done, wait);
        onUpdate.add(done);
        res.once("close", done);
      });
    }
    return takeUpdates(body);
  }

  function defaultAnswer(method: string, body: Record<string, unknown>): unknown {
    switch (method) {
      case "getMe":
        return testBotInfo;
      case "sendMessage": {
        const chatId = Number(body.chat_id);
        return {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: chatId > 0 ? "private" : "supergroup" },
          from: {
            id: testBotInfo.id,
            is_bot: true,
            first_name: testBotInfo.first_name,
            username: testBotInfo.username,
          },
          text: body.text,
          ...(body.reply_markup ? { reply_markup: body.reply_markup } : {}),
        };
      }
      default:
        return true;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Timed when the request's head arrives, before its body is read.
    const arrived = performance.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/__fake/stats") {
      // For a fake in another process (bench:notify): what it saw, measured where it arrived.
      const rate = Number(url.searchParams.get("rate") ?? 30);
      const sends = arrivals.filter((_, i) => requests[i]?.method === "sendMessage");
      const perChat: Record<string, number> = {};
      for (const r of requests) {
        if (r.method !== "sendMessage") continue;
        const chat = String(r.body.chat_id);
        perChat[chat] = (perChat[chat] ?? 0) + 1;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          sendMessage: sends.length,
          chats: Object.keys(perChat).length,
          perChat,
          // Milliseconds since the epoch, comparable with another process's Date.now().
          lastArrivalEpochMs: sends.length ? performance.timeOrigin + Math.max(...sends) : null,
          violations: fake.violations(rate),
          busiestSecond: fake.violations(Number.POSITIVE_INFINITY).busiest,
        }),
      );
      return;
    }
    const route = /^\/bot[^/]+\/(\w+)$/.exec(url.pathname);
    if (!route?.[1]) {
      send(res, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const method = route[1];
    const body = { ...Object.fromEntries(url.searchParams), ...(await readBody(req)) };
    requests.push({ method, body });
    arrivals.push(arrived);
    for (const listener of onRequest) listener();

    const override = overrides.get(method);
    if (override) send(res, await override(body));
    else if (method === "getUpdates") send(res, { ok: true, result: await getUpdates(body, res) });
    else send(res, { ok: true, result: defaultAnswer(method, body) });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, { ok: false, error_code: 500, description: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeBotApi = {
    apiRoot: `http://127.0.0.1:${port}`,
    requests,
    arrivals,
    queueUpdate(update) {
      const queued = { ...update, update_id: update.update_id ?? nextUpdateId } as Update;
      nextUpdateId = queued.update_id + 1;
      updates.push(queued);
      for (const wake of onUpdate) wake();
      return queued;
    },
    violations(ratePerSecond) {
      // In order of arrival (requests are recorded when their body has been read).
      const sends = requests
        .flatMap((r, i) =>
          r.method === "sendMessage" ? [{ ...r, at: arrivals[i] as number }] : [],
        )
        .sort((a, b) => a.at - b.at);
      let global = 0;
      let busiest = 0;
      let first = 0;
      for (let i = 0; i < sends.length; i++) {
        const at = (sends[i] as { at: number }).at;
        while ((sends[first] as { at: number }).at <= at - 1000) first++;
        busiest = Math.max(busiest, i - first + 1);
        if (i - first + 1 > ratePerSecond) global++;
      }
      let perChat = 0;
      const last = new Map<string, number>();
      for (const r of sends) {
        const chat = String(r.body.chat_id);
        const before = last.get(chat);
        if (before !== undefined && r.at - before < 1000) perChat++;
        last.set(chat, r.at);
      }
      return { global, perChat, busiest };
    },
    answer(method, respond) {
      overrides.set(method, respond);
    },
    waitFor(method, { count = 1, ms = 5000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = requests.filter((r) => r.method === method)[count - 1];
          if (!found) return;
          clearTimeout(timer);
          onRequest.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          onRequest.delete(check);
          const seen = requests.map((r) => r.method).join(", ") || "nothing";
          reject(new Error(`No ${method} call #${count} within ${ms} ms; the bot called: ${seen}`));
        }, ms);
        onRequest.add(check);
        check();
      });
    },
    async close() {
      for (const wake of onUpdate) wake();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
  return fake;
}

function send(res: ServerResponse, answer: ApiAnswer): void {
  if (res.destroyed) return;
  res.writeHead(answer.ok ? 200 : answer.error_code, { "content-type": "application/json" });
  res.end(JSON.stringify(answer));
}

/** Parses a Bot API body the ways Telegram accepts one: JSON, urlencoded or multipart form. */
async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return {};
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) return JSON.parse(raw.toString("utf8"));
  // The fetch Request parses both form encodings, files included.
  const form = await new Request("http://127.0.0.1/", {
    method: "POST",
    headers: { "content-type": type },
    body: raw,
  }).formData();
  const body: Record<string, unknown> = {};
  for (const [key, value] of form) {
    body[key] = typeof value === "string" ? value : { filename: value.name, size: value.size };
  }
  return body;
}
