// A chart's renders as a unit of work that can run away from the workspace: the checker hands
// each chart of a large run to a worker thread (cli/workers.ts), since charts render
// independently of each other, and gives the workspace the models back. A job holds everything
// the renders read (the chart's files and its profiles), and its result is plain data, so both
// cross a thread boundary by structured clone.

import { RenderCache, type FileMap, type ParseLibrary } from '../helmrender/index';
import type { FileModel } from '../model/types';
import { renderChartModels, type Profile } from './renderModels';

export interface ChartJob {
  /** The chart's root as the workspace knows it (a URI prefix; '' for a chart at the root). */
  root: string;
  /** The chart's files: chart-relative path → content. */
  files: FileMap;
  /** The defaults first, then each further profile (ci/*.yaml), as the workspace renders them. */
  profiles: Profile[];
  /** Which state of the chart's files the job is of: a result is taken only while they are unchanged. */
  stamp: number;
}

export interface ChartJobResult {
  root: string;
  stamp: number;
  /** The models of each profile's render, in the job's order. */
  models: Map<string, FileModel>[];
}

/** Roughly how long a job takes, to start the longest first: its bytes, once per profile. */
export function chartJobWeight(job: ChartJob): number {
  let bytes = 0;
  for (const content of job.files.values()) bytes += content.length;
  return bytes * job.profiles.length;
}

/**
 * Runs a job: the defaults first (their render is the base the profiles re-execute only what
 * changed from), then each profile. Each job has a cache of its own: holding one chart's renders
 * and values while the next renders saved no time measurably over the real corpus and cost a
 * third of the memory. What a thread's jobs do share, through `library`, is their template
 * parses: a library chart packaged into many charts is parsed once.
 */
export function runChartJob(job: ChartJob, library?: ParseLibrary): ChartJobResult {
  const cache = new RenderCache(library);
  // The defaults' render is taken over by the profiles after it, if there are any; nothing
  // renders after the job.
  const reused = job.profiles.length > 1;
  const models = job.profiles.map((profile) => renderChartModels(job.root, job.files, profile, cache, { reused }).models);
  return { root: job.root, stamp: job.stamp, models };
}
