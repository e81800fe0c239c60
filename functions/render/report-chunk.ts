import type * as Report from '../core/report/index.ts';

export type ReportModule = typeof Report;

/** The report renderer's file beside index.mjs in the render bundle (infra/bundling.ts builds it). */
export const REPORT_CHUNK = 'report.mjs';

/**
 * The bundled renderer, imported on the first render rather than with the handler: pdfmake, fontkit and
 * vega are most of render's code, and a cold start that loaded them with the handler would parse them
 * even for messages that render nothing. Only the Lambda wiring uses this; code run from source (the local
 * runtime, tests) imports functions/core/report/index.ts itself.
 */
export function loadBundledReport(): Promise<ReportModule> {
  return import(new URL(`./${REPORT_CHUNK}`, import.meta.url).href) as Promise<ReportModule>;
}
