// Preloaded by the render function's NODE_OPTIONS (`--require`, infra/constructs/stage-function.ts), before the
// Lambda runtime and the bundle load.
//
// The heap sizes (--max-semi-space-size, --max-old-space-size, in NODE_OPTIONS and, in public copies of Lambda's
// Node bootstrap, on its command line too, with --expose-gc) are V8 flags, and any V8 flag away from its default
// changes the flag hash V8 checks code caches against. Node ships its built-in modules (https, crypto, streams,
// zlib, …) with a code cache made under the default flags, so with such flags V8 rejects it and compiles every
// built-in a cold start loads from source. V8 has already sized the heap and installed `gc` when this runs and
// does not read these flags again for this isolate, so setting them back to their defaults keeps the heap as
// configured and lets Node use its cache again. (A worker thread started later would read them again: render
// starts none. V8 later left memory-tuning flags out of the hash; the Node versions here still count them.
// test/infra/node-options.test.ts checks both halves on the Node that runs the tests.)
'use strict';
const { setFlagsFromString } = require('node:v8');
for (const flag of ['--max-semi-space-size=0', '--max-old-space-size=0', '--no-expose-gc']) setFlagsFromString(flag);
