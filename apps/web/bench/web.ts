/**
 * Benchmark of the Mini App's first screen (issue 5, "Fast") — `pnpm bench:web`, not a test.
 *
 * In one run it builds, with the workspace's Vite and React:
 *   - the Mini App, for production (apps/web/dist, as `pnpm start` serves it), and
 *   - a bare Vite React page with one button (the template in ./bare, copied to a temporary folder
 *     whose node_modules point at apps/web's react and react-dom: nothing is installed),
 * then serves each on loopback — the Mini App by the real server (`scripts/start.mjs`, what
 * `pnpm start` runs, on a fresh embedded database, with a bot token and no development mode, opened
 * as Telegram opens it: initData signed with that token in the address's hash, as the bot-invite
 * end-to-end test does), the bare page by a plain static server — and opens each BENCH_RUNS times (default 15, after one warm-up
 * that also registers the development member) in Chromium at 400×760 with the CPU slowed down
 * BENCH_THROTTLE times (default 4, CDP Emulation.setCPUThrottlingRate), in a fresh browser context
 * each time (a cold cache, as on first opening), alternating the two pages so that the machine's
 * noise falls on both alike. It prints:
 *
 *   initial JS    the gzipped size (zlib level 9; 1 kB = 1000 bytes) of every script the page
 *                 requested before its first render, by the page's own Resource Timing — the entry,
 *                 its modulepreloads and static imports; lazy chunks are not requested for Home.
 *                 Cross-checked against the Vite manifest's entry and its static imports (which
 *                 leave out the language's strings, requested by index.html). Beside it, the
 *                 gzipped CSS requested before the first render: the UI kit's and the app's.
 *   first render  the moment Chromium paints the first screen with its data, from navigation
 *                 start: the Element Timing renderTime of the member's name on Home
 *                 ([data-testid=member-name], which needs member.me answered), and of the button
 *                 on the bare page; median of the runs, with min–max, and their ratio.
 *
 *   pnpm bench:web                        # 15 runs of each, 4× slowdown
 *   pnpm bench:web -- --runs=25           # or BENCH_RUNS=25
 *   pnpm bench:web -- --throttle=6        # or BENCH_THROTTLE=6
 *
 * CHROMIUM_PATH names the browser (default /usr/bin/chromium, as in e2e/playwright.config.ts).
 * Targets (issue 12): initial JS of Home ≤ 150 kB gzipped; first render ≤ 2× the bare page's.
 * The last line is the verdict.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { sign } from "@telegram-apps/init-data-node";
import react from "@vitejs/plugin-react";
import { type Browser, chromium } from "playwright-core";
import { build } from "vite";

const webDir = join(import.meta.dirname, "..");
const repoRoot = join(webDir, "..", "..");
const TARGET_KB = 150;
/** First render of Home at most this many times the bare page's. */
const TARGET_RATIO = 2;
/** The bot's token for this run only: the server checks initData with it, as with a real bot. */
const BOT_TOKEN = "123456:BENCH-token-for-the-web-benchmark";
/** A member as Telegram describes them in initData (created on first opening, at the warm-up). */
const BENCH_USER = { id: 8_000_001, first_name: "Anna", last_name: "Bench", language_code: "en" };
const DATA_DIR = ".data/bench-web";
/** The launch arguments of e2e/playwright.config.ts. */
const CHROMIUM_ARGS = [
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

declare global {
  interface Window {
    __bench?: { render?: number };
  }
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

interface Subject {
  name: string;
  url: string;
  dist: string;
  /** The element whose first paint is the first render. */
  selector: string;
  manifestFiles: string[];
  renders: number[];
  scripts?: string[];
  /** The stylesheets requested before the first render (the UI kit's and the app's CSS). */
  styles?: string[];
  /** Opened as Telegram opens a Mini App (signed launch parameters), not as a plain page. */
  telegram?: boolean;
}

function option(name: string, fallback: number): number {
  const raw =
    process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ??
    process.env[`BENCH_${name.toUpperCase()}`];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 1) {
    throw new Error(`--${name} must be a number ≥ 1, not "${raw}"`);
  }
  return value;
}

/** The entry's file and every chunk it imports statically, from the Vite manifest. */
function initialFiles(dist: string): string[] {
  const manifest = JSON.parse(
    readFileSync(join(dist, ".vite", "manifest.json"), "utf8"),
  ) as Manifest;
  const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (!entry) throw new Error(`no entry in ${dist}/.vite/manifest.json`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  visit(entry);
  return [...seen].map((key) => manifest[key]?.file as string).sort();
}

const gzipped = (dist: string, file: string) =>
  gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

async function buildApp(): Promise<string> {
  const dist = join(webDir, "dist");
  await build({
    root: webDir,
    configFile: join(webDir, "vite.config.ts"),
    logLevel: "error",
    build: { manifest: true },
  });
  return dist;
}

/** The bare page, built from ./bare in a temporary folder against apps/web's React. */
async function buildBare(scratch: string): Promise<string> {
  cpSync(join(import.meta.dirname, "bare"), scratch, { recursive: true });
  mkdirSync(join(scratch, "node_modules"));
  for (const name of ["react", "react-dom"]) {
    symlinkSync(
      realpathSync(join(webDir, "node_modules", name)),
      join(scratch, "node_modules", name),
    );
  }
  const dist = join(scratch, "dist");
  await build({
    root: scratch,
    configFile: false,
    logLevel: "error",
    plugins: [react()],
    build: { outDir: dist, emptyOutDir: true, manifest: true },
  });
  return dist;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** A plain static server on loopback, uncompressed like the app's own (sirv, gzip off). */
function serveStatic(dist: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0] ?? "/"));
    const file = join(dist, path === "/" ? "index.html" : path);
    if (!file.startsWith(dist) || !existsSync(file) || extname(file) === "") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The app as production runs it, on a fresh embedded database: a bot token (initData is checked
 * with it), no bot process (nothing to reach), so no development mode.
 */
async function startApp(port: number): Promise<{ child: ChildProcess; output: string[] }> {
  rmSync(join(repoRoot, DATA_DIR), { recursive: true, force: true });
  const output: string[] = [];
  // Vite's build set NODE_ENV=production in this process; the server must not inherit it.
  const { NODE_ENV: _built, ...serverEnv } = process.env;
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: repoRoot,
    env: {
      ...serverEnv,
      PORT: String(port),
      DATA_DIR,
      DATABASE_URL: "",
      BOT_TOKEN,
      RUN_BOT: "false",
      PUBLIC_URL: "https://exodus.test/",
      DEV_MODE: "",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => output.push(String(chunk)));
  child.stderr?.on("data", (chunk) => output.push(String(chunk)));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, output };
    await new Promise((r) => setTimeout(r, 300));
  }
  child.kill("SIGTERM");
  throw new Error(`the app did not start on port ${port}:\n${output.join("")}`);
}

function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Runs in the page before its own scripts: when the element appears, marks it for Element Timing,
 * so Chromium reports when its text is first painted.
 */
function watchFirstRender(selector: string) {
  window.__bench = {};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & { renderTime: number })[]) {
      if (entry.name === "text-paint" || entry.name === "image-paint") {
        window.__bench ??= {};
        window.__bench.render ??= entry.renderTime || entry.startTime;
      }
    }
  }).observe({ type: "element", buffered: true });
  const watcher = new MutationObserver(() => {
    const element = document.querySelector(selector);
    if (!element?.textContent?.trim()) return;
    element.setAttribute("elementtiming", "first-render");
    watcher.disconnect();
  });
  watcher.observe(document, { childList: true, subtree: true, characterData: true });
}

/**
 * The address Telegram opens a Mini App at: launch parameters in the hash, initData signed now
 * (each opening signs afresh, as Telegram does).
 */
function telegramLaunchUrl(base: string): string {
  const hash = new URLSearchParams([
    ["tgWebAppData", sign({ user: BENCH_USER, chat_type: "sender" }, BOT_TOKEN, new Date())],
    ["tgWebAppVersion", "8.0"],
    ["tgWebAppPlatform", "tdesktop"],
    ["tgWebAppThemeParams", JSON.stringify({ bg_color: "#ffffff", text_color: "#000000" })],
  ]);
  return `${base}#${hash}`;
}

/** Telegram's desktop and mobile clients give a Mini App this bridge; the SDK posts to it. */
function telegramBridge() {
  Object.assign(window, { TelegramWebviewProxy: { postEvent() {} } });
}

/** One cold opening: a fresh context, the CPU slowed down, until the first screen is painted. */
async function open(browser: Browser, subject: Subject, throttle: number) {
  const context = await browser.newContext({ viewport: { width: 400, height: 760 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
    await page.addInitScript(watchFirstRender, subject.selector);
    if (subject.telegram) await page.addInitScript(telegramBridge);
    await page.goto(subject.telegram ? telegramLaunchUrl(subject.url) : subject.url);
    await page.waitForFunction(() => window.__bench?.render !== undefined, null, {
      timeout: 120_000,
    });
    return await page.evaluate(() => {
      const render = window.__bench?.render ?? Number.NaN;
      // (No named function in here: tsx would wrap it in a helper the page does not have.)
      const [scripts = [], styles = []] = [".js", ".css"].map((extension) =>
        performance
          .getEntriesByType("resource")
          .filter((e) => new URL(e.name).pathname.endsWith(extension) && e.startTime < render)
          .map((e) => new URL(e.name).pathname.replace(/^\//, "")),
      );
      return { render, scripts, styles };
    });
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

async function main() {
  // The two pages' single openings swing by ±30% on a two-core machine (the app's server and
  // database share it with the browser): fifteen of each give medians that hold from run to run.
  const runs = option("runs", 15);
  const throttle = option("throttle", 4);
  const scratch = mkdtempSync(join(tmpdir(), "exodus-bench-web-"));
  let app: { child: ChildProcess; output: string[] } | undefined;
  let bareServer: Server | undefined;
  let browser: Browser | undefined;
  const cleanUp = async () => {
    await browser?.close().catch(() => {});
    bareServer?.close();
    if (app) await stopApp(app.child);
    rmSync(scratch, { recursive: true, force: true });
    rmSync(join(repoRoot, DATA_DIR), { recursive: true, force: true });
  };
  // Whatever happens, the server does not outlive the benchmark.
  process.once("exit", () => app?.child.kill("SIGTERM"));
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  }
  try {
    console.log("Building the Mini App and the bare page (production builds)…");
    const appDist = await buildApp();
    const bareDist = await buildBare(scratch);

    const port = await freePort();
    console.log(`Starting the app on port ${port} (a bot token, fresh embedded database)…`);
    app = await startApp(port);
    bareServer = await serveStatic(bareDist);
    const barePort = (bareServer.address() as AddressInfo).port;

    const subjects: Subject[] = [
      {
        name: "Exodus Mini App, Home",
        url: `http://localhost:${port}/`,
        dist: appDist,
        selector: '[data-testid="member-name"]',
        manifestFiles: initialFiles(appDist),
        renders: [],
        telegram: true,
      },
      {
        name: "bare Vite React page",
        url: `http://127.0.0.1:${barePort}/`,
        dist: bareDist,
        selector: '[data-testid="bare-button"]',
        manifestFiles: initialFiles(bareDist),
        renders: [],
      },
    ];

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: CHROMIUM_ARGS,
    });
    console.log(`Opening each page ${runs} times (+1 warm-up) with ${throttle}× CPU slowdown…`);
    for (let run = 0; run <= runs; run++) {
      for (const subject of subjects) {
        const { render, scripts, styles } = await open(browser, subject, throttle);
        if (run === 0) continue;
        subject.renders.push(render);
        subject.scripts ??= [...new Set(scripts)].sort();
        subject.styles ??= [...new Set(styles)].sort();
      }
    }

    const rows = subjects.map((s) => {
      const scripts = s.scripts ?? [];
      const bytes = scripts.reduce((sum, file) => sum + gzipped(s.dist, file), 0);
      const styles = s.styles ?? [];
      const cssBytes = styles.reduce((sum, file) => sum + gzipped(s.dist, file), 0);
      const renders = s.renders;
      return {
        subject: s,
        bytes,
        cssBytes,
        js: `${kb(bytes)} in ${scripts.length} file${scripts.length === 1 ? "" : "s"}`,
        css: `${kb(cssBytes)} in ${styles.length} file${styles.length === 1 ? "" : "s"}`,
        render: `${median(renders).toFixed(0)} ms (${Math.min(...renders).toFixed(0)}–${Math.max(...renders).toFixed(0)})`,
      };
    });
    const width = Math.max(...rows.map((r) => r.subject.name.length));
    const jsWidth = Math.max(...rows.map((r) => r.js.length), "initial JS, gzip".length);
    const cssWidth = Math.max(...rows.map((r) => r.css.length), "initial CSS, gzip".length);
    console.log("");
    console.log(
      `${"".padEnd(width)}  ${"initial JS, gzip".padEnd(jsWidth)}  ${"initial CSS, gzip".padEnd(cssWidth)}  first render, median (min–max)`,
    );
    for (const row of rows) {
      console.log(
        `${row.subject.name.padEnd(width)}  ${row.js.padEnd(jsWidth)}  ${row.css.padEnd(cssWidth)}  ${row.render}`,
      );
    }
    console.log("");
    for (const row of rows) {
      const all = row.subject.scripts ?? [];
      // The language's strings, requested by index.html beside the entry, are no static import.
      const language = all.filter((f) => /^assets\/(en|ru|uk)-[^/]+\.js$/.test(f));
      const loaded = all.filter((f) => !language.includes(f));
      const manifest = row.subject.manifestFiles;
      const same = loaded.length === manifest.length && loaded.every((f, i) => f === manifest[i]);
      console.log(
        `${row.subject.name}: ${all.map((f) => `${f} ${kb(gzipped(row.subject.dist, f))}`).join(", ")}`,
      );
      console.log(
        same
          ? `  = the Vite manifest's entry and its static imports${language.length ? `, and the language's strings (${language.join(", ")})` : ""}`
          : `  ≠ the Vite manifest's entry and its static imports: ${manifest.join(", ")}`,
      );
    }
    const home = rows[0] as (typeof rows)[number];
    const bare = rows[1] as (typeof rows)[number];
    const ratio = median(home.subject.renders) / median(bare.subject.renders);
    const sizeOk = home.bytes <= TARGET_KB * 1000;
    const renderOk = ratio <= TARGET_RATIO;
    console.log("");
    console.log(
      `First render: Chromium's paint of the member's name on Home (opened as Telegram opens it, after member.me) or of the button, from navigation start; ${runs} cold openings each, ${throttle}× CPU slowdown, 400×760.`,
    );
    console.log(
      `verdict: ${sizeOk ? "✓" : "✗"} initial JS of Home ${kb(home.bytes)} (≤ ${TARGET_KB} kB gzipped; its CSS beside it ${kb(home.cssBytes)}) · ${renderOk ? "✓" : "✗"} first render ${ratio.toFixed(2)}× the bare page's (${median(home.subject.renders).toFixed(0)} ms against ${median(bare.subject.renders).toFixed(0)} ms; ≤ ${TARGET_RATIO}×)`,
    );
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
