import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** `pnpm --filter @exodus/web dev` serves the app with hot reload and sends API calls to the server. */
export default defineConfig({
  plugins: [react()],
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
