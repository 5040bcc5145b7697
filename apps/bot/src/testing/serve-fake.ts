/**
 * The fake Bot API as a process of its own (for bench:notify): arrivals are timed by a process that
 * does nothing else, as Telegram's servers would time them, not by the busy one that sends. Prints
 * its apiRoot on the first line of stdout; GET <apiRoot>/__fake/stats?rate=N tells what it saw.
 */
import { startFakeBotApi } from "./fake-bot-api.ts";

const fake = await startFakeBotApi();
console.log(fake.apiRoot);
const stop = () => void fake.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
