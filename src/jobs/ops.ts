import type { IncomingMessage, ServerResponse } from "node:http";
import type { Metrics } from "./metrics.js";
import type { JobQueue } from "./types.js";

/**
 * `GET /healthz` (queue and Redis state; 503 when Redis is configured but down) and `GET /metrics` (Prometheus
 * text format), served by the app's own HTTP server beside the webhook route.
 */
export function opsHandler(queue: () => JobQueue | null, metrics: Metrics) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== "GET") return false;
    const path = req.url?.split("?")[0] ?? "";
    if (path === "/healthz") {
      const q = queue();
      const stats = q ? await q.stats().catch(() => null) : null;
      const ok = !!stats && stats.redis !== false;
      res
        .writeHead(ok ? 200 : 503, { "content-type": "application/json" })
        .end(JSON.stringify({ status: ok ? "ok" : "unavailable", queue: stats }));
      return true;
    }
    if (path === "/metrics") {
      res
        .writeHead(200, { "content-type": metrics.registry.contentType })
        .end(await metrics.registry.metrics());
      return true;
    }
    return false;
  };
}
