/**
 * No credential reaches a comment, a pull request, a log line, a job summary or an output: the values docgap
 * holds (the model key, installation and workflow tokens, the webhook secret) are registered when read and
 * replaced wherever they appear, and so is anything shaped like a credential, since a remote error message may
 * echo one docgap never held ("Incorrect API key provided: sk-…"). Every pattern is bounded and linear.
 */

// No brackets: a replacement next to "(url)" must not make a link.
const REDACTED = "‹redacted›";

/** Shapes of credentials: provider keys, GitHub tokens, bearer headers, JWTs, private keys, cloud keys. */
const SHAPES: RegExp[] = [
  /\bsk-(?:ant-|proj-|live-|test-)?[A-Za-z0-9_-]{16,200}/g,
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,255}|github_pat_[A-Za-z0-9_]{20,255})/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,200}/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  // A bearer credential mixes letters and digits: "Bearer of bad news" or "token refresh/revocation" is prose.
  /\bBearer\s+(?=[A-Za-z0-9._~+/-]{0,500}\d)(?=[A-Za-z0-9._~+/-]{0,500}[A-Za-z])[A-Za-z0-9._~+/-]{20,500}=*/g,
  /\beyJ[A-Za-z0-9_-]{8,2000}\.[A-Za-z0-9_-]{8,2000}\.[A-Za-z0-9_-]{8,2000}/g,
  /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[\s\S]{0,10000}?-----END [A-Z ]{0,40}PRIVATE KEY-----/g,
];

/** Values shorter than this are not registered: they would redact ordinary words. */
const MIN_SECRET = 8;
const known = new Set<string>();

/** Registers a credential docgap holds, so it is redacted wherever it shows up. */
export function registerSecret(value: string | null | undefined): void {
  const v = value?.trim();
  if (v && v.length >= MIN_SECRET) known.add(v);
}

/** The text with every credential docgap holds replaced (docs text that merely looks like a key is kept). */
export function scrubKnown(text: string): string {
  let out = text;
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** The text with every registered credential and every credential-shaped run replaced. */
export function scrubSecrets(text: string): string {
  let out = scrubKnown(text);
  for (const shape of SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

/** A copy of plain data (a result, log fields) with every string scrubbed; other values as they are. */
export function scrubDeep<T>(value: T, depth = 0): T {
  if (typeof value === "string") return scrubSecrets(value) as T;
  if (depth > 40 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    const copy = new Error(scrubSecrets(value.message));
    copy.name = value.name;
    return copy as T;
  }
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1)) as T;
  if (value instanceof Map || value instanceof Set) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out as T;
}
