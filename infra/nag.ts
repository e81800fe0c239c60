import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag 3.x acknowledgements go through CDK's `Validations.of(scope).acknowledge`, which covers the
 * scope and everything below it. Every call carries a specific reason; narrow scopes and granular
 * finding ids (`Rule[finding]`) are preferred so a new finding of the same rule still fails synth.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** The IAM5 finding for `<bucket ARN>/*`, as cdk-nag spells it: `Resource::<LogicalId.Arn>/*`. */
export function objectWildcardFinding(bucket: CfnElement): string {
  return `AwsSolutions-IAM5[Resource::<${Stack.of(bucket).getLogicalId(bucket)}.Arn>/*]`;
}

/** The IAM5 finding for a literal ARN (concrete account and region are always set by app.ts). */
export function literalResourceFinding(scope: IConstruct, arn: string): string {
  const resolved: unknown = Stack.of(scope).resolve(arn);
  if (typeof resolved !== 'string') {
    throw new Error(`expected a literal ARN for the IAM5 acknowledgement, got ${JSON.stringify(resolved)}; is the stack env set?`);
  }
  return `AwsSolutions-IAM5[Resource::${resolved}]`;
}
