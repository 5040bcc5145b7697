/**
 * What several specs share: calling the API as a development member, tying members through an
 * invite link, moving inside the app, and running an app of their own (the bot, balance, story,
 * clearing, initiative and pool specs), with development members in browsers of their own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  type Browser,
  type BrowserContext,
  test as base,
  expect,
  type Page,
  type TestInfo,
} from "@playwright/test";

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

/** Moves inside the app, as its links do, without starting it again. */
export async function go(page: Page, path: string) {
  await page.evaluate((to) => {
    history.pushState(null, "", to);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
  await expect(page).toHaveURL(path);
}

/** A development member in a browser of their own. */
export interface Person {
  context: BrowserContext;
  page: Page;
}

/** A phone-sized window, as every own-app spec opens its members in. */
export const viewport = { width: 400, height: 760 };

/**
 * A browser of one's own as a development member, light theme; its clock Playwright's, so that it
 * can follow the server's development clock.
 */
async function openPerson(browser: Browser, baseURL: string, member: string): Promise<Person> {
  const context = await browser.newContext({ baseURL, viewport });
  await context.clock.install();
  await context.addInitScript((key) => {
    if (localStorage.getItem("exodus.dev.member")) return;
    localStorage.setItem("exodus.dev.member", key);
    localStorage.setItem("exodus.dev.theme", "light");
  }, member);
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByTestId("member-name")).toBeVisible();
  return { context, page };
}

/**
 * A test with an app of its own in development mode (members and clock; no bot token, and the
 * bot's and the Mini App's names, so invite links are t.me links), on `port` in .data/<name>, and
 * `open(member)`: that development member in a browser of their own, closed after the test.
 */
export function devAppTest<M extends string>(name: string, port: number) {
  return base.extend<{ app: { url: string }; open: (member: M) => Promise<Person> }>({
    app: [
      // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; it has none.
      async ({}, use, testInfo) => {
        await withOwnApp(
          testInfo,
          {
            name,
            port,
            // Development mode answers a local host name only.
            host: "localhost",
            env: { BOT_TOKEN: "", BOT_USERNAME: "exodus_e2e_bot", MINI_APP_NAME: "app" },
          },
          (url) => use({ url }),
        );
      },
      { timeout: 120_000 },
    ],

    open: async ({ browser, app }, use) => {
      const contexts: BrowserContext[] = [];
      await use(async (member) => {
        const person = await openPerson(browser, app.url, member);
        contexts.push(person.context);
        return person;
      });
      for (const context of contexts) await context.close();
    },
  });
}

/**
 * The screen in the light and the dark theme (the DevPanel's chips restart the app in place),
 * attached to the report; back to light after. `ready` waits for what the screen must show, and
 * restores what a restart loses (a form being filled in).
 */
export async function shots(
  page: Page,
  testInfo: TestInfo,
  name: string,
  ready: () => Promise<void>,
) {
  const themes = page.getByTestId("dev-theme").locator(".chip");
  const size = page.viewportSize() ?? viewport;
  for (const theme of ["light", "dark"] as const) {
    const chip = themes.nth(theme === "light" ? 0 : 1);
    if ((await chip.getAttribute("aria-pressed")) !== "true") await chip.click();
    await expect(chip).toHaveAttribute("aria-pressed", "true");
    await ready();
    await expect(page.locator(".skeleton")).toHaveCount(0);
    const path = testInfo.outputPath(`${name}-${theme}.png`);
    // The whole screen, as a phone as tall as the page would show it, the tab bar at its foot.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ ...size, height: Math.max(size.height, height) });
    await page.screenshot({ path });
    await page.setViewportSize(size);
    await testInfo.attach(`${name}-${theme}`, { path, contentType: "image/png" });
  }
  await themes.nth(0).click();
  await expect(themes.nth(0)).toHaveAttribute("aria-pressed", "true");
  await ready();
}

/** No sideways scroll on a 360 px phone. */
export async function expectFitsNarrowPhone(page: Page) {
  await page.setViewportSize({ width: 360, height: 740 });
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    window: window.innerWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.window);
  await page.setViewportSize(viewport);
}
