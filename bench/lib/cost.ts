/**
 * AWS cost per report, estimated from the bench's measured times at the deployed memory sizes
 * (infra/effekt-stack.ts SIZING, arm64) and the requests each stage makes for one client-year.
 * List prices (USD, us-east-1, on-demand, no free tier) as of 2026; eu-north-1 is within a few percent.
 * An estimate to see orders of magnitude and which stage dominates, not a bill.
 */
export const PRICES = {
  lambdaGbSecondArm: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  sesEmail: 0.1 / 1000,
  sqsRequest: 0.4 / 1e6,
} as const;

export interface CostInputs {
  /** Data files uploaded per client-year (the example client-year has 5). */
  files: number;
  /** Rows per file. */
  rowsPerFile: number;
  /** Measured seconds per invocation, as the bench times them (cold where a container is likely cold). */
  seconds: { ingest: number; compute: number; render: number; deliver: number };
  memoryMb: { ingest: number; compute: number; render: number; deliver: number };
  /** Stored row bytes per 100k rows (compressed chunks). */
  rowBytesPer100k: number;
}

export interface CostEstimate {
  perClientYearUsd: number;
  perThousandClientYearsUsd: number;
  byService: Record<'lambda' | 'dynamodb' | 's3' | 'ses' | 'sqs', number>;
}

export function estimateCost(inputs: CostInputs): CostEstimate {
  const { files, rowsPerFile, seconds, memoryMb } = inputs;
  const gbSeconds =
    files * seconds.ingest * (memoryMb.ingest / 1024) +
    seconds.compute * (memoryMb.compute / 1024) +
    seconds.render * (memoryMb.render / 1024) +
    seconds.deliver * (memoryMb.deliver / 1024);
  const invocations = files + 3;
  const lambda = gbSeconds * PRICES.lambdaGbSecondArm + invocations * PRICES.lambdaRequest;
  // Rows: compressed chunks, one write unit per KB; ~20 small records per file (file, job, audit, state, …).
  const rowKb = (files * rowsPerFile * inputs.rowBytesPer100k) / 100_000 / 1024;
  const writeUnits = Math.ceil(rowKb) + files * 20 + 30;
  // Compute reads every chunk once (strongly consistent: 1 unit per 4 KB), plus ~50 small reads over the pipeline.
  const readUnits = Math.ceil(rowKb / 4) + 50;
  const dynamodb = writeUnits * PRICES.dynamoWriteUnit + readUnits * PRICES.dynamoReadUnit;
  // Uploads (PUT) + ingest GETs; the report PUT, deliver's GET.
  const s3 = (files + 1) * PRICES.s3Put + (files + 1) * PRICES.s3Get;
  const ses = PRICES.sesEmail;
  // Per stage message: send, receive, delete; plus the debounce's extra receives (~3 per message).
  const sqs = (files + 3) * 6 * PRICES.sqsRequest;
  const byService = { lambda, dynamodb, s3, ses, sqs };
  const perClientYearUsd = lambda + dynamodb + s3 + ses + sqs;
  return { perClientYearUsd, perThousandClientYearsUsd: perClientYearUsd * 1000, byService };
}
