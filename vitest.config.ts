import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string): string => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^jwt-extended$/, replacement: src("index.ts") },
      { find: /^jwt-extended\/(redis|sqlite|postgres)$/, replacement: src("stores/$1.ts") },
      { find: /^jwt-extended\/client$/, replacement: src("client/index.ts") },
      { find: /^jwt-extended\/(.*)$/, replacement: src("adapters/$1.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", "text", "json-summary"],
    },
  },
});
