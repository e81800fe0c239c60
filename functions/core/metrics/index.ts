// CONTRACT (owned by the statistics work, issue 4). Signature is fixed; the body is a placeholder.
import type { AssessmentRow, ClientSettings, InstrumentDefinition, MetricsDocument, ReactionRow, SourceFile } from '../model/index.ts';

export interface MetricsInput {
  clientId: string;
  year: number;
  settings: ClientSettings;
  /** Every instrument referenced by the assessments (built-in and the client's own). */
  instruments: InstrumentDefinition[];
  reactions: ReactionRow[];
  assessments: AssessmentRow[];
  sources: SourceFile[];
  inputsHash: string;
  /** Stored metrics of earlier years for the same client (any order), for the trend. */
  previousYears: MetricsDocument[];
}

/** Pure and order-independent: the same rows in any order give the same document. */
export function computeMetrics(_input: MetricsInput): MetricsDocument {
  throw new Error('not implemented');
}
