import path from "node:path/posix";

/**
 * The files a page pulls in, as each generator writes it: MDX `import X from "./_part.mdx"`, Mintlify
 * `<Snippet file="…">` and `/snippets/…` imports, VitePress `<!--@include: …-->`, mdBook `{{#include …}}`, Sphinx `.. include::`, Hugo
 * `{{< include "…" >}}` / `readfile`, AsciiDoc `include::…[]` (Antora's `partial$…` too), Jekyll `{% include … %}` / `{% include_relative … %}`. Each reference is
 * resolved to the repository paths it may name; which exist is for the caller to check. Bounded, linear patterns.
 */

const MAX_REFS = 50;

/** A reference and the repository paths it may name, most likely first. */
export interface IncludeRef {
  written: string;
  paths: string[];
}

const PATTERNS: Array<[RegExp, (m: RegExpMatchArray, dir: string) => string[]]> = [
  // MDX (Docusaurus, Starlight, Nextra, Mintlify): an imported Markdown/MDX partial.
  [
    /^import\s+[\w{}\s,*]{1,200}\s+from\s+["']([^"'\n]{1,300}\.(?:mdx?|markdown))["']/gm,
    (m, dir) => fromSpec(m[1] ?? "", dir),
  ],
  // VitePress: <!--@include: ./parts/basics.md--> (with an optional #region or {lines}).
  [/<!--\s*@include:\s*([^\s#{>]{1,300})/g, (m, dir) => fromSpec(m[1] ?? "", dir)],
  // Mintlify snippets.
  [/<Snippet\s+file=["']([^"'\n]{1,300})["']/g, (m) => [path.join("snippets", m[1] ?? "")]],
  // mdBook: {{#include file.md}} / {{#include file.md:anchor}} (and #rustdoc_include).
  [/\{\{#(?:include|rustdoc_include)\s+([^\s}:]{1,300})/g, (m, dir) => [path.join(dir, m[1] ?? "")]],
  // Sphinx / reStructuredText.
  [/^\s*\.\.\s+include::\s+(\S{1,300})/gm, (m, dir) => fromRst(m[1] ?? "", dir)],
  // Hugo shortcodes.
  [
    /\{\{[<%]\s*(?:include|readfile)\s+(?:file=)?["']?([^"'\s>%]{1,300})["']?/g,
    (m, dir) => [path.join(dir, m[1] ?? ""), path.join("content", m[1] ?? ""), m[1] ?? ""],
  ],
  // AsciiDoc: include::../shared/intro.adoc[], and Antora's resource ids (include::partial$intro.adoc[]).
  [/^include::([^\s[\]]{1,300})\[/gm, (m, dir) => fromAdoc(m[1] ?? "", dir)],
  // Jekyll.
  [/\{%-?\s*include_relative\s+(\S{1,300})/g, (m, dir) => [path.join(dir, m[1] ?? "")]],
  [/\{%-?\s*include\s+([\w./-]{1,300})/g, (m) => [path.join("_includes", m[1] ?? "")]],
];

const fromSpec = (spec: string, dir: string): string[] => {
  if (spec.startsWith(".")) return [path.join(dir, spec)];
  // `@site/…` (Docusaurus) and `/snippets/…` (Mintlify) are from the site's root; a bare name may be either.
  const bare = spec.replace(/^@site\//, "").replace(/^\/+/, "");
  return [bare, path.join(dir, spec)];
};

/** Antora families and the folder of a module that holds them. */
const FAMILY: Record<string, string> = { partial: "partials", example: "examples", page: "pages" };

/**
 * An AsciiDoc include target: a path relative to the including file, or an Antora resource id
 * (`[module:]family$path`) in the same component: `modules/<module>/<family folder>/<path>`.
 */
const fromAdoc = (spec: string, dir: string): string[] => {
  const dollar = spec.indexOf("$");
  const coords = dollar > 0 ? spec.slice(0, dollar).split(":") : [];
  const folder = FAMILY[coords[coords.length - 1] ?? ""];
  if (!folder) return [path.join(dir, spec)];
  const at = dir.lastIndexOf("/modules/");
  const base = at >= 0 ? dir.slice(0, at) : dir.startsWith("modules/") ? "" : null;
  if (base === null) return [];
  const own = (at >= 0 ? dir.slice(at + 9) : dir.slice(8)).split("/")[0] || "ROOT";
  const module = coords.length >= 2 ? (coords[coords.length - 2] ?? own) : own;
  return [path.join(base, "modules", module, folder, spec.slice(dollar + 1))];
};

const fromRst = (spec: string, dir: string): string[] =>
  spec.startsWith("/") ? [spec.replace(/^\/+/, "")] : [path.join(dir, spec)];

/** The include references of a page at `file` (repository path), in the order they appear. */
export function includesOf(file: string, text: string): IncludeRef[] {
  const dir = path.dirname(file);
  const head = text.slice(0, 500_000);
  const out: IncludeRef[] = [];
  for (const [re, resolve] of PATTERNS) {
    for (const m of head.matchAll(re)) {
      const paths = [...new Set(resolve(m, dir).map((p) => path.normalize(p)))].filter(
        (p) => p && !p.startsWith(".."),
      );
      if (paths.length) out.push({ written: m[0], paths });
      if (out.length >= MAX_REFS) return out;
    }
  }
  return out;
}
