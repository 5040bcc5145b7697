import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** What the fake in its own process saw, measured where the messages arrived. */
export interface FakeStats {
  /** sendMessage calls. */
  sendMessage: number;
  /** Distinct chats they went to. */
  chats: number;
  /** How many went to each chat, by chat id. */
  perChat: Record<string, number>;
  /** When the last sendMessage arrived, in milliseconds since the epoch. */
  lastArrivalEpochMs: number | null;
  /** As FakeBotApi.violations at the rate asked for. */
  violations: { global: number; perChat: number; busiest: number };
  /** The most sendMessage calls within any one second. */
  busiestSecond: number;
}

export interface FakeProcess {
  readonly apiRoot: string;
  readonly child: ChildProcess;
  stats(ratePerSecond: number): Promise<FakeStats>;
  close(): Promise<void>;
}

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const script = fileURLToPath(new URL("./serve-fake.ts", import.meta.url));

/**
 * The fake Bot API in a process of its own (serve-fake.ts), so that the times messages arrive at
 * are not those of a process busy sending them. `stall` holds answers back as serve-fake.ts says.
 */
export async function startFakeProcess(
  stall: { after: number; ms: number } | undefined = undefined,
): Promise<FakeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      ...(stall ? { FAKE_STALL_AFTER: String(stall.after), FAKE_STALL_MS: String(stall.ms) } : {}),
    },
  });
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const [apiRoot] = (await Promise.race([
    once(lines, "line"),
    once(child, "exit").then(() => {
      throw new Error("the fake Bot API did not start");
    }),
  ])) as [string];
  return {
    apiRoot,
    child,
    async stats(rate) {
      const response = await fetch(`${apiRoot}/__fake/stats?rate=${rate}`);
      return (await response.json()) as FakeStats;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
