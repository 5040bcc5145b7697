/**
 * What several specs share: calling the API as a development member, tying members through an
 * invite link, and running an app of their own (the bot, balance, story and clearing specs).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, type TestInfo } from "@playwright/test";

const repoRoot = join(import.meta.dirname, "..");

/**
 * Opens the app at `path` as a development member in a theme, as reopening it in Telegram would:
 * the app first starts as whoever this window was (and records that member for the window), and
 * only then is the choice changed, else its start would write the old member back over it.
 */
export async function openAsMember(
  page: Page,
  member: string,
  { theme = "light", path = "/" }: { theme?: "light" | "dark"; path?: string } = {},
): Promise<void> {
  await page.goto("/");
  await expect(page.getByTestId("dev-theme")).toBeVisible();
  await page.evaluate(
    (choice) => {
      localStorage.setItem("exodus.dev.member", choice.member);
      localStorage.setItem("exodus.dev.theme", choice.theme);
      // A window keeps its member across reloads; a fresh session takes the browser's choice.
      sessionStorage.clear();
    },
    { member, theme },
  );
  await page.goto(path);
}

/** Calls the API as a development member, the way the Mini App does. */
export async function api<T>(
  page: Page,
  member: string,
  procedure: string,
  kind: "query" | "mutation",
  input?: unknown,
): Promise<T> {
  return page.evaluate(
    async ({ member, procedure, kind, input }) => {
      const launch = await fetch(`/dev/launch?member=${member}`).then((r) => r.json());
      const headers = {
        authorization: `tma ${launch.initData}`,
        "content-type": "application/json",
      };
      const query =
        input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      const res =
        kind === "query"
          ? await fetch(`/trpc/${procedure}${query}`, { headers })
          : await fetch(`/trpc/${procedure}`, {
              method: "POST",
              headers,
              body: JSON.stringify(input),
            });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error?.message ?? res.status);
      return body.result.data;
    },
    { member, procedure, kind, input },
  ) as Promise<T>;
}

/** `invitees` open a fresh invite link of `inviter`'s, as a shared link does: a referral tie each. */
export async function invite(page: Page, inviter: string, ...invitees: string[]): Promise<void> {
  const { code } = await api<{ code: string }>(
    page,
    inviter,
    "network.createInvite",
    "mutation",
    {},
  );
  for (const member of invitees) {
    await api(page, member, "network.openInvite", "mutation", { code });
  }
}

/** Waits until the app answers /healthz; fails with its output if it exits or never answers. */
export async function waitForHealth(
  url: string,
  child: ChildProcess,
  output: string[],
): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The app exited (${child.exitCode ?? child.signalCode}):\n${output.join("")}`,
      );
    }
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The app did not answer ${url}/healthz in time:\n${output.join("")}`);
}

/** Stops the app as Ctrl+C would, so it confirms the bot's updates; kills it if it hangs. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs an app of the spec's own for as long as `use` runs: as `pnpm start` runs it, on a fresh
 * embedded database in .data/<name>, with the shell's environment but its DEV_MODE, and `env` on
 * top. Its output is attached to a test that failed.
 */
export async function withOwnApp(
  testInfo: TestInfo,
  options: { name: string; port: number; host: "localhost" | "127.0.0.1"; env: NodeJS.ProcessEnv },
  use: (url: string) => Promise<void>,
): Promise<void> {
  const output: string[] = [];
  const dataDir = join(".data", options.name);
  rmSync(join(repoRoot, dataDir), { recursive: true, force: true });
  const { DEV_MODE: _devMode, ...env } = process.env;
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: repoRoot,
    env: {
      ...env,
      PORT: String(options.port),
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => output.push(String(chunk)));
  child.stderr?.on("data", (chunk) => output.push(String(chunk)));
  const url = `http://${options.host}:${options.port}`;
  try {
    await waitForHealth(url, child, output);
    await use(url);
  } finally {
    await stop(child);
    if (testInfo.status !== testInfo.expectedStatus) {
      await testInfo.attach("app output", { body: output.join(""), contentType: "text/plain" });
    }
  }
}
