import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';

/** The console's build entry (helper of issue 20): `npx tsx console/build.ts --out <dir>` writes index.html and assets/. */
export const CONSOLE_BUILD_SCRIPT = join('console', 'build.ts');

/** Deployed instead when this checkout has no console: a page that says so rather than a broken one. */
export const CONSOLE_MISSING_PAGE = `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Effekt</title></head>
<body><h1>Effekt</h1><p>Konsolen ingår inte i den här versionen (console/build.ts saknas).</p>
<p lang="en">The console is not part of this version (console/build.ts is missing).</p></body></html>
`;

/** Runs the console build into `outDir` with this Node and the project's tsx; throws with the build's output on failure. */
export function buildConsole(projectRoot: string, outDir: string): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CONSOLE_BUILD_SCRIPT, '--out', outDir], {
    cwd: projectRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() || String(result.error ?? 'no output');
    throw new Error(`The console build failed (node --import tsx ${CONSOLE_BUILD_SCRIPT} --out ${outDir}):\n${output}`);
  }
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`The console build wrote no index.html to ${outDir}`);
}

/**
 * The console's files for BucketDeployment, built from the sources at synth (as esbuild bundles the
 * functions), so a fresh clone deploys the console of its own commit and no stale `console/dist` can slip
 * in. The asset hash is the build output's. When a synth skips bundling (the infra tests), CDK stages the
 * sources unbuilt; that template is never deployed.
 */
export function consoleContent(projectRoot: string): s3deploy.ISource {
  const consoleDir = join(projectRoot, 'console');
  if (!existsSync(join(projectRoot, CONSOLE_BUILD_SCRIPT))) return s3deploy.Source.data('index.html', CONSOLE_MISSING_PAGE);
  return s3deploy.Source.asset(consoleDir, {
    exclude: ['dist', 'node_modules'],
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type; never pulled, because the local build either succeeds or throws.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
      local: {
        tryBundle(outputDir) {
          buildConsole(projectRoot, outputDir);
          return true;
        },
      },
    },
  });
}
