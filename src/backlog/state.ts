import { deflateRawSync, inflateRawSync } from "node:zlib";
import { z } from "zod";
import { BacklogEntry } from "../types/backlog.js";

const OPEN = "<!-- docgap:state ";
const CLOSE = " -->";
/** Largest state read back (encoded characters, and bytes once inflated). */
const MAX_ENCODED = 60_000;
const MAX_JSON = 4 * 1024 * 1024;

/** What a later run needs to reuse an entry: the summary text that is shown only once is left out. */
const slim = (e: BacklogEntry): BacklogEntry => ({
  ...e,
  tldr: e.tldr.slice(0, 200),
  answer: e.answer && { ...e.answer, reply: e.answer.reply.slice(0, 400) },
});

/** The entries as a hidden comment (deflated, base64), so the next run can skip issues whose inputs did not change. */
export function encodeState(entries: BacklogEntry[]): string {
  const json = JSON.stringify(entries.filter((e) => !e.error).map(slim));
  return `${OPEN}${deflateRawSync(json).toString("base64")}${CLOSE}`;
}

const Entries = z.array(BacklogEntry);

/** The entries a dashboard (or a previous report) holds; an empty map when there are none or they do not read. */
export function decodeState(body: string): Map<number, BacklogEntry> {
  const start = body.lastIndexOf(OPEN);
  if (start < 0) return new Map();
  const end = body.indexOf(CLOSE, start + OPEN.length);
  const encoded = body.slice(start + OPEN.length, end < 0 ? undefined : end);
  if (end < 0 || encoded.length > MAX_ENCODED || !/^[A-Za-z0-9+/=]*$/.test(encoded)) return new Map();
  try {
    const json = inflateRawSync(Buffer.from(encoded, "base64"), { maxOutputLength: MAX_JSON }).toString(
      "utf8",
    );
    const parsed = Entries.safeParse(JSON.parse(json));
    return parsed.success ? new Map(parsed.data.map((e) => [e.number, e])) : new Map();
  } catch {
    return new Map();
  }
}

const BOX = /^\s{0,3}[-*] \[([ xX])\] <!-- docgap:pr (\d{1,9}) -->/;

/** The issues whose "open a pull request" box is ticked in a dashboard body. */
export function tickedIn(body: string): Set<number> {
  const out = new Set<number>();
  for (const line of body.slice(0, 200_000).split("\n")) {
    const m = BOX.exec(line.slice(0, 80));
    if (m && m[1] !== " ") out.add(Number(m[2]));
  }
  return out;
}

/** Boxes ticked in `after` that were not ticked in `before`: what a maintainer just asked for. */
export const newlyTicked = (before: string, after: string): number[] => {
  const was = tickedIn(before);
  return [...tickedIn(after)].filter((n) => !was.has(n));
};

/** The body with the boxes of these issues unticked again (their request was taken). */
export const untick = (body: string, numbers: number[]): string => {
  const set = new Set(numbers);
  return body
    .split("\n")
    .map((line) => {
      const m = BOX.exec(line.slice(0, 80));
      return m && set.has(Number(m[2])) ? line.replace(/\[[xX]\]/, "[ ]") : line;
    })
    .join("\n");
};
