import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PLACEHOLDER_ACCOUNT, readContext } from './config.ts';
import { EffektStack } from './effekt-stack.ts';

/** Builds the Effekt app: settings from context, one stack per env, cdk-nag AwsSolutions on everything. */
export function buildApp(app: App): EffektStack {
  const settings = readContext(app.node);
  // cdk-nag 3.x is a policy-validation plugin: any unacknowledged finding fails synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return new EffektStack(app, `Effekt-${settings.env}`, {
    settings,
    // The region is the config's choice (default eu-north-1), never CDK_DEFAULT_REGION: the CDK CLI
    // always sets that one and falls back to us-east-1 when no profile names a region. The account may
    // follow the credentials; the placeholder keeps synth offline (no context lookups are used).
    env: {
      account: settings.account ?? process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ACCOUNT,
      region: settings.region,
    },
    description: `Effekt impact-report pipeline (${settings.env})`,
    terminationProtection: settings.env === 'prod',
  });
}

// Run only as the CDK app entry (cdk.json), not when tests import buildApp.
if (import.meta.url === `file://${process.argv[1]}`) {
  const app = new App();
  buildApp(app);
  app.synth();
}
