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
 */
export const RENDER_V8_FLAGS: readonly string[] = ['--interrupt-budget=270336'];

/** Sets RENDER_V8_FLAGS for this process (flags are process-wide: a local runtime's other stages get them too). */
export function applyRenderV8Flags(): void {
  for (const flag of RENDER_V8_FLAGS) v8.setFlagsFromString(flag);
}
