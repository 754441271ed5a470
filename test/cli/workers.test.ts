// The checker's worker threads, run for real on the built bundle: every job comes back rendered,
// and a worker that cannot start costs nothing but time (the main thread renders its charts).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { defaultThreads, renderOnWorkers } from '../../server/src/cli/workers';
import { WorkspaceCheck } from '../../server/src/service/index';
import { readWorkspace } from '../support/workspace';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const jobs = new WorkspaceCheck(readWorkspace(path.join(__dirname, '..', '..', 'examples'))).chartJobs();
const scratch = mkdtempSync(path.join(tmpdir(), 'portolan-workers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('worker threads', () => {
  it('render every job, each with a model set per profile', async () => {
    const results = await renderOnWorkers(jobs, 2, CLI);
    expect(results.map((r) => [r.root, r.models.length]).sort()).toEqual(jobs.map((j) => [j.root, j.profiles.length]).sort());
    expect(results.find((r) => r.root === 'web-chart')!.models[0]!.get('web-chart/templates/deployment.yaml')!.workloads).toHaveLength(1);
  });

  it('are not started for one thread or one job', async () => {
    expect(await renderOnWorkers(jobs, 1, CLI)).toEqual([]);
    expect(await renderOnWorkers(jobs.slice(0, 1), 4, CLI)).toEqual([]);
  });

  it('are one per core by default only when the charts are large enough to gain from them', () => {
    expect(defaultThreads(jobs)).toBe(1);
    const large = { root: 'big', files: new Map([['templates/a.yaml', 'x'.repeat(5_000_000)]]), profiles: [{ values: { files: [], set: [] } }], stamp: 0 };
    expect(defaultThreads([large])).toBe(Math.min(availableParallelism(), 8));
  });

  it('that fail return nothing, and the check goes on', async () => {
    const broken = path.join(scratch, 'broken.js');
    writeFileSync(broken, 'throw new Error("cannot start");\n');
    expect(await renderOnWorkers(jobs, 2, broken)).toEqual([]);
  });
});
