#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx effekt` works on a fresh clone with no build step.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('../main.ts');
process.exitCode = await main(process.argv.slice(2));
