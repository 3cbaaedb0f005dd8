import path from "node:path/posix";

export type Generator =
  | "vitepress"
  | "docusaurus"
  | "starlight"
  | "mkdocs"
  | "eleventy"
  | "mintlify"
  | "sphinx"
  | "unknown";

export interface SiteLayout {
  generator: Generator;
  /** The config file that revealed the generator, or null. */
  evidence: string | null;
  /** Folder whose files are published (URL path `/a/b` → `<contentDir>/a/b.md`). */
  contentDir: string;
}

export const isDocFile = (p: string) => /\.(md|mdx|markdown|rst)$/i.test(p);

const RULES: Array<{ generator: Generator; test: RegExp; content: (dir: string) => string }> = [
  { generator: "vitepress", test: /(^|\/)\.vitepress\/config\.(m?[jt]s|mts)$/, content: (dir) => dir },
  {
    generator: "docusaurus",
    test: /(^|\/)docusaurus\.config\.(m?[jt]s|cjs)$/,
    content: (dir) => path.join(dir, "docs"),
  },
  {
    generator: "starlight",
    test: /(^|\/)astro\.config\.(m?[jt]s|cjs)$/,
    content: (dir) => path.join(dir, "src/content/docs"),
  },
  { generator: "mkdocs", test: /(^|\/)mkdocs(\.[\w-]+)?\.ya?ml$/, content: (dir) => path.join(dir, "docs") },
  {
    generator: "eleventy",
    test: /(^|\/)(\.eleventy\.c?js|eleventy\.config\.(m?[jt]s|cjs))$/,
    content: (dir) => dir,
  },
  { generator: "mintlify", test: /(^|\/)(mint|docs)\.json$/, content: (dir) => dir },
  { generator: "sphinx", test: /(^|\/)conf\.py$/, content: (dir) => dir },
];

/** Detects the site generator from config files in the tree, closest to the docs root first. */
export function detectSite(files: string[], docsRoot: string): SiteLayout {
  const root = docsRoot.replace(/^\/+|\/+$/g, "");
  const inScope = (f: string) => !root || f === root || f.startsWith(`${root}/`) || !f.includes("/");
  const candidates = files.filter((f) => inScope(f) && f.split("/").length <= root.split("/").length + 3);
  for (const rule of RULES) {
    const hit = candidates.find((f) => rule.test.test(f) && !f.includes("node_modules"));
    if (!hit) continue;
    if (rule.generator === "mintlify" && !files.some((f) => f.endsWith(".mdx") || f.endsWith(".md")))
      continue;
    const configDir = rule.generator === "vitepress" ? path.dirname(path.dirname(hit)) : path.dirname(hit);
    const dir = configDir === "." ? "" : configDir;
    let contentDir = rule.content(dir);
    if (rule.generator === "mkdocs") contentDir = root || contentDir;
    if (rule.generator === "eleventy" && files.some((f) => f.startsWith(`${path.join(dir, "src")}/`))) {
      contentDir = path.join(dir, "src");
    }
    return { generator: rule.generator, evidence: hit, contentDir: contentDir.replace(/^\.\/?/, "") };
  }
  return { generator: "unknown", evidence: null, contentDir: root };
}
