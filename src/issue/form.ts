import type { Heading, Root } from "mdast";
import { parse as parseYaml } from "yaml";
import { nodeText } from "../document/markdown.js";
import type { FormField } from "../types/issue-facts.js";

const NO_RESPONSE = /^_No response_$/i;

/** Field roles, recognised from the label of an issue-form field. Order matters: first match wins. */
const ROLE_PATTERNS: Array<[FormField["role"], RegExp]> = [
  ["docType", /\b(type|kind|category)\b|^documentation is$/i],
  // Reproduction steps and system details say how the reporter got there, not what the docs should say.
  ["context", /\b(reproduc\w*|steps to|environment|system info|versions?)\b/i],
  ["location", /\b(location|url|link|page\(s\)|pages?)\b/i],
  ["section", /\b(section|topic|area)\b/i],
  ["current", /\bcurrent(ly)?\b/i],
  ["suggestion", /\b(suggest\w*|solution|improvement|proposal|expected|changes?)\b/i],
  ["problem", /\b(wrong|missing|explain|problem|describe|detail|issue|bug|what)\b/i],
  ["impact", /\b(impact|severity|priority)\b/i],
  ["context", /\b(additional|context|notes?)\b/i],
];

export const roleOf = (label: string): FormField["role"] =>
  ROLE_PATTERNS.find(([, re]) => re.test(label))?.[0] ?? "other";

export interface FormSection extends FormField {
  /** Offsets of the answer in the body: [start, end). */
  start: number;
  end: number;
}

const MD_HEADING = /^#{1,4}[ \t]+(.{1,200})$/;

/**
 * Labels of the fields of a repository's issue templates: GitHub issue forms (`.github/ISSUE_TEMPLATE/*.yml`)
 * and the headings of Markdown templates (`## What docs page is being updated?`). Unparsable templates give none.
 */
export function formLabels(templates: string[]): string[] {
  const labels = new Set<string>();
  for (const text of templates) {
    type Form = { body?: Array<{ type?: string; attributes?: { label?: unknown } }> };
    let form: Form | null = null;
    try {
      const doc = parseYaml(text) as unknown;
      if (doc && typeof doc === "object" && Array.isArray((doc as Form).body)) form = doc as Form;
    } catch {
      // Not YAML: a Markdown template (front matter and headings) or nothing.
    }
    if (form) {
      for (const field of form.body ?? []) {
        if (field.type !== "markdown" && typeof field.attributes?.label === "string") {
          labels.add(field.attributes.label.trim());
        }
      }
      continue;
    }
    for (const line of text.slice(0, 100_000).split("\n")) {
      const heading = MD_HEADING.exec(line.trim())?.[1]?.trim();
      if (heading) labels.add(heading);
    }
  }
  return [...labels];
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");

/**
 * Splits a body rendered from a GitHub issue form (or written from a Markdown template) into its fields. GitHub
 * renders each field as `### Label` followed by the answer. When the templates' labels are known, only headings
 * with those labels split; otherwise every top-level `###` heading does, provided the body starts with one (as
 * rendered forms do).
 */
export function splitForm(body: string, tree: Root, labels: string[] = []): FormSection[] {
  const known = new Set(labels.map(norm));
  // Forms render `### Label`; Markdown templates use any heading level for their fields.
  const heads = tree.children.filter(
    (n): n is Heading => n.type === "heading" && (n.depth === 3 || (known.size > 0 && n.depth <= 4)),
  );
  const first = tree.children.find((n) => n.type !== "html");
  const startsWithHeading = first?.type === "heading" && first.depth === 3;
  const splitting = heads.filter((h) => (known.size ? known.has(norm(nodeText(h))) : startsWithHeading));
  if (splitting.length === 0) return [];
  return splitting.map((h, i) => {
    const start = h.position?.end.offset ?? 0;
    const end = splitting[i + 1]?.position?.start.offset ?? body.length;
    const raw = body.slice(start, end).trim();
    const label = nodeText(h).trim();
    return {
      label,
      value: raw === "" || NO_RESPONSE.test(raw) ? null : raw,
      role: roleOf(label),
      start,
      end,
    };
  });
}
