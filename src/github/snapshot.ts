import { Redis } from "ioredis";
import { LRUCache } from "lru-cache";
import pLimit from "p-limit";
import type { DocFile } from "../document/doc-file.js";
import { docFileOf, toDocFile } from "../document/doc-file.js";
import { formatOf } from "../document/read.js";
import { ArchiveTooLarge, type DocsRepo, type TreeEntry } from "./docs-repo.js";

/** What docgap keeps of a docs file, computed once per blob: its text, outline and terms (plain data). */
export interface ParsedBlob {
  text: string;
  outline: DocFile["outline"];
  terms: Array<[string, number]>;
  length: number;
}

/**
 * Where trees and blobs are kept between analyses. Keys are content addresses (blob shas, commit shas), so an
 * entry is never stale: only size bounds the cache.
 */
export interface SnapshotCache {
  getTree(key: string): Promise<TreeEntry[] | null>;
  putTree(key: string, entries: TreeEntry[]): Promise<void>;
  /** The last tree key seen for a repository, to read only what changed since. */
  latest(repoId: string): Promise<string | null>;
  setLatest(repoId: string, key: string): Promise<void>;
  getText(sha: string): Promise<string | null>;
  putText(sha: string, text: string): Promise<void>;
  getParsed(sha: string): Promise<ParsedBlob | null>;
  putParsed(sha: string, parsed: ParsedBlob): Promise<void>;
  /** Builds running now, so two analyses of the same commit build it once. */
  readonly inflight: Map<string, Promise<Snapshot>>;
}

const weight = (text: string) => Math.max(1, text.length);

/** The in-process cache (the default): least recently used dropped beyond `maxBytes` of text. */
export function memoryCache(maxBytes = 256_000_000): SnapshotCache {
  const trees = new LRUCache<string, TreeEntry[]>({ max: 64 });
  const latest = new LRUCache<string, string>({ max: 1024 });
  const texts = new LRUCache<string, string>({ maxSize: maxBytes / 2, sizeCalculation: weight });
  const parsed = new LRUCache<string, ParsedBlob>({
    maxSize: maxBytes / 2,
    sizeCalculation: (p) => weight(p.text) * 2,
  });
  return {
    getTree: async (k) => trees.get(k) ?? null,
    putTree: async (k, e) => void trees.set(k, e),
    latest: async (r) => latest.get(r) ?? null,
    setLatest: async (r, k) => void latest.set(r, k),
    getText: async (s) => texts.get(s) ?? parsed.get(s)?.text ?? null,
    putText: async (s, t) => void texts.set(s, t),
    getParsed: async (s) => parsed.get(s) ?? null,
    putParsed: async (s, p) => void parsed.set(s, p),
    inflight: new Map(),
  };
}

const MONTH = 30 * 24 * 3600;

/**
 * The shared cache (when REDIS_URL is set): every instance reads a blob from GitHub at most once. An in-process
 * cache sits in front of it.
 */
export function redisCache(
  url: string,
  prefix = "docgap",
  local = memoryCache(),
): SnapshotCache & { close(): void } {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
  redis.on("error", () => undefined);
  const key = (kind: string, id: string) => `${prefix}:index:${kind}:${id}`;
  const safe = async <T>(work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch {
      return fallback; // the cache is an optimisation: GitHub is read instead
    }
  };
  const getJson = async <T>(k: string): Promise<T | null> =>
    safe(async () => {
      const raw = await redis.get(k);
      return raw ? (JSON.parse(raw) as T) : null;
    }, null);
  const putJson = (k: string, v: unknown) =>
    safe(async () => void (await redis.set(k, JSON.stringify(v), "EX", MONTH)), undefined);
  return {
    async getTree(k) {
      const hit = (await local.getTree(k)) ?? (await getJson<TreeEntry[]>(key("tree", k)));
      if (hit) await local.putTree(k, hit);
      return hit;
    },
    async putTree(k, e) {
      await local.putTree(k, e);
      await putJson(key("tree", k), e);
    },
    async latest(r) {
      return (await local.latest(r)) ?? (await safe(() => redis.get(key("latest", r)), null));
    },
    async setLatest(r, k) {
      await local.setLatest(r, k);
      await safe(async () => void (await redis.set(key("latest", r), k, "EX", MONTH)), undefined);
    },
    async getText(s) {
      const hit = (await local.getText(s)) ?? (await safe(() => redis.get(key("text", s)), null));
      if (hit !== null) await local.putText(s, hit);
      return hit;
    },
    async putText(s, t) {
      await local.putText(s, t);
      await safe(async () => void (await redis.set(key("text", s), t, "EX", MONTH)), undefined);
    },
    async getParsed(s) {
      const hit = (await local.getParsed(s)) ?? (await getJson<ParsedBlob>(key("parsed", s)));
      if (hit) await local.putParsed(s, hit);
      return hit;
    },
    async putParsed(s, p) {
      await local.putParsed(s, p);
      await putJson(key("parsed", s), p);
    },
    inflight: local.inflight,
    close: () => redis.disconnect(),
  };
}

const termMaps = new WeakMap<ParsedBlob, Map<string, number>>();
/** Term frequencies as a Map, built once per cached blob. */
const termsOf = (parsed: ParsedBlob) => {
  let map = termMaps.get(parsed);
  if (!map) {
    map = new Map(parsed.terms);
    termMaps.set(parsed, map);
  }
  return map;
};

let shared: SnapshotCache | undefined;
/** The process-wide cache: Redis-backed when REDIS_URL is set, in memory otherwise. */
export function defaultCache(env: NodeJS.ProcessEnv = process.env): SnapshotCache {
  const mb = Number(env.DOCGAP_INDEX_CACHE_MB);
  const local = memoryCache(Number.isFinite(mb) && mb > 0 ? mb * 1_000_000 : undefined);
  // The cache may live in a Redis of its own (one that evicts, `allkeys-lru`), apart from the queue's.
  const url = env.DOCGAP_CACHE_REDIS_URL || env.REDIS_URL;
  shared ??= url ? redisCache(url, env.DOCGAP_REDIS_PREFIX ?? "docgap", local) : local;
  return shared;
}

/**
 * A parsed file is kept by blob, format and document-model version: the same text read as Markdown and as
 * reStructuredText are two models, and a model from an older docgap is never reused.
 */
const parsedKey = (e: TreeEntry) => `${e.sha}.${formatOf(e.path)}.4`;

/** Per-file and total limits of what is read into an index. */
export const LIMITS = { fileBytes: 1_000_000, totalBytes: 200_000_000, files: 20_000 };

export interface Snapshot {
  repo: DocsRepo;
  version: string;
  /** Every file path, sorted. */
  files: string[];
  /** How the tree was obtained: from the cache, the archive, the tree plus changed blobs, or the tree alone. */
  how: "cache" | "archive" | "incremental" | "tree";
  /** Blob reads this build made (0 when everything was cached or came in the archive). */
  blobReads: number;
  /** Files left out by the limits. */
  skipped: { tooLarge: number; overLimit: number };
  truncated: boolean;
  /** A file's text: from the cache by blob sha, else read once. */
  text(path: string): Promise<string | null>;
  /** A docs file parsed (once per blob, ever). */
  docFile(path: string): Promise<DocFile | null>;
}

export interface SnapshotOptions {
  cache: SnapshotCache;
  /** Files whose text the index needs up front (docs files, the changelog). */
  keep: (path: string) => boolean;
  /** Use the source's archive on a cold start (the docs repository), not for a repository read for one file. */
  archive: boolean;
}

/**
 * Opens a repository at its current version with as few reads as the cache allows: nothing but the version check
 * when this commit was seen; the tree and only unseen blobs when an older commit was; one archive download on a
 * cold start. Two callers at once share one build.
 */
export async function openSnapshot(repo: DocsRepo, options: SnapshotOptions): Promise<Snapshot> {
  const version = await repo.version();
  const key = `${repo.id}@${version}`;
  const running = options.cache.inflight.get(key);
  if (running) return running;
  const build = buildSnapshot(repo, version, key, options).finally(() => options.cache.inflight.delete(key));
  options.cache.inflight.set(key, build);
  return build;
}

async function buildSnapshot(
  repo: DocsRepo,
  version: string,
  key: string,
  options: SnapshotOptions,
): Promise<Snapshot> {
  const { cache } = options;
  let entries = await cache.getTree(key);
  let how: Snapshot["how"] = "cache";
  let truncated = false;
  let blobReads = 0;
  const skipped = { tooLarge: 0, overLimit: 0 };
  const wanted = (e: TreeEntry) => options.keep(e.path);
  const fits = (() => {
    let bytes = 0;
    let count = 0;
    return (e: TreeEntry) => {
      if (e.size > LIMITS.fileBytes) {
        skipped.tooLarge++;
        return false;
      }
      if (bytes + e.size > LIMITS.totalBytes || count >= LIMITS.files) {
        skipped.overLimit++;
        return false;
      }
      bytes += e.size;
      count++;
      return true;
    };
  })();
  if (!entries) {
    const previous = await cache.latest(repo.id);
    const archive =
      options.archive && repo.archive && !previous
        ? await repo
            .archive(version, (e) => wanted(e) && e.size <= LIMITS.fileBytes)
            .catch((err) => {
              if (err instanceof ArchiveTooLarge) return null;
              throw err;
            })
        : null;
    if (archive) {
      entries = archive.entries;
      for (const e of entries)
        if (wanted(e) && fits(e)) {
          const text = archive.texts.get(e.path);
          if (text !== undefined) await cache.putText(e.sha, text);
        }
      how = "archive";
    } else {
      const listed = await repo.tree(version);
      entries = listed.entries;
      truncated = listed.truncated;
      const limit = pLimit(8);
      const missing: TreeEntry[] = [];
      for (const e of entries) {
        if (!wanted(e) || !fits(e)) continue;
        if ((await cache.getParsed(parsedKey(e))) || (await cache.getText(e.sha)) !== null) continue;
        missing.push(e);
      }
      await Promise.all(
        missing.map((e) =>
          limit(async () => {
            const text = await repo.readBlob(e);
            blobReads++;
            if (text !== null) await cache.putText(e.sha, text);
          }),
        ),
      );
      how = previous ? "incremental" : "tree";
    }
    await cache.putTree(key, entries);
    await cache.setLatest(repo.id, key);
  } else {
    for (const e of entries) if (wanted(e)) fits(e);
  }
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const text = async (path: string): Promise<string | null> => {
    const e = byPath.get(path);
    if (!e || e.size > LIMITS.fileBytes) return null;
    const hit = await cache.getText(e.sha);
    if (hit !== null) return hit;
    const read = await repo.readBlob(e);
    if (read !== null) await cache.putText(e.sha, read);
    return read;
  };
  const docFile = async (path: string): Promise<DocFile | null> => {
    const e = byPath.get(path);
    if (!e) return null;
    const parsed = await cache.getParsed(parsedKey(e));
    if (parsed)
      return docFileOf(path, parsed.text, {
        outline: parsed.outline,
        terms: termsOf(parsed),
        length: parsed.length,
      });
    const t = await text(path);
    if (t === null) return null;
    const file = toDocFile(path, t);
    await cache.putParsed(parsedKey(e), {
      text: t,
      outline: file.outline,
      terms: [...file.terms],
      length: file.length,
    });
    return file;
  };
  return {
    repo,
    version,
    files: entries.map((e) => e.path),
    how,
    blobReads,
    skipped,
    truncated,
    text,
    docFile,
  };
}
