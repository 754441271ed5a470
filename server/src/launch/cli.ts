// The `portolan` command (dist/cli.js): sets V8's flags for a check, then loads the checker
// (dist/checker.js) with V8's code cache (codeCache.ts), so that a start compiles it again only
// when the checker or Node.js changed. Compiling the checker's top level took 35-55 ms of each
// thread's start (the main thread's and each worker's), and compiling each function when it is
// first called took more. A check of a 2 MB chart took 0.27 s without the cache and 0.22 s with
// it, `portolan --version` 0.12 s against 0.10 s (medians of ten runs in turns). The worker
// threads run this launcher too (cli/main.ts) and take the cache the main thread wrote; only the
// main thread writes it.

import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { isMainThread } from 'node:worker_threads';
import { defaultCodeCacheFolder, loadWithCodeCache } from './codeCache';

/**
 * A check runs each chart's code a few times over, on threads that keep both cores busy, and each
 * thread's TurboFan compiles the same hot functions again on those same cores. So the checker asks
 * V8 for less optimising, and for collections of the young generation without helpers:
 * - no inlining: the large functions it builds cost more compiling than they save
 *   (../shared/realworld in 9.5 s against 10.4 s, six runs of each, 11% less CPU);
 * - a function is optimised after about 500 KB of its bytecode ran, not V8's 66 KB
 *   (--interrupt-budget): only the truly hot ones are compiled, and the rest run in Ignition and
 *   Sparkplug. 8.28 → 7.63 s and 8.08 → 7.41 s (means of four and five pairs of runs, one after
 *   the other; 8% less wall time and CPU); 250 KB and 1 MB gained less.
 * - each scavenge (a collection of the young generation) runs on the thread that allocated, not
 *   shared out to V8's helper threads (--no-parallel-scavenge): with every core already running a
 *   renderer, helpers add only their hand-overs and their own first touches of memory. The helper
 *   threads' CPU time fell from about 3.2 to 1.5 s, and a check from 6.13 to 5.74 s (means of
 *   five pairs of runs, 5% less CPU). V8 reads this flag at every scavenge (its own tests turn it
 *   off on a running isolate), so setting it here is safe, unlike the flags of its marking.
 * V8's flags are the process's: the workers have them too. They are set before the checker is
 * compiled, since V8 takes a code cache only under the flags it was made under.
 */
const BATCH_V8_FLAGS = '--no-turbo-inlining --interrupt-budget=500000 --no-parallel-scavenge';

if (isMainThread) setFlagsFromString(BATCH_V8_FLAGS);
const checker = loadWithCodeCache(path.join(__dirname, 'checker.js'), { folder: defaultCodeCacheFolder(), require });
// The cache is written at the end of the first check that found none V8 would take, from what it
// compiled. A run that only printed its version or its usage would keep little of a check's code.
if (isMainThread && !checker.cacheAccepted) {
  process.on('exit', () => {
    if ((checker.exports as { session?: { checked?: boolean } }).session?.checked) checker.keepCompiledCode();
  });
}
