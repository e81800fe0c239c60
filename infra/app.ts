import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readContext } from './config.ts';
import { EffektStack } from './effekt-stack.ts';

/** Builds the Effekt app: settings from context, one stack per env, cdk-nag AwsSolutions on everything. */
export function buildApp(app: App): EffektStack {
  const settings = readContext(app.node);
  // cdk-nag 3.x is a policy-validation plugin: any unacknowledged finding fails synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return new EffektStack(app, `Effekt-${settings.env}`, {
    settings,
    // Explicit fallbacks keep synth offline and credential-free; no context lookups are used.
    env: {
      account: process.env.CDK_DEFAULT_ACCOUNT ?? '111111111111',
      region: process.env.CDK_DEFAULT_REGION ?? 'eu-north-1',
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
