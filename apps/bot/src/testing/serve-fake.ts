/**
 * The fake Bot API as a process of its own (bench:notify, the delivery tests that count the pace):
 * arrivals are timed by a process that does nothing else, as Telegram's servers would time them,
 * not by the busy one that sends. Prints its apiRoot on the first line of stdout;
 * GET <apiRoot>/__fake/stats?rate=N tells what it saw.
 *
 * FAKE_STALL_AFTER=n FAKE_STALL_MS=ms: from the n-th sendMessage on, answers are held back until
 * ms after the n-th arrived (a Telegram that stalls), then given as usual.
 */
import { startFakeBotApi } from "./fake-bot-api.ts";

const fake = await startFakeBotApi();
const stallAfter = Number(process.env.FAKE_STALL_AFTER ?? 0);
const stallMs = Number(process.env.FAKE_STALL_MS ?? 0);
if (stallAfter > 0 && stallMs > 0) {
  let release!: () => void;
  const stalled = new Promise<void>((r) => {
    release = r;
  });
  let seen = 0;
  let nextMessageId = 1;
  fake.answer("sendMessage", async (body) => {
    if (++seen === stallAfter) setTimeout(release, stallMs);
    if (seen >= stallAfter) await stalled;
    const chatId = Number(body.chat_id);
    return {
      ok: true,
      result: { message_id: nextMessageId++, date: 0, chat: { id: chatId, type: "private" } },
    };
  });
}
console.log(fake.apiRoot);
const stop = () => void fake.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
