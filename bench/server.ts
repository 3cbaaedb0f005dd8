/** What the server benchmarks share: sending a signed webhook, and reading a process's peak memory. */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { sign } from "@octokit/webhooks-methods";

/** Peak resident memory of a process (Linux `VmHWM`), in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** POSTs an `issues` webhook signed as GitHub signs it; its status (0 when no answer) and how long it took. */
export async function sendWebhook(
  base: string,
  secret: string,
  payload: object,
): Promise<{ status: number; ms: number }> {
  const body = JSON.stringify(payload);
  const t0 = performance.now();
  const res = await fetch(`${base}/api/github/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": await sign(secret, body),
    },
    body,
  }).catch(() => null);
  await res?.text();
  return { status: res?.status ?? 0, ms: performance.now() - t0 };
}
