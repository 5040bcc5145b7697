import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3199);

/**
 * End-to-end tests in a real Chromium (Debian's; Playwright cannot download its own here) against
 * the app started exactly as `pnpm start` starts it, on a fresh embedded database.
 */
export default defineConfig({
  testDir: "tests",
  outputDir: "test-results",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 400, height: 760 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: "node -e \"fs.rmSync('.data/e2e',{recursive:true,force:true})\" && pnpm start",
    cwd: "..",
    url: `http://localhost:${port}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    // The bot's and the Mini App's names (no token: the bot stays off) so invite links are t.me links.
    env: {
      PORT: String(port),
      DATA_DIR: ".data/e2e",
      DATABASE_URL: "",
      BOT_TOKEN: "",
      BOT_USERNAME: "exodus_e2e_bot",
      MINI_APP_NAME: "app",
    },
  },
});
