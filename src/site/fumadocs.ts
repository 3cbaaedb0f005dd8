import { emptyModel, folderOf, repoJoin, root, type SiteModel, trimSlashes } from "./model.js";
import { readStaticConfig } from "./static-js.js";
import { CALLEE, isObject, type ReadText, type StaticValue, str } from "./static-value.js";

/** Fumadocs: `source.config.*`, where `defineDocs` names the content folders. */
export const FUMADOCS_CONFIG = /(^|\/)source\.config\.(m?[jt]s)$/;

const USES = /["']fumadocs-mdx\/config["']/;
/** Where Fumadocs' `loader()` calls usually live: they give each collection its URL (`baseUrl`). */
const LOADER_FILE = /(^|\/)(src\/)?lib\/source\.(m?[jt]sx?)$/;

/**
 * Fumadocs sites: each `defineDocs({ dir })` collection (default `content/docs`) published at the `baseUrl` of the
 * `loader()` that serves it (`lib/source.ts`); `(group)` folders are not part of the URL.
 */
export async function readFumadocs(
  configPath: string,
  readText: ReadText,
  files: string[],
): Promise<SiteModel | null> {
  const text = await readText(configPath);
  if (!text || !USES.test(text)) return null;
  const model = emptyModel("fumadocs");
  const { value, files: read } = await readStaticConfig(configPath, readText, "*");
  model.evidence.push(...(read.length ? read : [configPath]));
  const dir = folderOf(configPath);
  const declared = docsCollections(value);
  // Collections defined elsewhere (a macro in the loader's file): Fumadocs' own convention, `content/docs`.
  const collections: Array<[string, string]> = declared.length ? declared : [["docs", "content/docs"]];
  if (!declared.length) model.notes.push(`${configPath} defines no docs collection; content/docs assumed`);
  const loaderFile = files.find((f) => LOADER_FILE.test(f) && (!dir || f.startsWith(`${dir}/`)));
  const bases = loaderFile ? baseUrls((await readText(loaderFile)) ?? "") : new Map<string, string>();
  if (loaderFile && bases.size) model.evidence.push(loaderFile);
  for (const [name, folder] of collections) {
    const at = repoJoin(dir, folder);
    if (at === null) continue;
    const base = bases.get(name) ?? (bases.size === 1 ? [...bases.values()][0] : undefined);
    if (base === undefined) model.notes.push(`no loader() with a baseUrl found for ${name}; /docs assumed`);
    model.roots.push(root({ dir: at, route: trimSlashes(base ?? "/docs"), folderGroups: true }));
  }
  return model.roots.length ? model : null;
}

/** The exported `defineDocs` collections and their folders, by export name. */
function docsCollections(value: StaticValue): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const visit = (name: string, v: StaticValue | undefined) => {
    if (!isObject(v) || v[CALLEE] !== "defineDocs") return;
    const docs = isObject(v.docs) ? v.docs : {};
    out.push([name, str(v.dir) ?? str(docs.dir) ?? "content/docs"]);
  };
  if (isObject(value))
    for (const [name, v] of Object.entries(value)) {
      visit(name, v);
      // `export default defineConfig({ docs: defineDocs({...}) })`
      if (isObject(v)) for (const [inner, w] of Object.entries(v)) visit(inner, w);
    }
  return out;
}

/**
 * `loader({ baseUrl: '/docs', source: docs.toFumadocsSource() })`: the base URL of each collection a loader
 * serves, read from the text between one `loader(` and the next.
 */
function baseUrls(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const calls = text
    .slice(0, 200_000)
    .split(/\bloader\s*\(/)
    .slice(1);
  for (const call of calls) {
    const base = /\bbaseUrl\s*:\s*["'`]([^"'`\n]{0,200})["'`]/.exec(call)?.[1];
    if (base === undefined) continue;
    // `docs.toFumadocsSource()`, or the older `createMDXSource(docs, meta)`
    const sources = call.matchAll(
      /\b(\w{1,100})\.toFumadocsSource\s*\(|\bcreateMDXSource\s*\(\s*(\w{1,100})/g,
    );
    let named = false;
    for (const m of sources) {
      const name = m[1] ?? m[2];
      if (name) {
        out.set(name, base);
        named = true;
      }
    }
    if (!named) out.set("", base);
  }
  return out;
}
