// Charts rendered on worker threads. Rendering charts (each with its ci/*.yaml profiles) is most
// of a large check, and charts render independently of each other, so the checker runs them on
// one thread per core and the main thread adopts the models (service: WorkspaceCheck). The
// workers run this same script: `isRenderWorker()` tells the script which part it plays.
//
// A worker that fails (a bug, memory) loses only time: a chart whose result does not come back
// renders on the main thread, as it would without workers.

import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { chartJobWeight, ParseLibrary, runChartJob, type ChartJob, type ChartJobResult } from '../service/index';

const ROLE = 'portolan-chart-renderer';

/**
 * Below this much work (the jobs' chartJobWeight summed: a few charts of some size), starting
 * workers costs more than they save: each loads the bundle again (about 0.2 s here), which a
 * folder of small charts renders in on one thread.
 */
const WEIGHT_WORTH_THREADS = 4_000_000;

/** Threads a check uses unless told: one per core, at most 8, when the charts are worth it; else one. */
export function defaultThreads(jobs: readonly ChartJob[]): number {
  const weight = jobs.reduce((sum, job) => sum + chartJobWeight(job), 0);
  return weight < WEIGHT_WORTH_THREADS ? 1 : Math.max(1, Math.min(availableParallelism(), 8));
}

/** Whether this script runs as a chart renderer (see serveRenders). */
export function isRenderWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === ROLE;
}

type Reply = ChartJobResult | { root: string; failed: string };

/** A worker's life: a job in, its result out, until the main thread ends it. */
export function serveRenders(): void {
  const library = new ParseLibrary();
  parentPort!.on('message', (job: ChartJob) => {
    let reply: Reply;
    try {
      reply = runChartJob(job, library);
    } catch (error) {
      reply = { root: job.root, failed: error instanceof Error ? error.message : String(error) };
    }
    parentPort!.postMessage(reply);
  });
}

/**
 * Runs the jobs on up to `threads` workers running `script`, the largest first, and returns the
 * results that came back; `onResult` sees each as it comes, while the others render. With fewer
 * than two threads or jobs it runs none: the main thread renders them itself, which spares
 * starting a worker.
 */
export async function renderOnWorkers(jobs: readonly ChartJob[], threads: number, script: string, onResult?: (result: ChartJobResult) => void): Promise<ChartJobResult[]> {
  if (threads < 2 || jobs.length < 2) return [];
  const queue = [...jobs].sort((a, b) => chartJobWeight(b) - chartJobWeight(a));
  const results: ChartJobResult[] = [];
  const received = (result: ChartJobResult) => {
    results.push(result);
    onResult?.(result);
  };
  const workers = Math.min(threads, queue.length);
  await Promise.all(Array.from({ length: workers }, () => work(queue, received, script)));
  return results;
}

/** One worker taking jobs from the queue until it is empty; resolves when its last result is in, or when it ends (a failure). */
function work(queue: ChartJob[], received: (result: ChartJobResult) => void, script: string): Promise<void> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: { role: ROLE } });
    } catch {
      resolve();
      return;
    }
    const next = () => {
      const job = queue.shift();
      if (job) {
        worker.postMessage(job);
        return;
      }
      // Its results are all in: the check goes on while the worker tears its heap down (about a
      // quarter of a second after a large check here), and the process does not wait for it.
      void worker.terminate();
      worker.unref();
      resolve();
    };
    worker.on('message', (reply: Reply) => {
      // The next job first: the worker renders it while this thread takes the result in.
      next();
      if (!('failed' in reply)) received(reply);
    });
    // The job it held renders on the main thread; the others go to the remaining workers.
    worker.on('error', () => undefined);
    worker.on('exit', () => resolve());
    next();
  });
}
