import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Emulators } from '../local/emulators.ts';
import { isYear } from '../../functions/core/model/index.ts';
import { progress, UsageError, type Command } from '../command.ts';
import { API_THROTTLE } from '../../infra/constructs/api-settings.ts';
import { createVerifier, verifyBearer } from '../../functions/api/authenticate.ts';
import { ROUTES } from '../../functions/api/router.ts';
import {
  apiAuthEnvironment,
  DEFAULT_SIGNING_KEY_FILE,
  loadOrCreateSigningKey,
  mintToken,
  startApiServer,
  type GatewayRules,
  type SigningKey,
  type StaticSite,
  type TokenClaims,
} from '../local/http-api.ts';
import { buildConsole, consoleSecurityHeaders, type ConsoleAsset } from '../../console/build.ts';
import { uploadAndSettle } from '../local/pipeline-run.ts';
import { attachRuntime, startLocalRuntime, type LocalRuntime } from '../local/runtime.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

export interface ServeOptions {
  port: number;
  host?: string;
  /** Run the bundled example client through the pipeline once started. */
  seed?: string;
  /** Attach to running emulators (tests) instead of starting new ones. */
  endpoints?: Emulators['endpoints'];
  prefix?: string;
  signingKeyFile?: string;
  keyFile?: string;
  coalesceSeconds?: number;
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  onProgress?: (message: string) => void;
  /** Keep the local stack's tables and objects here across restarts (--data). */
  dataDirectory?: string;
  /** Stage throttling (default: the deployed stage's); tests lower it to see a 429. */
  throttle?: GatewayRules['throttle'];
  /** Build the consultant console and serve it at / (the CLI does; API-only tests leave it out). */
  console?: boolean;
}

export interface Serving {
  url: string;
  runtime: LocalRuntime;
  signingKey: SigningKey;
  token(claims: TokenClaims): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The local API: emulators and pipeline (as `effekt run`), plus the production API handler behind a
 * loopback HTTP server that speaks API Gateway's payload v2. Exported for tests (port 0).
 */
export async function startServe(options: ServeOptions): Promise<Serving> {
  const signingKey = await loadOrCreateSigningKey(options.signingKeyFile ?? DEFAULT_SIGNING_KEY_FILE);
  // Listen first: the handlers must know the API's own URL (download links in e-mails) before they load.
  const server = await startApiServer({ port: options.port, host: options.host });
  // esbuild works in its own process: the console builds while the emulators start.
  const consoleBuild = options.console ? buildConsole() : undefined;
  consoleBuild?.catch(() => undefined);
  try {
    const runtimeOptions = {
      prefix: options.prefix,
      keyFile: options.keyFile,
      coalesceSeconds: options.coalesceSeconds,
      dataDirectory: options.dataDirectory,
      logLevel: options.logLevel ?? 'ERROR',
      env: { API_BASE_URL: server.url, ...apiAuthEnvironment(signingKey) },
    };
    const runtime = options.endpoints ? await attachRuntime(options.endpoints, runtimeOptions) : await startLocalRuntime(runtimeOptions);
    server.setHandler(await runtime.apiHandler(), gatewayRules(signingKey, options.throttle));
    if (consoleBuild) await serveConsole(server.setSite, await consoleBuild, runtime);
    if (options.seed) await seedExample(runtime, options.seed, options.onProgress ?? (() => undefined));
    return {
      url: server.url,
      runtime,
      signingKey,
      token: (claims) => mintToken(signingKey, claims),
      async stop() {
        await server.close();
        await runtime.stop();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/**
 * The console at / with a /config.json for local sign-in, on the same origin as the API. The browser
 * PUTs uploads straight to the presigned URL (the S3 emulator, or whatever the API hands out), so the
 * buckets get CORS as the stack gives them in AWS; loopback only.
 */
async function serveConsole(setSite: (site: StaticSite) => void, assets: Map<string, ConsoleAsset>, runtime: LocalRuntime): Promise<void> {
  const config = { apiBaseUrl: '', auth: { mode: 'local' } };
  const files = new Map(assets);
  files.set('/config.json', { body: new TextEncoder().encode(JSON.stringify(config)), contentType: 'application/json' });
  setSite({ files, headers: consoleSecurityHeaders(['http://127.0.0.1:*', 'http://localhost:*']) });
  for (const bucket of [runtime.names.uploadsBucket, runtime.names.reportsBucket]) {
    await runtime.aws.s3.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 }],
        },
      }),
    );
  }
}

/**
 * Every emulator endpoint of the local stack, as the handlers see them: `effekt dlq` reaches the queues
 * through these, and the e-mails the pipeline sent are at the SES emulator's /store.
 */
export function emulatorLines(env: Readonly<Record<string, string>>): string[] {
  const names = ['EFFEKT_ENDPOINT_DYNAMODB', 'EFFEKT_ENDPOINT_S3', 'EFFEKT_ENDPOINT_SQS', 'EFFEKT_ENDPOINT_SES'] as const;
  return [
    'The emulators of this local stack (effekt dlq list|redrive reaches the queues through these):',
    ...names.map((name) => `  export ${name}=${env[name]}`),
    'E-mails the pipeline sent (drafts, rejections, reports), as JSON:',
    `  curl -s ${env.EFFEKT_ENDPOINT_SES}/store`,
  ];
}

/** The gateway in front of the function, as deployed: ANY on each route path, the JWT authorizer, stage throttling. */
function gatewayRules(signingKey: SigningKey, throttle: GatewayRules['throttle'] = API_THROTTLE): GatewayRules {
  const auth = apiAuthEnvironment(signingKey);
  const verifier = createVerifier({ publicKey: auth.API_JWT_PUBLIC_KEY, issuer: auth.API_JWT_ISSUER, audience: auth.API_JWT_AUDIENCE });
  return {
    paths: [...new Set(ROUTES.map((r) => r.path))],
    async authorize(authorization) {
      await verifyBearer(verifier, authorization);
    },
    throttle,
  };
}

/** Uploads an example client year by year (oldest first), as `effekt demo` does. */
async function seedExample(runtime: LocalRuntime, clientId: string, onProgress: (message: string) => void): Promise<void> {
  const clientDir = join(EXAMPLES, clientId);
  const entries = await readdir(clientDir, { withFileTypes: true }).catch(() => {
    throw new UsageError(`no example client "${clientId}" in examples/`);
  });
  const definitions = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => join(clientDir, e.name));
  const years = entries.filter((e) => e.isDirectory() && isYear(e.name)).map((e) => e.name).sort();
  for (const year of years) {
    const files = (await readdir(join(clientDir, year))).sort().map((f) => join(clientDir, year, f));
    onProgress(`Seeding ${clientId} ${year}: ${files.length} data file(s)…`);
    await uploadAndSettle(runtime, { clientId, year: Number(year) }, [...definitions, ...files]);
  }
}

/** Opens a URL in the desktop's browser; says where to go instead when there is none. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No desktop opener: the address is printed for the person to open.
  }
}

const DEMO_CLIENT = 'sodertalje';

export const serveCommand: Command = {
  name: 'serve',
  usage: 'effekt serve [--port 8787] [--open] [--data <dir>] [--seed [--client sodertalje]] [--verbose]',
  summary: 'Serve the consultant console and API over HTTP on loopback, with the pipeline on embedded emulators.',
  flags: [
    { name: 'port', value: 'n', description: 'Port on 127.0.0.1 (default: 8787; 0 picks a free one).' },
    { name: 'open', description: 'Open the console in the browser, signed in (loads the demo client first when there is no data).' },
    { name: 'data', value: 'dir', description: 'Keep tables and uploaded files in this directory, so a restart finds them (default: nothing kept).' },
    { name: 'seed', description: 'Run the bundled example client through the pipeline once started.' },
    { name: 'client', value: 'id', description: 'Which example client --seed loads (default: sodertalje).' },
    { name: 'verbose', description: 'Show the handlers\' logs.' },
  ],
  examples: ['effekt serve --open', 'effekt serve --seed', 'effekt serve --port 0'],
  runsPipeline: true,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '8787' },
        open: { type: 'boolean', default: false },
        data: { type: 'string' },
        seed: { type: 'boolean', default: false },
        client: { type: 'string', default: DEMO_CLIENT },
        verbose: { type: 'boolean', default: false },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
    progress('Starting local AWS emulators (DynamoDB, S3, SES v2, SQS), the pipeline, the API and the console…');
    const serving = await startServe({
      port,
      seed: values.seed ? values.client : undefined,
      ...(values.data ? { dataDirectory: resolve(values.data) } : {}),
      logLevel: values.verbose ? 'INFO' : 'ERROR',
      onProgress: progress,
      console: true,
    });
    const admin = await serving.token({ sub: 'local-admin', groups: ['admin'], email: 'konsult@organisationspsykologerna.example', ttlSeconds: 8 * 3600 });
    let seeded = values.seed;
    if (values.open && !seeded && (await clientCount(serving.url, admin)) === 0) {
      // A newcomer's first look: the demo client, as `effekt demo` runs it.
      await seedExample(serving.runtime, values.client, progress);
      seeded = true;
    }
    const consoleUrl = `${serving.url}/`;
    const lines = [
      `Effekt console: ${consoleUrl}  (sign in with a token from: npx effekt token --sub anna --group consultant --clients sodertalje)`,
      `Effekt API: ${serving.url}  (OpenAPI: docs/openapi.json)`,
      '',
      'An admin token for 8 hours (for a consultant: effekt token --sub anna --group consultant --clients sodertalje):',
      `  export EFFEKT_API_URL=${serving.url}`,
      `  export EFFEKT_TOKEN=${admin}`,
      '',
      'Try:',
      `  curl -s -H "Authorization: Bearer $EFFEKT_TOKEN" ${serving.url}/v1/clients`,
      seeded ? '' : '  (no data yet: restart with --seed or --open to run the example client through the pipeline)',
      '',
      ...emulatorLines(serving.runtime.env),
      'Press Ctrl+C to stop.',
    ];
    process.stdout.write(`${lines.filter((l, i, all) => l !== '' || all[i - 1] !== '').join('\n')}\n`);
    if (values.open) {
      // The token travels in the fragment (never sent to a server); the console removes it from the address at once.
      const signedIn = `${consoleUrl}#token=${admin}`;
      openBrowser(signedIn);
      progress(`Opening the console, signed in as local-admin (if no browser opens, open this address): ${signedIn}`);
    }
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    progress('Stopping…');
    await serving.stop();
    return 0;
  },
};

async function clientCount(url: string, token: string): Promise<number> {
  const response = await fetch(`${url}/v1/clients`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) return 0;
  return ((await response.json()) as { clients: unknown[] }).clients.length;
}
