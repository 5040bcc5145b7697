/**
 * Benchmark of the delivery of messages (issue 6, item 7) — `pnpm bench:notify`, not a test.
 *
 * Seeds a fresh PostgreSQL database with BENCH_ROWS outbox rows (default 10,000) for BENCH_CHATS
 * members (default 5,000: two messages each, so the one-message-a-second pace per chat is in play),
 * starts the fake Telegram Bot API on loopback and the real dispatcher (apps/bot/src/delivery) with
 * the rate set to BENCH_RATE messages a second (default 200), and measures until every row is sent:
 *   - the achieved rate (rows ÷ seconds from the dispatcher's start to the last message's arrival at
 *     the fake) against the configured one — target ≥ 0.95;
 *   - the rate-limit violations the fake saw: more than the configured rate within any one second,
 *     or two messages to one chat less than a second apart — target 0.
 *
 *   pnpm bench:notify
 *   BENCH_ROWS=2000 BENCH_RATE=100 pnpm bench:notify   # a quick check
 *   BENCH_DISPATCHERS=2 pnpm bench:notify              # two dispatchers sharing the pace
 *
 * DATABASE_URL names the server and an admin database (default
 * postgresql://postgres@127.0.0.1:5432/postgres); the database is created fresh and dropped at the
 * end, also on failure or Ctrl-C.
 */
import { Api, createRenderer, startDispatcher } from "@exodus/bot";
import { startFakeProcess } from "../../bot/src/testing/fake-process.ts";
import { memberDirectory } from "../src/members/directory.ts";
import {
  DEFAULT_ADMIN_URL,
  fmt,
  option,
  run,
  Scratch,
  secs,
  shown,
  UsageError,
} from "./scratch.ts";

const TARGET = 0.95;

function count(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value.replaceAll("_", ""));
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer ≥ ${min}`);
  return n;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const rows = count("rows", option(argv, process.env, "rows"), 10_000, 100);
  const chats = count("chats", option(argv, process.env, "chats"), Math.ceil(rows / 2), 1);
  const rate = count("rate", option(argv, process.env, "rate"), 200, 1);
  const dispatchers = count("dispatchers", option(argv, process.env, "dispatchers"), 1, 1);
  const adminUrl = process.env.DATABASE_URL || DEFAULT_ADMIN_URL;

  const scratch = await Scratch.open(adminUrl, undefined);
  if (!scratch) return 2;
  // The fake Telegram runs in a process of its own, so it times arrivals as Telegram would: not
  // slowed or bunched by the sending process's own work.
  const fake = await startFakeProcess();
  const stats = () => fake.stats(rate);
  try {
    const name = `exodus_bench_notify_${process.pid}`;
    const db = await scratch.create(name);
    console.log(
      `notify benchmark · PostgreSQL ${await scratch.serverVersion()} at ${shown(adminUrl)} · ` +
        `${fmt(rows)} rows to ${fmt(chats)} chats · rate ${rate}/s · ${dispatchers} dispatcher(s)`,
    );
    await db.prisma.$executeRaw`
      INSERT INTO member (telegram_id, first_name, language, updated_at)
      SELECT 5000000 + g, 'Member ' || g, (ARRAY['en', 'ru', 'uk']::"Language"[])[1 + g % 3], now()
      FROM generate_series(1, ${chats}) g`;
    await db.prisma.$executeRaw`
      INSERT INTO outbox (recipient_id, kind, payload, dedupe_key, link)
      SELECT 1 + (n - 1) % ${chats}, 'invite.joined',
        jsonb_build_object('memberId', 1 + n % ${chats}), 'bench:' || n, '_network'
      FROM generate_series(1, ${rows}) n`;
    await db.sql.exec("VACUUM ANALYZE outbox");

    const start = Date.now();
    const running = Array.from({ length: dispatchers }, () =>
      startDispatcher({
        prisma: db.prisma,
        api: new Api("123456:bench-token", { apiRoot: fake.apiRoot }),
        renderer: createRenderer({ miniAppUrl: "https://exodus.example/app", currency: "EUR" }),
        members: memberDirectory(db.prisma),
        ratePerSecond: rate,
        idlePollMs: 100,
        onError: (error) => console.error("dispatcher:", error),
      }),
    );
    let sent = 0;
    while (sent < rows) {
      await new Promise((r) => setTimeout(r, 250));
      const [row] = await db.sql.query<{ n: number }>(
        "SELECT COUNT(*)::int AS n FROM outbox WHERE sent_at IS NOT NULL",
      );
      sent = row?.n ?? 0;
      const failed = await db.sql.query<{ n: number }>(
        "SELECT COUNT(*)::int AS n FROM outbox WHERE failed_at IS NOT NULL",
      );
      if ((failed[0]?.n ?? 0) > 0) throw new Error(`${failed[0]?.n} rows failed`);
    }
    await Promise.all(running.map((d) => d.stop()));
    const seen = await stats();
    const last = seen.lastArrivalEpochMs ?? Date.now();
    const seconds = (last - start) / 1000;
    const achieved = rows / seconds;
    const ratio = achieved / rate;
    const violations = seen.violations;
    console.log(`busiest second at the fake: ${seen.busiestSecond} messages`);
    const delivered = seen.sendMessage;

    console.log(
      `\ndelivered ${fmt(delivered)} messages (${fmt(rows)} rows) in ${secs(last - start)}`,
    );
    console.log(`achieved ${achieved.toFixed(1)}/s · configured ${rate}/s`);
    console.log(
      `achieved / configured = ${ratio.toFixed(3)} (target ≥ ${TARGET}) ${ratio >= TARGET ? "✓" : "✗"}`,
    );
    console.log(
      `rate-limit violations seen by the fake: ${violations.global} over ${rate}/s, ` +
        `${violations.perChat} to one chat within a second (target 0) ` +
        `${violations.global + violations.perChat === 0 ? "✓" : "✗"}`,
    );
    if (delivered !== rows) console.log(`✗ ${fmt(delivered - rows)} messages sent twice`);
    return 0;
  } finally {
    await fake.close();
    await scratch.cleanUp();
  }
}

run("bench:notify", main);
