import type { FakeGitHub } from "./fake-github.js";
import { privateKey } from "./keys.js";

/**
 * The environment of a real docgap server process (`npm start`) on loopback, against a fake GitHub API: what the
 * process tests and the server benchmarks start it with. `extra` adds or overrides variables.
 */
export function serverEnv(
  github: Pick<FakeGitHub, "host">,
  port: number,
  secret: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    APP_ID: "1",
    PRIVATE_KEY: privateKey,
    WEBHOOK_SECRET: secret,
    PORT: String(port),
    HOST: "127.0.0.1",
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    LOG_LEVEL: "warn",
    ...extra,
  };
}

/** A port in the unprivileged range, unlikely to be taken. */
export const somePort = () => 30_000 + Math.floor(Math.random() * 20_000);
