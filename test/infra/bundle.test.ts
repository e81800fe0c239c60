import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { coldStartFiles } from '../../bench/lib/bundle.ts';
import { lazyModulePath, RENDER_EXEC_WRAPPER, RENDER_PRELOAD, stageBundling } from '../../infra/bundling.ts';
import { ESM_BANNER, nodeOptionsFor } from '../../infra/constructs/stage-function.ts';
import { PROJECT_ROOT, STAGES, type Stage } from '../../infra/handler-entries.ts';
import { logicalIdOf, resources, synthEffekt, type Synthesized } from './synth.ts';

// The one test path that bundles for real: esbuild runs for all six functions (once, in beforeAll),
// then each bundle is imported by a fresh `node` process, as Lambda would load it.

const run = promisify(execFile);
let synth: Synthesized;
const bundleDir: Partial<Record<Stage, string>> = {};

beforeAll(() => {
  // Asset metadata (on by default under the CLI) records each function's bundle directory.
  synth = synthEffekt({ bundle: true, context: { env: 'dev', 'aws:cdk:enable-asset-metadata': true } });
  const functions = resources(synth.template, 'AWS::Lambda::Function');
  for (const stage of STAGES) {
    const fn = functions[logicalIdOf(synth.stack, synth.stack.functions[stage].fn)]!;
    const assetPath = fn.Metadata?.['aws:asset:path'];
    if (typeof assetPath !== 'string') throw new Error(`${stage}: no asset path in metadata`);
    bundleDir[stage] = join(synth.outdir, assetPath);
  }
}, 240_000);

describe('bundles', () => {
  it.each(STAGES)('%s: ESM bundle with createRequire banner and a source map', (stage) => {
    const dir = bundleDir[stage]!;
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(code.startsWith(ESM_BANNER)).toBe(true);
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    // Lambda's unzipped limit is 250 MB; keep a wide margin and notice accidental bloat.
    expect(statSync(join(dir, 'index.mjs')).size).toBeLessThan(30 * 1024 * 1024);
  });

  it('render ships the font and pdfkit data files and its NODE_OPTIONS preload next to the bundle', () => {
    const dir = bundleDir.render!;
    for (const f of [RENDER_PRELOAD, 'fonts/Roboto/Roboto-Regular.ttf', 'fonts/Roboto/Roboto-Medium.ttf', 'fonts/glyph-runs.json', 'data/Helvetica.afm', 'data/sRGB_IEC61966_2_1.icc']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    // Lambda runs its exec wrapper directly: it must arrive executable.
    expect(statSync(join(dir, RENDER_EXEC_WRAPPER)).mode & 0o111).toBe(0o111);
  });

  it.each(STAGES)('%s: bundle imports in plain Node with its NODE_OPTIONS, without the stage environment, and exports handler', async (stage) => {
    const file = pathToFileURL(join(bundleDir[stage]!, 'index.mjs')).href;
    const script = `const m = await import(${JSON.stringify(file)}); console.log(typeof m.handler);`;
    // The bundle lives in a temp dir outside the repo, so a package left external (not bundled) fails
    // to resolve here just as it would in Lambda. Only what Lambda always provides is in the
    // environment; none of the Effekt variables, so import-time reads of them show up. NODE_OPTIONS as
    // deployed, with the bundle directory as the task root (render preloads a file from there).
    const nodeOptions = nodeOptionsFor(stage, bundleDir[stage]!);
    const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-north-1', AWS_LAMBDA_FUNCTION_NAME: `effekt-dev-${stage}`, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) };
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env, cwd: bundleDir[stage]!, timeout: 60_000 });
    expect(stdout.trim()).toBe('function');
  });

  /** A script (with the module as `m`) that uses the lazy module as its importer does and prints Nöjdhet. */
  const lazyModuleUse = (specifier: string): string => {
    if (specifier === 'exceljs') {
      return `const wb = new m.default.Workbook(); wb.addWorksheet('Svar').addRow(['Nöjdhet', 9]); const buf = await wb.xlsx.writeBuffer(); const back = new m.default.Workbook(); await back.xlsx.load(buf); console.log(back.getWorksheet('Svar').getCell('A1').value);`;
    }
    if (specifier.startsWith('nodemailer/')) {
      return `const c = new m.default({ from: 'a@example.se', to: 'b@example.se', subject: 'Nöjdhet', text: 'x' }); c.compile().build((e, b) => console.log(e ? String(e) : b.toString().includes('Subject: =?UTF-8?Q?N=C3=B6jdhet?=') ? 'Nöjdhet' : b.toString()));`;
    }
    if (specifier === '@aws-sdk/client-sesv2') {
      // lazySesSend's use: a client and a SendEmail command, serialised without sending.
      return `const c = new m.SESv2Client({ region: 'eu-north-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }); const cmd = new m.SendEmailCommand({ FromEmailAddress: 'Nöjdhet' }); console.log(typeof c.send === 'function' ? cmd.input.FromEmailAddress : 'no client');`;
    }
    // A credential link: the SDK's chain imports it by its provider function's name.
    const provider: Record<string, string> = {
      '@aws-sdk/credential-provider-sso': 'fromSSO',
      '@aws-sdk/credential-provider-ini': 'fromIni',
      '@aws-sdk/credential-provider-process': 'fromProcess',
      '@aws-sdk/credential-provider-web-identity': 'fromTokenFile',
      '@aws-sdk/credential-provider-http': 'fromHttp',
      '@smithy/credential-provider-imds': 'fromInstanceMetadata',
    };
    return `console.log(typeof m[${JSON.stringify(provider[specifier])}] === 'function' ? 'Nöjdhet' : Object.keys(m).join());`;
  };

  it('every stage leaves the credential chain’s off-Lambda links out of what a cold start loads; render and ingest leave SES out too', () => {
    for (const stage of STAGES) {
      // index.mjs and, where the bundle is split, the chunks it loads with it.
      const code = coldStartFiles(bundleDir[stage]!).map((f) => readFileSync(join(bundleDir[stage]!, f), 'utf8')).join('\n');
      expect(code.includes('import("@aws-sdk/credential-provider-ini")'), stage).toBe(true);
      // The SSO OIDC client's operation name appears in the nested clients' code only.
      expect(code.includes('CreateToken'), stage).toBe(false);
      // A static import of a lazy module would load it at every cold start; elsewhere SES is bundled.
      expect(/from\s*"@aws-sdk\/client-sesv2"/.test(code), stage).toBe(false);
      expect(code.includes('import("@aws-sdk/client-sesv2")'), stage).toBe(stage === 'render' || stage === 'ingest');
    }
  });

  const lazy = STAGES.flatMap((stage) => stageBundling(stage, PROJECT_ROOT).lazyModules.map((specifier) => [stage, specifier] as const));

  it('ingest leaves exceljs and the MIME composer out of index.mjs and imports them lazily', () => {
    const code = readFileSync(join(bundleDir.ingest!, 'index.mjs'), 'utf8');
    expect(code).toContain('import("exceljs")');
    expect(code).toContain('import("nodemailer/lib/mail-composer/index.js")');
    // exceljs's own workbook path appears in its code only, not in ours.
    expect(code).not.toContain('xl/workbook.xml');
  });

  it('render decodes Brotli with node:zlib instead of bundling the brotli package', () => {
    const dir = bundleDir.render!;
    const files = readdirSync(dir).filter((f) => f.endsWith('.mjs'));
    // The renderer's chunk (fontkit's WOFF2 decoding); includes(), not toContain(): a failure would print the bundle.
    const renderer = files.filter((f) => readFileSync(join(dir, f), 'utf8').includes('unsupported number:'));
    expect(renderer).toHaveLength(1);
    expect(readFileSync(join(dir, renderer[0]!), 'utf8').includes('brotliDecompressSync')).toBe(true);
    // The JavaScript decoder's static dictionary would make the code ~0.5 MB larger.
    expect(files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0)).toBeLessThan(2.8 * 1024 * 1024);
  });

  it('render: the handler’s own loadReport renders a PDF from index.mjs, its chunks and the bundle directory alone', async () => {
    const dir = bundleDir.render!;
    // Code splitting: the renderer is a chunk beside index.mjs, loaded by the first render's import(), not parsed
    // at every cold start. pdfkit's own error text stands for the renderer's code.
    const files = readdirSync(dir).filter((f) => f.endsWith('.mjs'));
    const holding = (text: string) => files.filter((f) => readFileSync(join(dir, f), 'utf8').includes(text));
    expect(holding('unsupported number:')).toHaveLength(1);
    expect(holding('unsupported number:')).not.toContain('index.mjs');
    // zod's error-map text: one copy, shared by the handler and the renderer.
    expect(holding('Invalid input')).toHaveLength(1);
    const handler = pathToFileURL(join(dir, 'index.mjs')).href;
    const input = pathToFileURL(join(PROJECT_ROOT, 'test', 'fixtures', 'metrics')).href;
    // realDeps as the Lambda builds them, with stand-in clients (nothing is stored or sent here).
    const environment = { LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_NAMESPACE: 'Effekt', TABLE_NAME: 't', REPORTS_BUCKET: 'b', DELIVER_QUEUE_URL: 'https://sqs.eu-north-1.amazonaws.com/1/q', SENDER_EMAIL: 'rapport@example.se', SES_CONFIGURATION_SET: 'c', MAX_RECEIVE_COUNT: 5 };
    const script = [
      `import { readFileSync } from 'node:fs';`,
      `const read = (name) => JSON.parse(readFileSync(new URL(${JSON.stringify(`${input}/`)} + name)));`,
      `const m = await import(${JSON.stringify(handler)});`,
      `const deps = m.realDeps(${JSON.stringify(environment)}, { dynamodb: {}, s3: {}, sqs: {} });`,
      `const report = await deps.loadReport();`,
      `const pdf = await report.renderReport({ metrics: read('example.metrics.json'), settings: read('example.settings.json'), version: 1 });`,
      `console.log(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), typeof report.ReportRenderError);`,
    ].join('\n');
    const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-north-1' };
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env, cwd: dir, timeout: 120_000 });
    expect(stdout.trim()).toBe('%PDF- function');
  });

  it('api: S3, SQS, Secrets Manager and jose are chunks its routes import on first use, not code a cold start loads', () => {
    const dir = bundleDir.api!;
    const atColdStart = coldStartFiles(dir);
    const lazyFiles = readdirSync(dir).filter((f) => f.endsWith('.mjs') && !atColdStart.includes(f));
    // Each service's own model name, and jose's error code: in one lazily loaded file each, in no file loaded at a cold start.
    for (const marker of ['"com.amazonaws.s3"', 'com.amazonaws.sqs', 'com.amazonaws.secretsmanager', 'ERR_JWT_EXPIRED']) {
      expect(atColdStart.filter((f) => readFileSync(join(dir, f), 'utf8').includes(marker)), marker).toEqual([]);
      expect(lazyFiles.filter((f) => readFileSync(join(dir, f), 'utf8').includes(marker)), marker).toHaveLength(1);
    }
    // DynamoDB serves every route: loaded at the cold start.
    expect(atColdStart.some((f) => readFileSync(join(dir, f), 'utf8').includes('DynamoDB_20120810'))).toBe(true);
  });

  it('api: from the bundle directory alone, the S3 chunk presigns a URL and the jose chunk refuses a bad token', async () => {
    const dir = bundleDir.api!;
    const handler = pathToFileURL(join(dir, 'index.mjs')).href;
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const environment = {
      AWS_REGION: 'eu-north-1', LOG_LEVEL: 'SILENT', TABLE_NAME: 't', UPLOADS_BUCKET: 'uploads', REPORTS_BUCKET: 'reports', QUARANTINE_BUCKET: 'q',
      COMPUTE_QUEUE_URL: 'https://sqs.eu-north-1.amazonaws.com/1/c', DELIVER_QUEUE_URL: 'https://sqs.eu-north-1.amazonaws.com/1/d', PSEUDONYM_SECRET_ARN: 'arn:aws:secretsmanager:eu-north-1:1:secret:k',
      API_JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(), API_JWT_ISSUER: 'effekt', API_JWT_AUDIENCE: 'effekt-api',
    };
    const event = { rawPath: '/v1/clients', headers: { authorization: 'Bearer aaa.bbb.ccc' }, requestContext: { http: { method: 'GET' }, requestId: 'r' } };
    const script = [
      `const m = await import(${JSON.stringify(handler)});`,
      `const deps = m.realDeps(${JSON.stringify(environment)});`,
      `const url = await deps.blobs.presignGet('reports', 'sodertalje/2025/v1.pdf', 60);`,
      `const reply = await m.createHandler(deps)(${JSON.stringify(event)});`,
      `console.log(new URL(url).host, reply.statusCode, JSON.parse(reply.body).detail);`,
    ].join('\n');
    const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-north-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' };
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env, cwd: dir, timeout: 60_000 });
    expect(stdout.trim()).toBe('reports.s3.eu-north-1.amazonaws.com 401 The token is not valid.');
  });

  it('deliver leaves jStat out: the e-mail’s findings need no distribution', () => {
    // jStat's own namespace key; includes(), not toContain(): a failure would print the bundle.
    expect(readFileSync(join(bundleDir.deliver!, 'index.mjs'), 'utf8').includes('studentt')).toBe(false);
    expect(readFileSync(join(bundleDir.compute!, 'index.mjs'), 'utf8').includes('studentt')).toBe(true);
  });

  it('ingest ships its pseudonymisation worker, which hashes like the main thread from the bundle directory alone', async () => {
    const dir = bundleDir.ingest!;
    expect(Object.keys(stageBundling('ingest', PROJECT_ROOT).workers)).toEqual(['pseudonym-worker.mjs']);
    // includes(), not toContain(): a failure would print all of index.mjs.
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8').includes('pseudonym-worker.mjs')).toBe(true);
    // The worker answers one batch; the test compares it with Node's HMAC over the documented message.
    const worker = pathToFileURL(join(dir, 'pseudonym-worker.mjs')).href;
    const script = [
      `import { Worker } from 'node:worker_threads';`,
      `import { createHmac } from 'node:crypto';`,
      `const key = new Uint8Array(32).fill(7);`,
      // execArgv: this script's --input-type must not reach the worker (Lambda's own flags may: they are harmless).
      `const w = new Worker(new URL(${JSON.stringify(worker)}), { execArgv: [] });`,
      `w.on('message', (m) => { const want = createHmac('sha256', key).update('sodertalje\\u0000åsa').digest('base64url').slice(0, 22); console.log(m.pseudonyms === want ? 'same' : JSON.stringify(m)); w.terminate(); });`,
      `w.postMessage({ id: 1, key, clientId: 'sodertalje', respondents: [' Åsa'] });`,
    ].join('\n');
    const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-north-1' };
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env, cwd: dir, timeout: 60_000 });
    expect(stdout.trim()).toBe('same');
  });

  it.each(lazy)('%s: %s resolves from the bundle directory alone and works', async (stage, specifier) => {
    const dir = bundleDir[stage]!;
    expect(existsSync(join(dir, lazyModulePath(specifier).file))).toBe(true);
    // cwd is the bundle directory, outside the repository: only the shipped copy can be found.
    const use = lazyModuleUse(specifier);
    const script = `const m = await import(${JSON.stringify(specifier)}); ${use}`;
    const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-north-1' };
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env, cwd: dir, timeout: 60_000 });
    expect(stdout.trim()).toBe('Nöjdhet');
  });
});
