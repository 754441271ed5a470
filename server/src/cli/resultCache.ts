// Charts' renders kept between checks (`--cache`), as a linter keeps its results between runs.
//
// A chart's job (service: ChartJob) holds everything its renders read, the chart's files and its
// profiles, and its result is plain data: a result is a function of the job and of the checker
// that ran it. So a result is kept under a digest of both, and taken back only for the same
// digest: a chart, values file or --set that changes, or another build of portolan, renders
// anew. What is checked after the renders (the rules, the catalogs, the other files) always runs.
//
// The cache is one file, written whole: a new file renamed over the old one, so that a check
// that stops halfway, or two checks at once, leave a whole file behind. It keeps this check's
// results and, up to a bound, those of earlier checks (of other folders), the most recently used.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { ChartJob, ChartJobResult } from '../service/index';
import { DEFAULT_CACHE_FILE } from './args';

/** How a cache file starts: a file that does not is someone else's, and is never written over. */
const SIGNATURE = 'portolan-cache ';
/** The layout of what follows the signature; a file of another layout is ours, but read as empty. */
const FORMAT = '1';
const HEADER = Buffer.from(`${SIGNATURE}${FORMAT}\n`);

/** What results of earlier checks may weigh, beside this check's (which are always kept). */
const MAX_EARLIER_BYTES = 64 * 1024 * 1024;

interface Entry {
  /** The digest of the job and the checker. */
  key: string;
  /** When a check last took or made it (ms since the epoch): the least recent go first. */
  usedAt: number;
  /** The result, serialized (node:v8, the structured clone that carries results from workers). */
  result: Uint8Array;
}

export class ResultCache {
  private readonly keys = new Map<ChartJob, string>();
  /** The keys this check took or made. */
  private readonly used = new Set<string>();
  private changed = false;
  private readonly now = Date.now();

  private constructor(
    /** The cache file's absolute path. */
    readonly file: string,
    /** What identifies the checker: its script's digest, and the Node.js and V8 that run it. */
    private readonly checker: string,
    private readonly entries: Map<string, Entry>,
  ) {}

  /**
   * The cache at `location` (a file, or a folder to keep DEFAULT_CACHE_FILE in; relative to
   * `cwd`) for the checker whose script is `script`. Without a cache, the warning says why: the
   * file is someone else's, or cannot be read. A missing file, or one of another format, is an
   * empty cache.
   */
  static open(location: string, cwd: string, script: string): { cache: ResultCache } | { warning: string } {
    let file = path.resolve(cwd, location);
    if (/[\\/]$/.test(location) || isFolder(file)) file = path.join(file, DEFAULT_CACHE_FILE);
    let checker: string;
    try {
      checker = `${createHash('sha256').update(readFileSync(script)).digest('base64url')} node ${process.version} v8 ${process.versions.v8}`;
    } catch (error) {
      return { warning: `cannot read the checker's own script ${script} to key the cache (${reason(error)}); checking without the cache` };
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { cache: new ResultCache(file, checker, new Map()) };
      return { warning: `cannot read the cache ${file} (${reason(error)}); checking without it` };
    }
    if (bytes.length > 0 && !bytes.subarray(0, SIGNATURE.length).equals(Buffer.from(SIGNATURE))) {
      return { warning: `${file} is not a portolan cache; it is left as it is, and the check runs without a cache` };
    }
    return { cache: new ResultCache(file, checker, readEntries(bytes)) };
  }

  /** The result kept for a job like this one, or undefined: the job renders. */
  take(job: ChartJob): ChartJobResult | undefined {
    const key = this.keyOf(job);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    const result = readBack(entry.result);
    if (!isResultOf(result, job)) {
      this.entries.delete(key);
      this.changed = true;
      return undefined;
    }
    entry.usedAt = this.now;
    this.used.add(key);
    return { ...result, stamp: job.stamp };
  }

  /** Keeps what a job rendered, for the next check. */
  keep(job: ChartJob, result: ChartJobResult): void {
    const key = this.keyOf(job);
    this.entries.set(key, { key, usedAt: this.now, result: serialize({ ...result, stamp: 0 }) });
    this.used.add(key);
    this.changed = true;
  }

  /** Writes the cache when this check added to it; a warning when it could not. */
  save(): string | undefined {
    if (!this.changed) return undefined;
    const kept = [...this.entries.values()].filter((e) => this.used.has(e.key));
    let earlierBytes = 0;
    const earlier = [...this.entries.values()].filter((e) => !this.used.has(e.key)).sort((a, b) => b.usedAt - a.usedAt);
    for (const entry of earlier) {
      earlierBytes += entry.result.length;
      if (earlierBytes > MAX_EARLIER_BYTES) break;
      kept.push(entry);
    }
    const payload = serialize(kept.map((e) => [e.key, e.usedAt, e.result]));
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(temporary, Buffer.concat([HEADER, payload]));
      renameSync(temporary, this.file);
    } catch (error) {
      removeQuietly(temporary);
      return `cannot write the cache ${this.file} (${reason(error)}); the next check renders every chart again`;
    }
    return undefined;
  }

  /** The digest of a job (its root, files and profiles) and of the checker. */
  private keyOf(job: ChartJob): string {
    let key = this.keys.get(job);
    if (key !== undefined) return key;
    const hash = createHash('sha256').update(`${this.checker}\0${job.root}\0${job.files.size}\0`);
    for (const [name, content] of job.files) {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      hash.update(`${name}\0${bytes.length}\0`).update(bytes);
    }
    key = hash.update(serialize(job.profiles)).digest('base64url');
    this.keys.set(job, key);
    return key;
  }
}

/** The entries of a cache file's bytes: none when they are empty, of another format, or broken. */
function readEntries(bytes: Buffer): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  if (!bytes.subarray(0, HEADER.length).equals(HEADER)) return entries;
  const rows = readBack(bytes.subarray(HEADER.length));
  if (!Array.isArray(rows)) return entries;
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    const [key, usedAt, result] = row as unknown[];
    if (typeof key === 'string' && typeof usedAt === 'number' && result instanceof Uint8Array) entries.set(key, { key, usedAt, result });
  }
  return entries;
}

/** What serialized bytes hold, or undefined where they do not read back. */
function readBack(bytes: Uint8Array): unknown {
  try {
    return deserialize(bytes);
  } catch {
    return undefined;
  }
}

/** Whether what was read back is a result with a model set for each of the job's profiles. */
function isResultOf(result: unknown, job: ChartJob): result is ChartJobResult {
  if (typeof result !== 'object' || result === null) return false;
  const { root, models } = result as Partial<ChartJobResult>;
  return root === job.root && Array.isArray(models) && models.length === job.profiles.length && models.every((m) => m instanceof Map);
}

/** Removes what a failed save may have left; anything else at that path (a folder) stays. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Not a file of ours.
  }
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a file stands where a folder of its path should';
  return error instanceof Error ? error.message : String(error);
}
