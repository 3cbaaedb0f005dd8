import { emptyModel, folderOf, redirectsOf, root, type SiteModel } from "./model.js";
import type { ReadText } from "./static-value.js";

/** Mintlify: `docs.json` (or the older `mint.json`); pages are published at their path without extension. */
export const MINTLIFY_CONFIG = /(^|\/)(mint|docs)\.json$/;

export async function readMintlify(configPath: string, readText: ReadText): Promise<SiteModel | null> {
  const text = await readText(configPath);
  if (text === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  // `docs.json` is a common name: it is Mintlify's only when it has Mintlify's navigation.
  if (!data || typeof data !== "object" || !("navigation" in data || "$schema" in data)) return null;
  if (
    "$schema" in data &&
    !/mintlify/.test(String((data as { $schema: unknown }).$schema)) &&
    !("navigation" in data)
  )
    return null;
  const model = emptyModel("mintlify");
  model.evidence.push(configPath);
  model.roots.push(root({ dir: folderOf(configPath) }));
  const redirects = (data as { redirects?: unknown }).redirects;
  if (Array.isArray(redirects))
    model.redirects.push(
      ...redirectsOf(
        redirects.map((r): [unknown, unknown] =>
          r && typeof r === "object"
            ? [(r as Record<string, unknown>).source, (r as Record<string, unknown>).destination]
            : [null, null],
        ),
      ),
    );
  return model;
}
