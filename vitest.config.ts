import { defineConfig } from "vitest/config";

/**
 * Two projects: `unit` (in-process, nock and loopback servers; the quick loop, `npm run test:unit`) and `e2e`
 * (`*.e2e.test.ts`: the built CLI and Action run as processes, worker threads, Redis). `npm test` runs both.
 * Timeouts are generous ceilings for a loaded machine, never what a test asserts.
 */
const shared = { setupFiles: ["test/setup.ts"], pool: "forks" as const };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/**/*.e2e.test.ts", "test/fixtures/**"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          ...shared,
          name: "e2e",
          include: ["test/**/*.e2e.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
