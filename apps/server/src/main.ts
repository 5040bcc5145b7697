// The server as a process: reads the configuration, starts the app, prints where to open it.
import { startApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const app = await startApp(config).catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  const hint =
    (error as { code?: string }).code === "EADDRINUSE" ? " (set PORT to another port)" : "";
  console.error(`Exodus could not start: ${reason}${hint}`);
  process.exit(1);
});
const database = config.databaseUrl
  ? "PostgreSQL (DATABASE_URL)"
  : `embedded PostgreSQL in ${config.dataDir}`;
console.log(`Exodus is running on ${database}.`);
if (config.devMode) {
  console.log(
    `Development mode: open ${app.url} in a browser to use the Mini App as a development member.`,
  );
} else {
  console.log(`Listening at ${app.url}`);
}
if (!config.botToken) console.log("No BOT_TOKEN: the bot is off (README: Connect a real bot).");
else if (!config.runBot) console.log("RUN_BOT=false: the bot runs as its own process.");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    process.exit(0);
  });
}
