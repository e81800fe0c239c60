import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../infra/app.ts';
import type { EffektStack } from '../../infra/effekt-stack.ts';
import { PROJECT_ROOT } from '../../infra/handler-entries.ts';

export interface Synthesized {
  stack: EffektStack;
  template: Template;
  assembly: CloudAssembly;
  outdir: string;
}

/**
 * Synthesizes the real app (cdk.json feature flags, cdk-nag AwsSolutions plugin) once. `app.synth()`
 * throws on any unacknowledged cdk-nag finding. With `bundle: false` esbuild is skipped via CDK's own
 * `aws:cdk:bundling-stacks` context (the template is identical apart from asset hashes).
 */
export function synthEffekt(options: { bundle: boolean; context?: Record<string, unknown> }): Synthesized {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  const outdir = mkdtempSync(join(tmpdir(), 'effekt-cdk-'));
  const app = new App({
    outdir,
    context: {
      ...cdkJson.context,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
  });
  const stack = buildApp(app);
  const assembly = app.synth();
  // Read the synthesized template instead of Template.fromStack, which would synthesize (and bundle) again.
  const template = Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template as Record<string, unknown>);
  return { stack, template, assembly, outdir };
}

export type CfnResources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; Metadata?: Record<string, unknown> }>;

export function resources(template: Template, type: string): CfnResources {
  return template.findResources(type) as CfnResources;
}

/** The logical id of the one resource under a construct path (e.g. "Uploads" → the uploads bucket). */
export function logicalIdOf(stack: EffektStack, element: { node: { defaultChild?: unknown } }): string {
  const child = element.node.defaultChild;
  if (!child) throw new Error('construct has no default child');
  return stack.getLogicalId(child as Parameters<EffektStack['getLogicalId']>[0]);
}
