import { describe, expect, test } from "vitest";
import { scrubbingLog } from "../../src/jobs/log.js";
import { registerSecret, scrubDeep, scrubKnown, scrubSecrets } from "../../src/text/secrets.js";

describe("credentials are redacted wherever docgap writes", () => {
  test.each([
    ["an OpenAI key", "Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwx."],
    ["an Anthropic key", "key sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345"],
    ["a GitHub installation token", "token ghs_16C7e42F292c6912E7710c838347Ae178B4a in the URL"],
    ["a fine-grained PAT", "github_pat_11ABCDEFG0abcdefghijklmnopqrstuvwxyz"],
    ["a bearer header", "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789"],
    ["a JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"],
    ["a private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"],
  ])("%s", (_name, text) => {
    const out = scrubSecrets(text);
    expect(out).toContain("‹redacted›");
    expect(out).not.toMatch(/sk-|gh[sp]_|github_pat_|Bearer [a-z]|eyJ|BEGIN RSA PRIVATE KEY-----\nM/);
  });

  test("a registered value is redacted even when it has no known shape; ordinary text is kept", () => {
    registerSecret("webhook-secret-1234");
    expect(scrubSecrets("signed with webhook-secret-1234, twice: webhook-secret-1234")).toBe(
      "signed with ‹redacted›, twice: ‹redacted›",
    );
    expect(scrubSecrets("The `sk-` prefix marks keys; see the token docs.")).toBe(
      "The `sk-` prefix marks keys; see the token docs.",
    );
    // docs text that only looks like a key stays in a patch; a credential docgap holds never does
    expect(scrubKnown("export TOKEN=ghp_exampleexampleexampleexample1234 # webhook-secret-1234")).toBe(
      "export TOKEN=ghp_exampleexampleexampleexample1234 # ‹redacted›",
    );
  });

  test("results and log lines are scrubbed in depth, errors included", () => {
    const data = scrubDeep({
      a: ["x sk-abcdefghijklmnopqrstu"],
      err: new Error("401: ghs_abcdefghijklmnopqrstuvwxyz012345"),
    });
    expect(JSON.stringify(data)).not.toMatch(/sk-abc|ghs_abc/);
    expect((data.err as Error).message).toBe("401: ‹redacted›");
    const lines: unknown[][] = [];
    const base = {
      info: (...a: unknown[]) => lines.push(a),
      child() {
        return base;
      },
    };
    const log = scrubbingLog(base);
    log
      .child()
      .info(
        { err: new Error("Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwx") },
        "model failed",
      );
    expect(JSON.stringify(lines, (_k, v) => (v instanceof Error ? v.message : v))).not.toContain(
      "sk-proj-abc",
    );
  });
});

test("prose about tokens is kept: only values shaped like credentials are redacted", () => {
  for (const text of [
    "Add a short OAuth token refresh/revocation subsection to authentication",
    "The Bearer authentication-scheme-explained page",
  ])
    expect(scrubSecrets(text)).toBe(text);
});
