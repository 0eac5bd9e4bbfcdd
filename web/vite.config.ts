import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The browser app: built into web/dist, which `certpath serve` serves at /.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 400 },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
