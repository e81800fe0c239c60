/**
 * Bounded load test of a burst (loopback only, stops by itself): 200 small reaction files for 20
 * clients uploaded at once to the local pipeline on the embedded emulators, with the production
 * handlers and the real report renderer. Reports upload and ingest throughput (files/second) and
 * the time from the first upload to the last email; checks one version and one email per client.
 *
 *   npm run bench:load            (BURST_CLIENTS, BURST_FILES, BURST_DEADLINE_S override the defaults)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startEmulators } from '../cli/local/emulators.ts';
import { attachRuntime, LOCAL_STAGE_THREADS } from '../cli/local/runtime.ts';
import { dynamoStores } from '../functions/aws/store/index.ts';

const CLIENTS = Number(process.env.BURST_CLIENTS ?? 20);
const FILES = Number(process.env.BURST_FILES ?? 10);
const ROWS = 6;
const DEADLINE_MS = Number(process.env.BURST_DEADLINE_S ?? 240) * 1000;
const YEAR = 2025;

const csv = (clientId: string, f: number) =>
  [
    'respondent,program,date,satisfaction,usefulness,recommendation,comment',
    ...Array.from({ length: ROWS }, (_, i) => {
      const k = f * 7 + i * 3;
      return `${clientId}-f${f}-r${i},ledarprogram,2025-05-21,${6 + (k % 5)},${6 + ((k + 1) % 5)},${6 + ((k + 2) % 5)},`;
    }),
  ].join('\n');

const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function main(): Promise<number> {
  const keyDir = await mkdtemp(join(tmpdir(), 'effekt-bench-'));
  const emulators = await startEmulators();
  // Render on threads, as the CLI runs it.
  const runtime = await attachRuntime(emulators.endpoints, {
    prefix: 'bench-',
    coalesceSeconds: 2,
    logLevel: 'SILENT',
    keyFile: join(keyDir, 'key'),
    stageThreads: LOCAL_STAGE_THREADS,
  });
  const store = dynamoStores(runtime.aws.dynamodb, runtime.names.table);
  const clientIds = Array.from({ length: CLIENTS }, (_, i) => `load-${String(i).padStart(2, '0')}`);
  try {
    for (const clientId of clientIds) {
      await store.settings.updateSettings(clientId, { kind: 'consultant', input: { clientId, displayName: clientId, recipients: [`ledning@${clientId}.example`] } });
    }
    const uploads = clientIds.flatMap((c) => Array.from({ length: FILES }, (_, f) => ({ key: `${c}/${YEAR}/reaktioner-${f}.csv`, body: csv(c, f) })));
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < uploads.length) {
          const u = uploads[next++]!;
          await runtime.aws.s3.send(new PutObjectCommand({ Bucket: runtime.names.uploadsBucket, Key: u.key, Body: u.body }));
        }
      }),
    );
    const uploaded = Date.now();

    let ingested: number | undefined;
    let lastEmail: number | undefined;
    while (lastEmail === undefined) {
      if (Date.now() - started > DEADLINE_MS) throw new Error(`not done within ${DEADLINE_MS / 1000} s (${emulators.sentMail.length} of ${CLIENTS} emails)`);
      await new Promise((r) => setTimeout(r, 250));
      if (ingested === undefined) {
        let files = 0;
        for (const c of clientIds) files += (await store.rows.readClientYear(c, YEAR)).files.length;
        if (files === uploads.length) ingested = Date.now();
      }
      if (emulators.sentMail.length >= CLIENTS) lastEmail = Date.now();
    }
    await runtime.waitForIdle({ timeoutMs: DEADLINE_MS });

    let versions = 0;
    let wrong = 0;
    for (const c of clientIds) {
      const v = await store.reports.listReportVersions(c, YEAR);
      versions += v.length;
      const m = await store.metrics.getMetrics(c, YEAR);
      if (v.length !== 1 || m?.reaction?.responses !== FILES * ROWS) wrong++;
    }
    const figures = {
      files: uploads.length,
      clients: CLIENTS,
      uploadSeconds: seconds(uploaded - started),
      uploadFilesPerSecond: (uploads.length / ((uploaded - started) / 1000)).toFixed(1),
      ingestSeconds: seconds((ingested ?? lastEmail) - started),
      ingestFilesPerSecond: (uploads.length / (((ingested ?? lastEmail) - started) / 1000)).toFixed(1),
      secondsToLastEmail: seconds(lastEmail - started),
      emails: emulators.sentMail.length,
      reportVersions: versions,
      clientsWithWrongFigures: wrong,
    };
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
    return emulators.sentMail.length === CLIENTS && versions === CLIENTS && wrong === 0 ? 0 : 1;
  } finally {
    await runtime.stop();
    await emulators.stop();
    await rm(keyDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
