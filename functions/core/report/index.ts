// CONTRACT (owned by the report work, issue 3). Signature is fixed; the body is a placeholder.
import type { ClientSettings, MetricsDocument } from '../model/index.ts';

export interface ReportInput {
  metrics: MetricsDocument;
  settings: ClientSettings;
  /** Report version number shown on the cover (1, 2, …). */
  version: number;
}

/** A chart or section failed: no report may be sent. */
export class ReportRenderError extends Error {
  constructor(
    readonly section: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`report section "${section}" failed: ${message}`, options);
    this.name = 'ReportRenderError';
  }
}

/** Deterministic: the same input gives byte-identical PDF bytes. */
export async function renderReport(_input: ReportInput): Promise<Uint8Array> {
  throw new Error('not implemented');
}
