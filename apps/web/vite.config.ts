import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * Opened by Telegram, the launch language is in the address (initData's user.language_code): a
 * few lines in index.html ask for that language's strings as the page opens, beside the app's own
 * code, instead of after it has run (src/i18n.ts loads the same chunk, then from the cache). The
 * chunks' hashed names are known only once the bundle is written, hence a plugin.
 */
function preloadLaunchLanguage(): Plugin {
  return {
    name: "exodus:preload-launch-language",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const chunks: Record<string, string> = {};
        for (const item of Object.values(ctx.bundle ?? {})) {
          if (item.type !== "chunk" || !item.facadeModuleId) continue;
          const language = /[/\\]i18n[/\\](en|ru|uk)\.ts$/.exec(item.facadeModuleId)?.[1];
          if (language) chunks[language] = `/${item.fileName}`;
        }
        if (!chunks.en) return [];
        const script = `(function (chunks) {
  var data = new URLSearchParams(location.hash.slice(1)).get("tgWebAppData");
  if (!data) return;
  var language = "en";
  try {
    var code = JSON.parse(new URLSearchParams(data).get("user") || "{}").language_code;
    var base = String(code || "").toLowerCase().split(/[-_]/)[0];
    if (chunks[base]) language = base;
  } catch (e) {}
  var link = document.createElement("link");
  link.rel = "modulepreload";
  link.href = chunks[language];
  document.head.appendChild(link);
})(${JSON.stringify(chunks)});`;
        return [{ tag: "script", children: script, injectTo: "head" }];
      },
    },
  };
}

/** `pnpm --filter @exodus/web dev` serves the app with hot reload and sends API calls to the server. */
export default defineConfig({
  plugins: [react(), preloadLaunchLanguage()],
  server: {
    port: 5173,
    proxy: {
      "/trpc": "http://127.0.0.1:3000",
      "/dev": "http://127.0.0.1:3000",
      "/healthz": "http://127.0.0.1:3000",
      "/export": "http://127.0.0.1:3000",
    },
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
});
