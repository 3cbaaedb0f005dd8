import { readConfigData } from "./data.js";
import { emptyModel, folderOf, repoJoin, root, type SiteModel, siteUrl, trimSlashes } from "./model.js";
import type { ReadText } from "./static-value.js";

/** Jekyll (and GitHub Pages): `_config.yml`, its `source`, `url` + `baseurl` and output collections. */
export const JEKYLL_CONFIG = /(^|\/)_config\.ya?ml$/;

/** Keys only a Jekyll config has together; `_config.yml` is a common name. */
const JEKYLL_KEYS = [
  "baseurl",
  "collections",
  "permalink",
  "markdown",
  "theme",
  "remote_theme",
  "plugins",
  "kramdown",
];

export async function readJekyll(configPath: string, readText: ReadText): Promise<SiteModel | null> {
  const config = await readConfigData(configPath, readText);
  if (!config || !JEKYLL_KEYS.some((k) => k in config)) return null;
  const model = emptyModel("jekyll");
  model.evidence.push(configPath);
  const dir = folderOf(configPath);
  const source = repoJoin(dir, typeof config.source === "string" ? config.source : ".") ?? dir;
  const url = siteUrl(
    typeof config.url === "string" ? config.url : null,
    typeof config.baseurl === "string" ? config.baseurl : null,
  );
  if (url) model.siteUrls.push(url);
  // Collections with `output: true` publish `_name/page.md` at `/name/page` (or their permalink's prefix).
  const collectionsDir =
    repoJoin(source, typeof config.collections_dir === "string" ? config.collections_dir : ".") ?? source;
  const collections = config.collections;
  if (collections && typeof collections === "object" && !Array.isArray(collections)) {
    for (const [name, settings] of Object.entries(collections).slice(0, 50)) {
      const s = settings && typeof settings === "object" ? (settings as Record<string, unknown>) : {};
      if (s.output !== true || !/^[\w-]+$/.test(name)) continue;
      const permalink = typeof s.permalink === "string" ? s.permalink : "/:collection/:path";
      const prefix = trimSlashes(permalink.split("/:path")[0]?.split("/:name")[0] ?? "")
        .split("/")
        .map((seg) => (seg === ":collection" ? name : seg))
        .filter((seg) => seg && !seg.startsWith(":"))
        .join("/");
      const collectionDir = repoJoin(collectionsDir, `_${name}`);
      if (collectionDir !== null)
        model.roots.push(
          root({ dir: collectionDir, route: prefix, kind: name === "posts" ? "blog" : "docs" }),
        );
    }
  }
  const posts = repoJoin(collectionsDir, "_posts");
  if (posts !== null && !model.roots.some((r) => r.dir === posts))
    model.roots.push(root({ dir: posts, kind: "blog" }));
  model.roots.push(root({ dir: source, kind: "pages" }));
  return model;
}
