import dns from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import pLimit from "p-limit";
import { Agent, type Dispatcher, fetch } from "undici";
import type { DocgapConfig } from "../config/schema.js";
import { allowedHostsFor } from "./hosts.js";

/**
 * Safe fetching of URLs taken from issue text. Only http(s), only allowed hosts, never a non-public address
 * (checked on every connection, so DNS rebinding and redirects to private addresses are refused), with time,
 * size and content-type limits, and no cookies or credentials.
 */

export interface FetchPolicy {
  /** Host names that may be fetched (exact, or `*.example.com`). */
  allowedHosts: string[];
  /** Host names (or IPs) the operator allows to resolve to private addresses (`DOCGAP_ALLOW_PRIVATE_HOSTS`). */
  privateHosts: string[];
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const defaultPolicy = (allowedHosts: string[], env: NodeJS.ProcessEnv = process.env): FetchPolicy => ({
  allowedHosts,
  privateHosts: (env.DOCGAP_ALLOW_PRIVATE_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean),
  timeoutMs: 10_000,
  maxBytes: 2_000_000,
  maxRedirects: 5,
});

const ALLOWED_TYPES = /^(text\/(html|markdown|plain|x-markdown)|application\/(xhtml\+xml|json))\b/i;

export type FetchOutcome =
  | { status: "ok"; url: string; contentType: string; body: string }
  | { status: "blocked" | "not-found" | "error"; url: string; reason: string };

export class BlockedError extends Error {
  readonly code = "EDOCGAPBLOCKED";
}

/** True when an IP address is publicly routable (not loopback, private, link-local, CGNAT, unique-local...). */
export function isPublicAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  return addr.range() === "unicast";
}

const hostAllowed = (host: string, list: string[]) =>
  list.some((h) => {
    const p = h.toLowerCase();
    return p.startsWith("*.") ? host.endsWith(p.slice(1)) || host === p.slice(2) : host === p;
  });

const bareHost = (hostname: string) => hostname.replace(/^\[|\]$/g, "").toLowerCase();

/** Decides whether a URL may be fetched at all, before any connection. Returns the reason when not. */
export function checkUrl(raw: string, policy: FetchPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "not a valid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `scheme ${url.protocol} is not allowed`;
  if (url.username || url.password) return "URLs with credentials are not fetched";
  // The WHATWG parser already turns odd IPv4 spellings (2130706433, 0x7f.1, 127.1) into dotted form.
  const host = bareHost(url.hostname);
  const privateOk = hostAllowed(host, policy.privateHosts);
  if (isIP(host) && !isPublicAddress(host) && !privateOk) return `${host} is not a public address`;
  if (host === "localhost" || host.endsWith(".localhost")) {
    if (!privateOk) return `${host} is a local name`;
  }
  if (!hostAllowed(host, policy.allowedHosts) && !privateOk)
    return `host ${host} is not in the allowed hosts`;
  return null;
}

const agents = new Map<string, Dispatcher>();

/**
 * A dispatcher whose every connection is checked: names resolved and refused when any address is not public.
 * It depends only on the operator's private hosts and the time limit, so one serves every fetcher (and keeps its
 * connection pool) for the life of the process.
 */
export function guardedAgent(policy: FetchPolicy): Dispatcher {
  const key = `${policy.privateHosts.join(",")}|${policy.timeoutMs}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = newGuardedAgent(policy);
    agents.set(key, agent);
  }
  return agent;
}

function newGuardedAgent(policy: FetchPolicy): Dispatcher {
  const lookup: LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as unknown as dns.LookupAddress[];
      const privateOk = hostAllowed(hostname.toLowerCase(), policy.privateHosts);
      const bad = list.find((a) => !isPublicAddress(a.address) && !privateOk);
      if (bad)
        return callback(
          new BlockedError(`${hostname} resolves to ${bad.address}, not a public address`),
          "",
          0,
        );
      if ((options as { all?: boolean }).all)
        return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      const first = list[0];
      return first
        ? callback(null, first.address, first.family)
        : callback(new Error(`no address for ${hostname}`), "", 0);
    });
  };
  const blockLiterals: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
    const host = bareHost(new URL(String(opts.origin)).hostname);
    if (isIP(host) && !isPublicAddress(host) && !hostAllowed(host, policy.privateHosts)) {
      throw new BlockedError(`${host} is not a public address`);
    }
    return dispatch(opts, handler);
  };
  return new Agent({ connect: { lookup, timeout: policy.timeoutMs } }).compose(blockLiterals);
}

async function readCapped(res: Response | Awaited<ReturnType<typeof fetch>>, max: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new BlockedError(`the page is larger than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export type SafeFetcher = ((url: string, accept?: string) => Promise<FetchOutcome>) & {
  /**
   * The same guarded fetcher, also allowed to fetch from these hosts: the ones the docs repository's own site
   * config declares (every other check still applies).
   */
  allowing?: (hosts: string[]) => SafeFetcher;
};

/** Builds a fetcher bound to a policy, with at most `concurrency` requests at once. */
export function createSafeFetch(policy: FetchPolicy, concurrency = 4): SafeFetcher {
  const agent = guardedAgent(policy);
  const limit = pLimit(concurrency);
  const once = async (start: string, accept: string): Promise<FetchOutcome> => {
    let url = start;
    for (let hop = 0; hop <= policy.maxRedirects; hop++) {
      const refusal = checkUrl(url, policy);
      if (refusal) return { status: "blocked", url, reason: hop ? `redirect refused: ${refusal}` : refusal };
      let res: Awaited<ReturnType<typeof fetch>>;
      try {
        res = await fetch(url, {
          dispatcher: agent,
          redirect: "manual",
          credentials: "omit",
          headers: { accept, "user-agent": "docgap (+https://github.com/apps/docgap)" },
          signal: AbortSignal.timeout(policy.timeoutMs),
        });
      } catch (err) {
        const cause = (err as { cause?: unknown }).cause ?? err;
        if (cause instanceof BlockedError) return { status: "blocked", url, reason: cause.message };
        const name = (cause as Error)?.name;
        return {
          status: "error",
          url,
          reason:
            name === "TimeoutError"
              ? `no answer within ${policy.timeoutMs} ms`
              : String((cause as Error)?.message ?? cause),
        };
      }
      if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
        url = new URL(res.headers.get("location") ?? "", url).toString();
        await res.body?.cancel();
        continue;
      }
      if (res.status === 404 || res.status === 410) {
        await res.body?.cancel();
        return { status: "not-found", url, reason: `HTTP ${res.status}` };
      }
      if (!res.ok) {
        await res.body?.cancel();
        return { status: "error", url, reason: `HTTP ${res.status}` };
      }
      const type = res.headers.get("content-type") ?? "";
      if (!ALLOWED_TYPES.test(type)) {
        await res.body?.cancel();
        return { status: "blocked", url, reason: `content type ${type || "(none)"} is not fetched` };
      }
      try {
        return { status: "ok", url, contentType: type, body: await readCapped(res, policy.maxBytes) };
      } catch (err) {
        return err instanceof BlockedError
          ? { status: "blocked", url, reason: err.message }
          : { status: "error", url, reason: String((err as Error).message) };
      }
    }
    return { status: "blocked", url, reason: `more than ${policy.maxRedirects} redirects` };
  };
  const fetcher: SafeFetcher = (url, accept = "text/markdown, text/html;q=0.9, text/plain;q=0.8") =>
    limit(() => once(url, accept));
  fetcher.allowing = (hosts) =>
    createSafeFetch(
      {
        ...policy,
        allowedHosts: [...new Set([...policy.allowedHosts, ...hosts.map((h) => h.toLowerCase())])],
      },
      concurrency,
    );
  return fetcher;
}

/** The fetcher for one analysis: the config's hosts (docs site, aliases, extra hosts, GitHub), the default limits. */
export const fetcherFor = (config: DocgapConfig, env: NodeJS.ProcessEnv = process.env): SafeFetcher =>
  createSafeFetch(defaultPolicy(allowedHostsFor(config), env));
