import { spawn } from 'node:child_process';
import { availableParallelism, constants } from 'node:os';

/**
 * The size of V8's background thread pool for a process that runs the pipeline locally (the render and
 * ingest functions have theirs in their NODE_OPTIONS in infra, one thread for Lambda's two visible cores). V8 optimises code and collects garbage on these
 * threads, and keeps doing so report after report. Node starts four of them whatever the machine has; on
 * a small machine several at once take the CPU from the threads that run the stages (the event loop and
 * the render threads). One per two cores keeps them beside those threads, and Node's four from eight cores.
 */
export function v8PoolSize(cores = availableParallelism()): number {
  return Math.max(1, Math.min(4, Math.floor(cores / 2)));
}

/**
 * How many threads render on in a local-runtime process: one core is left to the runtime's own thread,
 * which runs ingest, compute, deliver and the emulators and is busy from a burst's first upload to its last
 * e-mail. Each render thread is an isolate that compiles the renderer again (V8 optimises per isolate, on
 * the pool above), so on two cores a second one added compile work and took CPU from the event loop rather
 * than rendering sooner (docs/benchmarks.md, eighth pass).
 */
export function renderThreads(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/** The flags a local-runtime process starts with (see v8PoolSize). */
export const localRuntimeFlags = (cores?: number): string[] => [`--v8-pool-size=${v8PoolSize(cores)}`];

/** Whether this process was started with a V8 pool size of its own (given by hand, or by respawnWithLocalRuntimeFlags). */
export const hasPoolSize = (execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean =>
  [...execArgv, ...nodeOptions.split(/\s+/)].some((flag) => flag.startsWith('--v8-pool-size'));

/**
 * Runs this same command again in a Node process started with the local runtime's flags (V8's pool size
 * is fixed when a process starts), with the same terminal, and resolves with its exit code. The new process
 * has a process group of its own, so Ctrl+C at a terminal reaches only this one, which passes it on like any
 * other signal: the command gets each signal once (a second Ctrl+C would stop it before it has cleaned up).
 */
export function respawnWithLocalRuntimeFlags(argv: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...localRuntimeFlags(), ...process.execArgv, process.argv[1]!, ...argv], { stdio: 'inherit', detached: true });
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => [signal, () => child.kill(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler);
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}
