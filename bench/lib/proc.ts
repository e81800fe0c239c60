/**
 * Process measurement for the bench: spawn a child, time it, and sample the summed PSS of the child
 * and all of its descendants (Chromium's zygote, renderer and GPU processes included) every ~20 ms.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem, release, platform } from 'node:os';

/** PSS in kB of one process from /proc/<pid>/smaps_rollup, or 0 when it is gone or unreadable. */
export function pssKb(pid: number): number {
  return pssSplitKb(pid).pss;
}

/**
 * PSS in kB of one process, and the part of it in anonymous memory (Pss_Anon: heaps, V8's spaces, buffers). The
 * rest is file pages (node's binary, its ICU data, libraries), shared with every other process that maps them, so
 * it falls as other `node` processes run beside it: anonymous memory is what the process alone costs.
 */
export function pssSplitKb(pid: number): { pss: number; anon: number } {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return { pss: Number(/^Pss:\s+(\d+)\s+kB/m.exec(text)?.[1] ?? 0), anon: Number(/^Pss_Anon:\s+(\d+)\s+kB/m.exec(text)?.[1] ?? 0) };
  } catch {
    return { pss: 0, anon: 0 };
  }
}

/**
 * CPU ms of each thread of this process so far, by thread id (Linux's /proc/self/task; empty elsewhere): to tell
 * the main thread from the emulators', the render threads' and V8's pool.
 */
export function threadCpuMs(): Map<string, number> {
  const ms = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return ms;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces and parentheses): utime and stime are the 12th and 13th, in ticks of 1/100 s.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ms.set(tid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      // the thread ended between listing and reading
    }
  }
  return ms;
}

/** Every live descendant of `root` (not `root` itself), from the ppid field of /proc/<pid>/stat. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may contain spaces and parentheses: fields start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    for (const child of children.get(pid) ?? []) {
      out.push(child);
      stack.push(child);
    }
  }
  return out;
}

/** Summed PSS (MB) of a process tree. */
export function treePssMb(root: number): { mb: number; processes: number } {
  const pids = [root, ...descendants(root)];
  let kb = 0;
  for (const pid of pids) kb += pssKb(pid);
  return { mb: kb / 1024, processes: pids.length };
}

export interface ChildRun {
  /** Wall time from spawn() to the exit event, ms. */
  wallMs: number;
  /** Peak of the summed PSS of the child tree, MB. */
  peakMb: number;
  /** Peak of the summed anonymous PSS (Pss_Anon) of the child tree, MB: the same without the shared file pages. */
  peakAnonMb: number;
  /** Most processes seen in the tree at once. */
  peakProcesses: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

/**
 * Runs a command (intervalMs 0: no sampling), sampling the PSS of its process tree every `intervalMs` until it exits.
 * The wall time covers process start-up, module loading and the work: it is what a cold start costs.
 */
export function runMeasured(command: string, args: string[], options: SpawnOptions & { intervalMs?: number } = {}): Promise<ChildRun> {
  const { intervalMs = 20, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    let peakMb = 0;
    let peakAnonMb = 0;
    let peakProcesses = 0;
    // Walking all of /proc for the tree is the expensive part on a 2-core machine: do it every 5th
    // sample (~100 ms; Chromium's processes live for the whole run), read PSS of the known tree every time.
    let tree: number[] = [];
    let samples = 0;
    const sample = () => {
      if (child.pid === undefined || child.exitCode !== null) return;
      if (samples++ % 5 === 0) tree = [child.pid, ...descendants(child.pid)];
      let kb = 0;
      let anonKb = 0;
      for (const pid of tree) {
        const split = pssSplitKb(pid);
        kb += split.pss;
        anonKb += split.anon;
      }
      const mb = kb / 1024;
      if (mb > peakMb) peakMb = mb;
      if (anonKb / 1024 > peakAnonMb) peakAnonMb = anonKb / 1024;
      if (tree.length > peakProcesses) peakProcesses = tree.length;
    };
    const timer = intervalMs > 0 ? setInterval(sample, intervalMs) : undefined;
    child.on('error', (error) => {
      if (timer) clearInterval(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      if (timer) clearInterval(timer);
      // Pipes may still hold the last output: resolve once they close.
      let open = 2;
      const done = () => {
        if (--open === 0) resolve({ wallMs, peakMb, peakAnonMb, peakProcesses, stdout, stderr, code });
      };
      if (child.stdout!.closed) done();
      else child.stdout!.once('close', done);
      if (child.stderr!.closed) done();
      else child.stderr!.once('close', done);
    });
  });
}

/** The last line of a child's stdout that parses as JSON (children report with one JSON line). */
export function lastJson<T>(run: ChildRun, what: string): T {
  const lines = run.stdout.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line) as T;
    } catch {
      // not the report line
    }
  }
  throw new Error(`${what} failed (exit ${run.code}):\n${run.stderr.slice(-4000)}\n${run.stdout.slice(-2000)}`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function machine(): { cpuModel: string; cores: number; memoryGb: number; node: string; os: string; loadAvg1m: number } {
  const list = cpus();
  let os = `${platform()} ${release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) os = `${pretty[1]} (${platform()} ${release()})`;
  } catch {
    // keep the kernel string
  }
  const load = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os,
    loadAvg1m: load,
  };
}
