// The checker's and the server's start with V8's code cache (server/src/launch/codeCache.ts): a
// bundle loads as `require` would load it, with or without a cache; a cache is read only from a
// folder that is the user's alone, only for the same bundle, and one that V8 refuses costs
// nothing but the compile. The checker's launcher (dist/cli.js) keeps a cache only after a
// check, and its workers load through it; the server's (dist/server.js) keeps one when it exits.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultCodeCacheFolder } from '../../server/src/launch/codeCache';
import { TestClient } from '../lsp/client';

const scratch = mkdtempSync(path.join(tmpdir(), 'portolan-code-cache-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Each load runs in a process of its own, as each start of the checker does: within one process
// V8 keeps what it compiled of a source, and a second compile of it would not read the cache.
const LOADER = path.join(scratch, 'codeCache.js');
buildSync({ entryPoints: [path.resolve(__dirname, '../../server/src/launch/codeCache.ts')], outfile: LOADER, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });

interface Load {
  exports?: unknown;
  cacheAccepted?: boolean;
  /** Why keepCompiledCode() kept no cache (null: it kept one). */
  kept?: string | null;
  /** What the load threw. */
  thrown?: string;
}

/** Loads `bundle` with the cache folder `folder` (none: undefined) in a new process, then asks it to keep its code. */
function loadWithCodeCache(bundle: string, folder: string | undefined): Load {
  const script = `
    const { loadWithCodeCache } = require(${JSON.stringify(LOADER)});
    let load;
    try {
      const loaded = loadWithCodeCache(${JSON.stringify(bundle)}, { folder: ${JSON.stringify(folder)}, require });
      load = { exports: loaded.exports, cacheAccepted: loaded.cacheAccepted, kept: loaded.keepCompiledCode() ?? null };
    } catch (error) {
      load = { thrown: error.message };
    }
    process.stdout.write(JSON.stringify(load));`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`the load's process failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Load;
}

let cases = 0;
/** A bundle in a folder of its own, and the cache folder beside it (not made yet). */
function bundleOf(text: string): { bundle: string; folder: string } {
  const dir = path.join(scratch, `case-${cases++}`);
  mkdirSync(dir);
  const bundle = path.join(dir, 'checker.js');
  writeFileSync(bundle, text);
  return { bundle, folder: path.join(dir, 'cache') };
}

// Enough code that V8 has functions to cache, called once the bundle runs.
const BUNDLE = `"use strict";
const path = require("node:path");
function greet(name) { return "hello " + name; }
module.exports = { greeting: greet("ports"), dirname: path.basename(__dirname), file: path.basename(__filename), self: this === module.exports };
`;

const cacheFiles = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.v8cache')) : []);

describe('loadWithCodeCache', () => {
  it('runs the bundle as require would: its exports, require, __filename and __dirname', () => {
    const { bundle } = bundleOf(BUNDLE);
    const loaded = loadWithCodeCache(bundle, undefined);
    expect(loaded.exports).toEqual({ greeting: 'hello ports', dirname: path.basename(path.dirname(bundle)), file: 'checker.js', self: true });
    expect(loaded.cacheAccepted).toBe(false);
    expect(loaded.kept).toBe('no cache folder');
  });

  it('keeps what a run compiled in a folder of the user alone, and the next load takes it', () => {
    const { bundle, folder } = bundleOf(BUNDLE);
    const first = loadWithCodeCache(bundle, folder);
    expect(first.cacheAccepted).toBe(false);
    expect(first.kept).toBeNull();
    expect(cacheFiles(folder)).toHaveLength(1);
    if (process.platform !== 'win32') {
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(folder, cacheFiles(folder)[0]!)).mode & 0o777).toBe(0o600);
    }
    const second = loadWithCodeCache(bundle, folder);
    expect(second.cacheAccepted).toBe(true);
    expect(second.exports).toEqual(first.exports);
    // A load that took the cache has nothing to add to it.
    expect(second.kept).toBe('the cache was taken');
  });

  it('takes no cache made for another bundle', () => {
    const { bundle, folder } = bundleOf(BUNDLE);
    expect(loadWithCodeCache(bundle, folder).kept).toBeNull();
    // The same length, so that only the file's name (the digest) tells the two apart.
    writeFileSync(bundle, BUNDLE.replace('hello ', 'howdy '));
    const changed = loadWithCodeCache(bundle, folder);
    expect(changed.cacheAccepted).toBe(false);
    expect((changed.exports as { greeting: string }).greeting).toBe('howdy ports');
  });

  it('loads the bundle when V8 refuses the cache (a broken file), and writes a good one over it', () => {
    const { bundle, folder } = bundleOf(BUNDLE);
    expect(loadWithCodeCache(bundle, folder).kept).toBeNull();
    const file = path.join(folder, cacheFiles(folder)[0]!);
    writeFileSync(file, Buffer.alloc(4096, 7));
    const refused = loadWithCodeCache(bundle, folder);
    expect(refused.cacheAccepted).toBe(false);
    expect((refused.exports as { greeting: string }).greeting).toBe('hello ports');
    expect(refused.kept).toBeNull();
    expect(loadWithCodeCache(bundle, folder).cacheAccepted).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('reads and writes no cache in a folder others can write to, or through a link', () => {
    const { bundle, folder } = bundleOf(BUNDLE);
    expect(loadWithCodeCache(bundle, folder).kept).toBeNull();
    chmodSync(folder, 0o777);
    const shared = loadWithCodeCache(bundle, folder);
    expect(shared.cacheAccepted).toBe(false);
    expect(shared.kept).toBe(`${folder} is not the user's alone`);
    chmodSync(folder, 0o700);
    const link = `${folder}-link`;
    symlinkSync(folder, link);
    expect(loadWithCodeCache(bundle, link).cacheAccepted).toBe(false);
    expect(loadWithCodeCache(bundle, folder).cacheAccepted).toBe(true);
  });

  it('says why it kept nothing when the folder cannot be made', () => {
    const { bundle, folder } = bundleOf(BUNDLE);
    writeFileSync(folder, 'a file where the folder would be');
    const loaded = loadWithCodeCache(bundle, folder);
    expect((loaded.exports as { greeting: string }).greeting).toBe('hello ports');
    expect(loaded.kept).toMatch(/^(cannot make|.* is not the user's alone)/);
  });

  it('keeps the four caches written last', () => {
    const { bundle, folder } = bundleOf(BUNDLE);
    mkdirSync(folder, { mode: 0o700 });
    chmodSync(folder, 0o700);
    const old = new Date(Date.now() - 86_400_000);
    for (let i = 0; i < 5; i++) {
      const file = path.join(folder, `checker-old${i}.v8cache`);
      writeFileSync(file, 'x');
      utimesSync(file, old, new Date(old.getTime() + i * 1000));
    }
    writeFileSync(path.join(folder, 'server-old.v8cache'), 'another bundle');
    expect(loadWithCodeCache(bundle, folder).kept).toBeNull();
    const left = cacheFiles(folder).sort();
    expect(left).toHaveLength(5);
    expect(left.filter((f) => f.startsWith('checker-old'))).toEqual(['checker-old2.v8cache', 'checker-old3.v8cache', 'checker-old4.v8cache']);
    expect(left).toContain('server-old.v8cache');
  });

  it('throws what the bundle throws', () => {
    const { bundle, folder } = bundleOf('throw new Error("broken bundle");\n');
    expect(loadWithCodeCache(bundle, folder)).toEqual({ thrown: 'broken bundle' });
  });
});

describe('defaultCodeCacheFolder', () => {
  it("is the user's own folder in the temporary directory, and none under Node's own switch", () => {
    expect(defaultCodeCacheFolder({})).toBe(path.join(tmpdir(), typeof process.getuid === 'function' ? `portolan-code-cache-${process.getuid()}` : 'portolan-code-cache'));
    expect(defaultCodeCacheFolder({ NODE_DISABLE_COMPILE_CACHE: '1' })).toBeUndefined();
  });
});

describe('the portolan command', () => {
  const CLI = path.resolve(__dirname, '../../dist/cli.js');
  const EXAMPLES = path.resolve(__dirname, '../../examples');
  const run = (temporary: string, ...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: EXAMPLES, encoding: 'utf8', env: { ...process.env, TMPDIR: temporary, TMP: temporary, TEMP: temporary } });
  const folderIn = (temporary: string) => readdirSync(temporary).find((f) => f.startsWith('portolan-code-cache'));

  it('keeps a code cache after a check, not after --version, and checks alike with it', () => {
    const temporary = mkdtempSync(path.join(scratch, 'tmp-'));
    expect(run(temporary, '--version').status).toBe(0);
    expect(folderIn(temporary)).toBeUndefined();
    const first = run(temporary, 'check', '.', '--format', 'json', '--jobs', '2');
    const folder = folderIn(temporary);
    expect(folder).toBeDefined();
    expect(cacheFiles(path.join(temporary, folder!))).toEqual([expect.stringMatching(/^checker-[0-9a-f]{16}\.v8cache$/)]);
    const cache = path.join(temporary, folder!, cacheFiles(path.join(temporary, folder!))[0]!);
    const written = statSync(cache, { bigint: true }).mtimeNs;
    const second = run(temporary, 'check', '.', '--format', 'json', '--jobs', '2');
    // It took the cache: a check that had to compile would have written it again.
    expect(statSync(cache, { bigint: true }).mtimeNs).toBe(written);
    expect(second.status).toBe(first.status);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe(first.stderr);
  });

  it('keeps none under NODE_DISABLE_COMPILE_CACHE', () => {
    const temporary = mkdtempSync(path.join(scratch, 'tmp-'));
    const result = spawnSync(process.execPath, [CLI, 'check', '.'], { cwd: EXAMPLES, encoding: 'utf8', env: { ...process.env, TMPDIR: temporary, NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(result.stderr).toBe('');
    expect(folderIn(temporary)).toBeUndefined();
  });
});

describe('the language server', () => {
  it('keeps a code cache when it exits, and starts with it as without', async () => {
    const temporary = mkdtempSync(path.join(scratch, 'tmp-'));
    const env = { ...process.env, TMPDIR: temporary, TMP: temporary, TEMP: temporary };
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: 8080\n';
    // A start that takes the cache does not write it again.
    const written: bigint[] = [];
    for (const start of ['without a cache', 'with the cache']) {
      const client = await TestClient.start({ 'web.yaml': service }, {}, { env });
      try {
        await client.indexed();
        await client.waitForRules('web.yaml', ['node-port-out-of-range']);
      } finally {
        expect(await client.shutdown(), start).toBe(0);
      }
      const folder = readdirSync(temporary).find((f) => f.startsWith('portolan-code-cache'));
      const files = cacheFiles(path.join(temporary, folder ?? 'none'));
      expect(files, start).toEqual([expect.stringMatching(/^languageServer-[0-9a-f]{16}\.v8cache$/)]);
      written.push(statSync(path.join(temporary, folder!, files[0]!), { bigint: true }).mtimeNs);
    }
    expect(written[1]).toBe(written[0]);
  });
});
