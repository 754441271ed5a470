// The renders kept between checks (--cache): a result comes back only for the same chart, the
// same profiles and the same checker; a file that is not a cache is never written over; a cache
// that cannot be read or written costs the renders, never the check.

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ResultCache } from '../../server/src/cli/resultCache';
import { ParseLibrary, runChartJob, WorkspaceCheck, type ChartJob } from '../../server/src/service/index';
import { readWorkspace } from '../support/workspace';

const scratch = mkdtempSync(path.join(tmpdir(), 'portolan-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const jobs = new WorkspaceCheck(readWorkspace(path.join(__dirname, '..', '..', 'examples'))).chartJobs();
const webChart = jobs.find((j) => j.root === 'web-chart')!;
const library = new ParseLibrary();

let folders = 0;
/** A folder with a checker script of the given text (its build) and no cache yet. */
function setUp(build = 'portolan build 1'): { cwd: string; script: string } {
  const cwd = path.join(scratch, `case-${folders++}`);
  mkdirSync(cwd);
  const script = path.join(cwd, 'cli.js');
  writeFileSync(script, build);
  return { cwd, script };
}

function open(location: string, cwd: string, script: string): ResultCache {
  const opened = ResultCache.open(location, cwd, script);
  if ('warning' in opened) throw new Error(`expected a cache, got: ${opened.warning}`);
  return opened.cache;
}

/** Renders the jobs into a new cache at `location` and saves it. */
function filled(location: string, cwd: string, script: string, kept: readonly ChartJob[] = jobs): void {
  const cache = open(location, cwd, script);
  for (const job of kept) {
    expect(cache.take(job)).toBeUndefined();
    cache.keep(job, runChartJob(job, library));
  }
  expect(cache.save()).toBeUndefined();
}

function withFile(job: ChartJob, name: string, text: string): ChartJob {
  return { ...job, files: new Map([...job.files, [name, text]]) };
}

describe('a cache of renders', () => {
  it('gives back what was kept, as the job renders it, with the stamp of the job asking', () => {
    const { cwd, script } = setUp();
    filled('.portolancache', cwd, script);
    const cache = open('.portolancache', cwd, script);
    for (const job of jobs) {
      const asked = { ...job, stamp: 7 };
      expect(cache.take(asked)).toEqual({ ...runChartJob(job, library), stamp: 7 });
    }
    expect(readFileSync(path.join(cwd, '.portolancache')).subarray(0, 16).toString()).toBe('portolan-cache 1');
  });

  it('renders anew a chart whose files, profiles or root changed, and under another build of the checker', () => {
    const { cwd, script } = setUp();
    filled('.portolancache', cwd, script);
    const cache = open('.portolancache', cwd, script);
    const values = webChart.files.get('values.yaml')!;
    const text = typeof values === 'string' ? values : new TextDecoder().decode(values);
    expect(cache.take(withFile(webChart, 'values.yaml', `${text}\nextra: 1\n`))).toBeUndefined();
    expect(cache.take(withFile(webChart, 'templates/extra.yaml', 'kind: ConfigMap\n'))).toBeUndefined();
    expect(cache.take({ ...webChart, profiles: [{ values: { set: ['service.port=81'] } }] })).toBeUndefined();
    expect(cache.take({ ...webChart, root: 'charts/web-chart' })).toBeUndefined();
    // The same text as a string or as bytes is the same file.
    expect(cache.take(withFile(webChart, 'values.yaml', text))).toBeDefined();
    writeFileSync(script, 'portolan build 2');
    expect(open('.portolancache', cwd, script).take(webChart)).toBeUndefined();
  });

  it('is written only when a check added to it', () => {
    const { cwd, script } = setUp();
    filled('.portolancache', cwd, script);
    const file = path.join(cwd, '.portolancache');
    // A cache is written as a new file renamed over the old one: a new inode.
    const before = statSync(file).ino;
    const cache = open('.portolancache', cwd, script);
    expect(cache.take(webChart)).toBeDefined();
    expect(cache.save()).toBeUndefined();
    expect(statSync(file).ino).toBe(before);
    cache.keep(webChart, runChartJob(webChart, library));
    expect(cache.save()).toBeUndefined();
    expect(statSync(file).ino).not.toBe(before);
  });

  it('keeps the results of a check of another folder beside this one', () => {
    const { cwd, script } = setUp();
    const [first, ...others] = jobs;
    filled('.portolancache', cwd, script, [first!]);
    filled('.portolancache', cwd, script, others);
    const cache = open('.portolancache', cwd, script);
    for (const job of jobs) expect(cache.take(job)).toBeDefined();
  });

  it('takes a folder as where to keep .portolancache, and makes the folders of a path that ends in a separator', () => {
    const { cwd, script } = setUp();
    filled('.', cwd, script);
    expect(statSync(path.join(cwd, '.portolancache')).isFile()).toBe(true);
    filled('build/cache/', cwd, script);
    expect(open('build/cache', cwd, script).take(webChart)).toBeDefined();
  });

  it('reads a broken cache, or one of another format, as empty, and writes it anew', () => {
    const { cwd, script } = setUp();
    const file = path.join(cwd, '.portolancache');
    for (const text of ['portolan-cache 1\n\u00ff\u0000garbage', 'portolan-cache 0\nold', '']) {
      writeFileSync(file, text);
      const cache = open('.portolancache', cwd, script);
      expect(cache.take(webChart)).toBeUndefined();
      cache.keep(webChart, runChartJob(webChart, library));
      expect(cache.save()).toBeUndefined();
      expect(open('.portolancache', cwd, script).take(webChart)).toBeDefined();
    }
  });

  it('never writes over a file that is not a cache', () => {
    const { cwd, script } = setUp();
    writeFileSync(path.join(cwd, 'values.yaml'), 'replicas: 3\n');
    const opened = ResultCache.open('values.yaml', cwd, script);
    expect(opened).toEqual({ warning: `${path.join(cwd, 'values.yaml')} is not a portolan cache; it is left as it is, and the check runs without a cache` });
    expect(readFileSync(path.join(cwd, 'values.yaml'), 'utf8')).toBe('replicas: 3\n');
  });

  it('says when it cannot be written, and the check goes on', () => {
    const { cwd, script } = setUp();
    const file = path.join(cwd, '.portolancache');
    // Where the new file would be written first, a folder.
    mkdirSync(`${file}.${process.pid}.tmp`);
    const cache = open('.portolancache', cwd, script);
    cache.keep(webChart, runChartJob(webChart, library));
    expect(cache.save()).toMatch(/^cannot write the cache .*\.portolancache \(.*\); the next check renders every chart again$/);
    expect(statSync(`${file}.${process.pid}.tmp`).isDirectory()).toBe(true);
  });

  it('says when a file stands where a folder of its path should', () => {
    const { cwd, script } = setUp();
    writeFileSync(path.join(cwd, 'blocker'), 'a file');
    expect(ResultCache.open('blocker/cache', cwd, script)).toEqual({
      warning: `cannot read the cache ${path.join(cwd, 'blocker', 'cache')} (a file stands where a folder of its path should); checking without it`,
    });
  });

  it.skipIf(process.getuid?.() === 0)('says when it cannot be read', () => {
    const { cwd, script } = setUp();
    const file = path.join(cwd, '.portolancache');
    writeFileSync(file, 'portolan-cache 1\n');
    chmodSync(file, 0o000);
    expect(ResultCache.open('.portolancache', cwd, script)).toEqual({ warning: `cannot read the cache ${file} (permission denied); checking without it` });
  });
});
