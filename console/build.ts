import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

/**
 * Builds the consultant console (Preact, compiled by esbuild) into memory: `effekt serve` and the browser
 * test build it on demand, so a fresh clone needs no build step and nothing built is committed.
 * `npx tsx console/build.ts --out <dir>` writes the same files for a deployment (next to a /config.json).
 */

export interface ConsoleAsset {
  body: Uint8Array;
  contentType: string;
}

const ROOT = resolve(import.meta.dirname);
const require = createRequire(import.meta.url);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

export const contentTypeOf = (path: string) => CONTENT_TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream';

/** Every file of the console by URL path (`/index.html`, `/assets/main.js`, …). */
export async function buildConsole(options: { minify?: boolean } = {}): Promise<Map<string, ConsoleAsset>> {
  const result = await build({
    entryPoints: { main: join(ROOT, 'src/main.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    outdir: join(ROOT, 'dist/assets'),
    write: false,
    minify: options.minify ?? true,
    sourcemap: false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    chunkNames: 'chunk-[hash]',
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const assets = new Map<string, ConsoleAsset>();
  const outRoot = join(ROOT, 'dist');
  for (const file of result.outputFiles) {
    const path = file.path.slice(outRoot.length).replaceAll('\\', '/');
    assets.set(path, { body: file.contents, contentType: contentTypeOf(path) });
  }
  // pdf.js renders in a worker of its own; it is only fetched when a report is previewed.
  const worker = require.resolve('pdfjs-dist/build/pdf.worker.min.mjs');
  assets.set('/assets/pdf.worker.min.mjs', { body: await readFile(worker), contentType: contentTypeOf(worker) });
  // The chunks main.js imports statically are fetched at once rather than after main.js is parsed.
  const main = new TextDecoder().decode(assets.get('/assets/main.js')?.body);
  const chunks = [...main.matchAll(/import\s*(?:[\w${},\s*]+from\s*)?["']\.\/(chunk-[\w-]+\.js)["']/g)].map((m) => m[1]);
  const preload = chunks.map((chunk) => `<link rel="modulepreload" href="/assets/${chunk}">`).join('\n');
  const html = (await readFile(join(ROOT, 'index.html'), 'utf8')).replace('</head>', `${preload}\n</head>`);
  assets.set('/index.html', { body: new TextEncoder().encode(html), contentType: contentTypeOf('.html') });
  return assets;
}

/** The headers the console is served with (locally; CloudFront sets the same in AWS). */
export function consoleSecurityHeaders(connectSources: readonly string[]): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'console/dist' } } });
  const out = resolve(values.out);
  const assets = await buildConsole();
  for (const [path, asset] of assets) {
    const target = join(out, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, asset.body);
  }
  process.stdout.write(`console built into ${out} (${assets.size} files); add a config.json next to index.html (docs/console.md)\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) await main();
