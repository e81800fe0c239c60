import v8 from 'node:v8';

/**
 * V8 flags of the render function that NODE_OPTIONS refuses (Node accepts only a few V8 flags there), so
 * the handler sets them itself when it loads, before any report is rendered.
 *
 * TurboFan's interrupt budget at four times V8's default: a report runs a great deal of code a few times
 * each (pdfmake's, pdfkit's, vega's), and with the default budget V8 optimises much of it, spending CPU on
 * compiling code a render barely reuses. A larger budget leaves such code in the lower tiers; the code a
 * render runs hot is still optimised. On the function's fraction of a vCPU that compiling takes the CPU
 * from the render itself (docs/benchmarks.md, "Ninth pass — V8's interrupt budget for render").
 *
 * The old space grown to 1.2 times what outlived the last full collection, instead of by V8's own factor (which
 * grows it further when collecting is fast next to the allocating): a render leaves a lot of garbage and keeps
 * little, so V8 otherwise lets that garbage fill memory that the next full collection frees again. Collecting it
 * sooner lowers the process's peak memory for little CPU, since what a full collection marks is small
 * (docs/benchmarks.md, "Ninth pass — render memory").
 */
export const RENDER_V8_FLAGS: readonly string[] = ['--interrupt-budget=270336', '--heap-growing-percent=20'];

/** Sets RENDER_V8_FLAGS for this whole process: V8's flags are process-wide. */
export function applyRenderV8Flags(): void {
  for (const flag of RENDER_V8_FLAGS) v8.setFlagsFromString(flag);
}
