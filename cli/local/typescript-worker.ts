import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * A worker thread's module when the code runs from source (CLI, tests, bench): the worker is TypeScript
 * like everything else, so a one-line ES module registers tsx in the new thread, then imports it
 * (Node 20 ignores `--import` in a worker's execArgv). Slower to start than the bundle's plain .mjs
 * worker (docs/benchmarks.md); only cli/ and tests use it.
 */
export function typescriptWorker(module: URL): URL {
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(module.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}

/** The ingest stage's pseudonymisation worker, run from source. */
export const sourcePseudonymWorker = (): URL => typescriptWorker(new URL('../../functions/ingest/pseudonym-worker.ts', import.meta.url));
