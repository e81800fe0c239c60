import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { relative } from 'node:path';
import { acknowledge } from '../nag.ts';
import { bundlingCommands, RENDER_EXEC_WRAPPER, RENDER_PRELOAD, type StageBundling } from '../bundling.ts';
import type { Stage } from '../handler-entries.ts';

/**
 * Some dependencies are CommonJS and call `require` (exceljs, pdfmake's deps); in an ESM bundle that
 * global does not exist, so recreate it. `__filename`/`__dirname` likewise for CJS code that reads its
 * own location. Aliased imports keep the banner's names from clashing with bundled code.
 */
export const ESM_BANNER = [
  "import { createRequire as __effektCreateRequire } from 'node:module';",
  "import { fileURLToPath as __effektFileURLToPath } from 'node:url';",
  "import { dirname as __effektDirname } from 'node:path';",
  'const require = __effektCreateRequire(import.meta.url);',
  'const __filename = __effektFileURLToPath(import.meta.url);',
  'const __dirname = __effektDirname(__filename);',
].join(' ');

/**
 * NODE_OPTIONS of every stage unless it sets its own: none. Not `--enable-source-maps`: Node then reads
 * and indexes the bundle's map at every cold start (`npm run bench` shows the cost, which would put
 * ingest's load near the 300 ms goal). Every bundle still ships `index.mjs.map`; `effekt trace --map`
 * turns a logged stack trace back into TypeScript file:line.
 */
export const DEFAULT_NODE_OPTIONS = '';

/**
 * NODE_OPTIONS of the render function, measured by `npm run bench` (docs/benchmarks.md), which runs its
 * render processes with exactly these flags:
 * - a 1 MB semi-space (V8's default grows the young generation to 3 × 16 MB) holds a warm series at well
 *   under half the memory of the default; larger semi-spaces buy little speed for more memory;
 * - old space capped at 256 MB: one report's live set is a small fraction of that, so large clients have
 *   ample headroom and the heap stays far below the function's 1024 MB;
 * - one V8 background thread instead of Node's default four: V8 keeps optimising code and collecting
 *   garbage in the background report after report, and with four threads that work runs several at a time,
 *   taking the CPU from the one thread that renders. With one, it runs beside the rendering thread, not
 *   over it;
 * - no --enable-source-maps (as no stage has): it parses the map at load (more memory, slower load); map
 *   a logged stack trace offline with `effekt trace --map index.mjs.map`.
 * V8 flags that NODE_OPTIONS refuses are set by the render handler itself when it loads
 * (functions/render/v8-flags.ts), and by the bench's render program the same way. The deployed NODE_OPTIONS
 * (nodeOptionsFor) also preload RENDER_PRELOAD, which sets the heap flags back to their defaults once the heap
 * is sized, so that the flags do not cost Node its code cache for its built-in modules.
 * The measured figures are in docs/benchmarks.md ("Figures formerly in code comments", and the sixth pass).
 */
export const RENDER_NODE_OPTIONS = '--max-semi-space-size=1 --max-old-space-size=256 --v8-pool-size=1';

/**
 * NODE_OPTIONS of the ingest function, measured by `npm run bench` (docs/benchmarks.md), whose ingest bench
 * runs with exactly these flags: one V8 background thread instead of Node's four, as for render. An ingest
 * keeps every row of the file alive to its end, so V8 collects and compiles in the background the whole
 * time, beside the parse and the pseudonymisation thread; on the function's fraction of a vCPU four such
 * threads only take turns with the ones doing the ingest. V8's heap defaults stay: the largest accepted
 * files are sized against them.
 */
export const INGEST_NODE_OPTIONS = '--v8-pool-size=1';

/** The stages deployed with flags of their own; the others get DEFAULT_NODE_OPTIONS. */
const STAGE_NODE_OPTIONS: Partial<Record<Stage, string>> = { render: RENDER_NODE_OPTIONS, ingest: INGEST_NODE_OPTIONS };

/** Where Lambda puts a function's code (its LAMBDA_TASK_ROOT): the bundle directory's files, render's preload among them. */
export const LAMBDA_TASK_ROOT = '/var/task';

/**
 * NODE_OPTIONS each stage is deployed with (the bench loads and runs the bundles with these). `taskRoot` is the
 * directory holding the bundle's files: Lambda's task root when deployed, the bundle directory in the bench.
 * Render also preloads RENDER_PRELOAD from there, which sets its heap flags back to V8's defaults once the heap is
 * sized, so that Node's code cache for its built-in modules is used again (functions/render/preload/).
 */
export function nodeOptionsFor(stage: Stage, taskRoot: string = LAMBDA_TASK_ROOT): string {
  const options = STAGE_NODE_OPTIONS[stage] ?? DEFAULT_NODE_OPTIONS;
  return stage === 'render' ? `${options} --require ${taskRoot}/${RENDER_PRELOAD}` : options;
}

/**
 * The AWS_LAMBDA_EXEC_WRAPPER a stage is deployed with, if any. Public copies of Lambda's Node bootstrap start
 * node with heap sizes of their own on its command line, which win over NODE_OPTIONS; render's wrapper
 * (functions/render/preload/heap-flags-last.sh) repeats its NODE_OPTIONS' heap sizes after them, so that the
 * function's heap is the one the bench measures.
 */
export function execWrapperFor(stage: Stage, taskRoot: string = LAMBDA_TASK_ROOT): string | undefined {
  return stage === 'render' ? `${taskRoot}/${RENDER_EXEC_WRAPPER}` : undefined;
}

export interface StageFunctionProps {
  /** Physical function name, e.g. effekt-dev-ingest. */
  functionName: string;
  /** Absolute path of the TypeScript entry exporting `handler`. */
  entry: string;
  /** Directory holding package-lock.json (esbuild resolves from here). */
  projectRoot: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  tracing: boolean;
  description: string;
  /** NODE_OPTIONS for the function (nodeOptionsFor); empty sets none. */
  nodeOptions: string;
  /** AWS_LAMBDA_EXEC_WRAPPER for the function (execWrapperFor), if any. */
  execWrapper?: string;
  /** What this stage's bundle adds to the common esbuild options: aliases, lazy modules, run-time files. */
  bundling: StageBundling;
}

/**
 * One pipeline stage as a Lambda function: esbuild-bundled ESM on Node.js 22 / arm64, with its own
 * log group and its own role that starts with nothing but permission to write that log group
 * (no AWS managed policies), so every other permission is an explicit grant in effekt-stack.ts.
 */
export class StageFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: StageFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.functionName}`,
    });
    // CreateLogGroup is not needed: the group above exists before the function runs.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const { alias, lazyModules } = props.bundling;
    const aliasArgs = Object.entries(alias).map(([from, to]) => `${from}=${to}`);
    this.fn = new NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      description: props.description,
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: `${props.projectRoot}/package-lock.json`,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      environment: {
        ...props.environment,
        ...(props.nodeOptions ? { NODE_OPTIONS: props.nodeOptions } : {}),
        ...(props.execWrapper ? { AWS_LAMBDA_EXEC_WRAPPER: props.execWrapper } : {}),
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        platform: 'node',
        mainFields: ['module', 'main'],
        banner: ESM_BANNER,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        // Bundle the AWS SDK too: the runtime's SDK version lags and differs from the pinned,
        // tested one in package-lock.json. Only lazy modules stay out: they ship pre-bundled beside index.mjs.
        externalModules: [...lazyModules],
        ...(aliasArgs.length > 0 ? { esbuildArgs: { '--alias': aliasArgs } } : {}),
        // `.json` is bundled by esbuild's default loader (templates and instruments are JSON imports).
        metafile: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) => bundlingCommands(props.bundling, inputDir, outputDir, ESM_BANNER, relative(props.projectRoot, props.entry)),
        },
      },
    });
    if (props.tracing) {
      acknowledge(this.role, 'AwsSolutions-IAM5[Resource::*]',
        'Added by Lambda active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions, so AWS requires Resource "*".');
    }
    acknowledge(this.fn, 'AwsSolutions-L1',
      'Pinned to nodejs22.x on purpose: the bundles target node22 and the handlers are tested on that line; nodejs22.x is in Lambda standard support until 2027. Move to nodejs24.x together with the toolchain.');
  }
}
