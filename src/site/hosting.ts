import path from "node:path/posix";
import { readData, table, text } from "./data.js";
import { redirectsOf, type SiteModel } from "./model.js";

/**
 * Redirects the site's host declares, whatever generator builds the pages: `vercel.json` (`redirects`),
 * `netlify.toml` (`[[redirects]]`) and Netlify's `_redirects` files (at the top, or in the folder the generator
 * copies as is: `static/`, `public/`). Old URLs in issues lead to today's pages through them.
 */

export const HOSTING = /^(?:[^/]+\/){0,2}(?:vercel\.json|netlify\.toml|(?:static\/|public\/)?_redirects)$/;
const MAX_FILES = 6;

/** `from to [status]` lines of a `_redirects` file; comments and blank lines skipped. */
function redirectsFile(raw: string): Array<[unknown, unknown]> {
  const out: Array<[unknown, unknown]> = [];
  for (const line of raw.slice(0, 200_000).split("\n")) {
    const [from, to] = line.trim().split(/\s+/);
    if (from && to && !from.startsWith("#")) out.push([from, to]);
    if (out.length >= 500) break;
  }
  return out;
}

export async function hostingRedirects(
  files: string[],
  readText: (p: string) => Promise<string | null>,
): Promise<{ redirects: SiteModel["redirects"]; evidence: string[] }> {
  const redirects: SiteModel["redirects"] = [];
  const evidence: string[] = [];
  for (const file of files.filter((f) => HOSTING.test(f)).slice(0, MAX_FILES)) {
    const raw = await readText(file);
    if (raw === null) continue;
    const name = path.basename(file);
    let pairs: Array<[unknown, unknown]> = [];
    if (name === "_redirects") pairs = redirectsFile(raw);
    else {
      const data = readData(file, raw);
      const list = name === "vercel.json" ? data?.redirects : data?.redirects;
      if (Array.isArray(list))
        pairs = list.map((r): [unknown, unknown] => {
          const t = table(r);
          return name === "vercel.json" ? [text(t.source), text(t.destination)] : [text(t.from), text(t.to)];
        });
    }
    const found = redirectsOf(pairs);
    if (found.length) {
      redirects.push(...found);
      evidence.push(file);
    }
  }
  return { redirects: redirects.slice(0, 1000), evidence };
}
