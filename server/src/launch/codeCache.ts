// Loads a CommonJS bundle with V8's code cache: the bytecode of the functions an earlier run
// compiled, kept in a private folder of the user's temporary directory, so that the next start
// does not parse and compile the same 1.7 MB again. Node 22 does this itself
// (module.enableCompileCache, which TypeScript and ESLint turn on); Node 20, which Portolan
// supports, has only the parts: vm.Script's `cachedData` and `createCachedData()`.
//
// Why the cache is written after a run and not after the compile: V8 compiles a function's
// bytecode when it is first called, and only what is compiled goes into the cache. A cache
// taken right after the compile held the top level only, and a check of a chart started no
// faster with it; one taken at the end of a check held the code a check runs.
//
// V8 refuses a cache made by another V8, under other V8 flags, or for a source of another
// length, and the file's name carries a digest of the source, the Node.js version and the
// architecture besides. The cache is bytecode that runs as the user's own code, so it is read
// only from a folder that no one else can write to. Any trouble with the cache (no temporary
// directory, a full disk, a folder someone else made) costs only the compile it would have
// saved: the bundle then loads as it would have without.

import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Script } from 'node:vm';

export interface LoadedBundle {
  /** What the bundle exported (its `module.exports`). */
  exports: unknown;
  /** Whether V8 took the cached code (false: no cache, or one it refused). */
  cacheAccepted: boolean;
  /**
   * Writes the cache from what the run has compiled so far, unless V8 took one at the load (it
   * already holds this run's start). Returns why it did not, or undefined.
   */
  keepCompiledCode(): string | undefined;
}

export interface CodeCacheOptions {
  /** The folder for cache files; undefined: no cache (the bundle loads as without one). */
  folder: string | undefined;
  /** The require that the bundle's own `require` calls resolve with (the loader's). */
  require: NodeJS.Require;
}

/** The folder Portolan keeps code caches in unless told otherwise: the user's own, in the temporary directory. */
export function defaultCodeCacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  // Node's own switch for its compile cache turns this one off too.
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const user = typeof process.getuid === 'function' ? `-${process.getuid()}` : '';
  return path.join(tmpdir(), `portolan-code-cache${user}`);
}

/**
 * Runs the CommonJS bundle at `bundle` as `require` would, with the code a previous run kept in
 * `options.folder` when V8 takes it. What the bundle throws at its top level is thrown.
 */
export function loadWithCodeCache(bundle: string, options: CodeCacheOptions): LoadedBundle {
  const source = readFileSync(bundle, 'utf8');
  const cacheFile = options.folder === undefined ? undefined : path.join(options.folder, `${path.basename(bundle, '.js')}-${digest(source)}.v8cache`);
  const cachedData = cacheFile === undefined ? undefined : readPrivateFile(cacheFile, options.folder!);
  // The wrapper of Node's own module loader, so the bundle sees what a required file sees.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const cacheAccepted = cachedData !== undefined && script.cachedDataRejected === false;
  const run = script.runInThisContext() as (this: unknown, exports: unknown, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  const module: { exports: unknown; filename: string; id: string } = { exports: {}, filename: bundle, id: bundle };
  run.call(module.exports, module.exports, options.require, module, bundle, path.dirname(bundle));
  return {
    exports: module.exports,
    cacheAccepted,
    keepCompiledCode: () => {
      if (cacheAccepted) return 'the cache was taken';
      if (cacheFile === undefined) return 'no cache folder';
      const problem = writePrivateFile(cacheFile, options.folder!, script.createCachedData());
      if (problem === undefined) forgetOlderCaches(options.folder!, path.basename(bundle, '.js'));
      return problem;
    },
  };
}

/** What makes one cache file another's: the bundle's text, and the Node.js (so V8) and machine that compile it. */
function digest(source: string): string {
  return createHash('sha256').update(`${process.version} ${process.arch}\n`).update(source).digest('hex').slice(0, 16);
}

/** The file's bytes when the folder is the user's alone, else undefined (and when there is no file). */
function readPrivateFile(file: string, folder: string): Buffer | undefined {
  if (!isPrivateFolder(folder)) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the bytes whole or not at all (a temporary file renamed over the old one), in a folder made the user's alone. */
function writePrivateFile(file: string, folder: string, bytes: Buffer): string | undefined {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
  } catch (error) {
    return `cannot make ${folder}: ${(error as Error).message}`;
  }
  if (!isPrivateFolder(folder)) return `${folder} is not the user's alone`;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, bytes, { mode: 0o600 });
    renameSync(temporary, file);
    return undefined;
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // It was never made.
    }
    return `cannot write ${file}: ${(error as Error).message}`;
  }
}

/**
 * Each release of the bundle, and each Node.js that runs it, has a cache file of its own (about
 * 1.2 MB): the folder keeps the four written last, for users who switch between Node.js versions.
 */
const CACHES_KEPT = 4;

function forgetOlderCaches(folder: string, name: string): void {
  try {
    const caches = readdirSync(folder)
      .filter((file) => file.startsWith(`${name}-`) && file.endsWith('.v8cache'))
      .map((file) => ({ file: path.join(folder, file), time: statSync(path.join(folder, file)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { file } of caches.slice(CACHES_KEPT)) unlinkSync(file);
  } catch {
    // Another check may be doing the same; what is left is removed by the next.
  }
}

/**
 * A folder (not a link to one) that only this user can write to: cached bytecode runs as this
 * user's code, and a temporary directory is everyone's. Where there are no user ids (Windows), the
 * temporary directory is the user's own already.
 */
function isPrivateFolder(folder: string): boolean {
  try {
    const stats = lstatSync(folder);
    if (!stats.isDirectory()) return false;
    if (typeof process.getuid !== 'function') return true;
    return stats.uid === process.getuid() && (stats.mode & 0o022) === 0;
  } catch {
    return false;
  }
}
