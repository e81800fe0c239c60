import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Blobs } from '../../functions/aws/blobs.ts';
import { QueueSender } from '../../functions/aws/queue.ts';
import { dynamoStores } from '../../functions/aws/store/index.ts';
import type { Rejection } from '../../functions/core/model/index.ts';
import type { DeliverRequest, MetricsDocument } from '../../functions/core/model/index.ts';
import type { LocalRuntime } from './runtime.ts';

export interface RejectedFileLine {
  file: string;
  line: number | null;
  column: string | null;
  rule: string;
  message: string;
}

export interface ClientYearResult {
  clientId: string;
  year: number;
  accepted: { file: string; rows: number }[];
  rejected: RejectedFileLine[];
  metrics?: MetricsDocument;
  pdf?: { version: number; bytes: Uint8Array };
  /** Why the newest version failed to render, when it did. */
  renderFailure?: string;
  /** Mappings proposed for exports no mapping fitted: correct one and run again with it. */
  proposedMappings: { fileName: string; json: string }[];
}

/** Definitions first: data files are validated against the client's instruments and settings, and exports read through the mappings. */
const isDefinition = (file: string) => file.endsWith('.instrument.json') || file.endsWith('.client.json') || file.endsWith('.mapping.json');

/** Uploads files under `<client>/<year>/` the way a consultant drops them, and waits for the pipeline to settle. */
export async function uploadAndSettle(
  runtime: LocalRuntime,
  target: { clientId: string; year: number },
  files: string[],
  onProgress: (message: string) => void = () => undefined,
): Promise<string[]> {
  const keys: string[] = [];
  const definitions = files.filter(isDefinition);
  const data = files.filter((f) => !isDefinition(f));
  for (const [phase, last] of [
    [definitions, data.length === 0],
    [data, true],
  ] as const) {
    if (phase.length === 0) continue;
    // At once, as a consultant drops a folder's files.
    const uploaded = await Promise.all(
      phase.map(async (file) => {
        // Keys in NFC, as the API's upload route makes them: a Mac gives file names in NFD.
        const key = `${target.clientId}/${target.year}/${basename(file).normalize('NFC')}`;
        await runtime.aws.s3.send(new PutObjectCommand({ Bucket: runtime.names.uploadsBucket, Key: key, Body: await readFile(file) }));
        onProgress(`  uploaded ${key}`);
        return key;
      }),
    );
    keys.push(...uploaded);
    // The data needs the definitions ingested, not their (debounced) compute: the data's changes
    // supersede that request, and the compute after the data reads both.
    await runtime.waitForIdle(last ? {} : { stages: ['ingest'] });
  }
  return keys;
}

/**
 * A consultant's own local run approves its newest draft at once (as `effekt send` would), so the
 * client's e-mail is in the outbox. Returns the version approved, if a ready one needed it.
 */
export async function approveNewestDraft(runtime: LocalRuntime, target: { clientId: string; year: number }, actor: string): Promise<number | undefined> {
  const store = dynamoStores(runtime.aws.dynamodb, runtime.names.table);
  const newest = (await store.reports.listReportVersions(target.clientId, target.year))
    .filter((v) => v.status === 'ready')
    .sort((a, b) => a.version - b.version)
    .at(-1);
  if (!newest || newest.approval || newest.delivery) return undefined;
  const at = new Date().toISOString();
  if ((await store.reports.approveVersion(target.clientId, target.year, newest.version, { by: actor, at })) !== 'approved') return undefined;
  await store.audit.appendAudit({ clientId: target.clientId, at, action: 'approval', actor, detail: { year: target.year, version: newest.version, superseded: false } }, randomUUID());
  const message: DeliverRequest = { ...target, version: newest.version };
  await new QueueSender(runtime.aws.sqs, runtime.queues.urls.deliver).send(message);
  await runtime.waitForIdle();
  return newest.version;
}

/** Reads what the pipeline produced for a client-year from the (local) table and buckets. */
export async function collectResult(runtime: LocalRuntime, target: { clientId: string; year: number }, uploaded: string[]): Promise<ClientYearResult> {
  const store = dynamoStores(runtime.aws.dynamodb, runtime.names.table);
  const blobs = new Blobs(runtime.aws.s3);
  const snapshot = await store.rows.readClientYear(target.clientId, target.year);
  const uploadedNames = new Set(uploaded.map((k) => k.split('/').slice(2).join('/')));
  const rejectedFiles = snapshot.rejections.filter((r: Rejection) => uploadedNames.has(r.fileName));
  const rejected = rejectedFiles.flatMap((r) =>
    r.problems.map((p) => ({ file: r.fileName, line: p.line ?? null, column: p.column ?? null, rule: p.rule, message: p.message })),
  );
  const accepted = snapshot.files.filter((f) => uploadedNames.has(f.fileName)).map((f) => ({ file: f.fileName, rows: f.rows }));
  const metrics = await store.metrics.getMetrics(target.clientId, target.year);
  const versions = await store.reports.listReportVersions(target.clientId, target.year);
  const ready = versions.filter((v) => v.status === 'ready');
  const newest = versions.at(-1);
  const latest = ready.at(-1);
  const object = latest ? await blobs.get(runtime.names.reportsBucket, latest.s3Key) : undefined;
  return {
    ...target,
    accepted,
    rejected,
    metrics,
    pdf: latest && object ? { version: latest.version, bytes: object.bytes } : undefined,
    renderFailure: newest?.status === 'failed' ? newest.failure : undefined,
    proposedMappings: rejectedFiles.flatMap((r) => (r.proposedMapping ? [r.proposedMapping] : [])),
  };
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 72)
    .replace(/^-+|-+$/g, '');

/** Writes the output contract of `effekt run` into `dir`. */
export async function writeOutputs(dir: string, result: ClientYearResult, sentMail: Uint8Array[]): Promise<string[]> {
  await mkdir(join(dir, 'outbox'), { recursive: true });
  const written: string[] = [];
  const base = `${result.clientId}-${result.year}`;
  if (result.pdf) {
    await writeFile(join(dir, `${base}.pdf`), result.pdf.bytes);
    written.push(join(dir, `${base}.pdf`));
  }
  if (result.metrics) {
    await writeFile(join(dir, `${base}.metrics.json`), `${JSON.stringify(result.metrics, null, 2)}\n`);
    written.push(join(dir, `${base}.metrics.json`));
  }
  await writeFile(join(dir, 'rejected.json'), `${JSON.stringify(result.rejected, null, 2)}\n`);
  written.push(join(dir, 'rejected.json'));
  // A proposed mapping beside the outputs: the consultant checks it (programme, wave), fixes it and runs again with it.
  for (const proposal of result.proposedMappings) {
    const path = join(dir, basename(proposal.fileName));
    await writeFile(path, proposal.json.endsWith('\n') ? proposal.json : `${proposal.json}\n`);
    written.push(path);
  }
  for (const [index, mime] of sentMail.entries()) {
    const path = join(dir, 'outbox', `${String(index + 1).padStart(3, '0')}-${slug(subjectOf(mime)) || 'email'}.eml`);
    await writeFile(path, mime);
    written.push(path);
  }
  return written;
}

/** The decoded Subject header (RFC 2047 encoded-words, possibly folded over several lines). */
function subjectOf(mime: Uint8Array): string {
  const head = Buffer.from(mime.subarray(0, 8192)).toString('latin1');
  const match = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(head);
  if (!match) return 'email';
  return match[1]!
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}
