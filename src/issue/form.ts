import type { Heading, Root } from "mdast";
import { parse as parseYaml } from "yaml";
import { nodeText } from "../docs/markdown.js";
import type { FormField } from "./facts.js";

const NO_RESPONSE = /^_No response_$/i;

/** Field roles, recognised from the label of an issue-form field. Order matters: first match wins. */
const ROLE_PATTERNS: Array<[FormField["role"], RegExp]> = [
  ["docType", /\b(type|kind|category)\b|^documentation is$/i],
  ["location", /\b(location|url|link|page\(s\)|pages?)\b/i],
  ["section", /\b(section|topic)\b/i],
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

/**
 * Labels of the fields of GitHub issue forms (`.github/ISSUE_TEMPLATE/*.yml`). Unparsable templates give none.
 */
export function formLabels(templates: string[]): string[] {
  const labels = new Set<string>();
  for (const text of templates) {
    try {
      const doc = parseYaml(text) as { body?: Array<{ type?: string; attributes?: { label?: unknown } }> };
      for (const field of doc?.body ?? []) {
        if (field.type !== "markdown" && typeof field.attributes?.label === "string") {
          labels.add(field.attributes.label.trim());
        }
      }
    } catch {
      // Not a form (or not YAML): it contributes no labels.
    }
  }
  return [...labels];
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, " ");

/**
 * Splits a body rendered from a GitHub issue form into its fields. GitHub renders each field as `### Label`
 * followed by the answer. When the form's labels are known, only those headings split; otherwise every
 * top-level `###` heading does, provided the body starts with one (as rendered forms do).
 */
export function splitForm(body: string, tree: Root, labels: string[] = []): FormSection[] {
  const known = new Set(labels.map(norm));
  const heads = tree.children.filter((n): n is Heading => n.type === "heading" && n.depth === 3);
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
