import type { DocgapConfig } from "../config/schema.js";

/** Hosts whose pages may be fetched: the docs site (and aliases), configured extra hosts, and GitHub. */
export function allowedHostsFor(
  config: DocgapConfig,
  githubHosts: string[] = ["github.com", "raw.githubusercontent.com"],
): string[] {
  const site = [config.docs.siteUrl, ...config.docs.siteUrlAliases]
    .filter((u): u is string => !!u)
    .map((u) => new URL(u).hostname);
  return [...new Set([...site, ...config.sources.allowedHosts.map((h) => h.toLowerCase()), ...githubHosts])];
}
