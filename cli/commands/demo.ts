import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isYear } from '../../functions/core/model/index.ts';
import { progress, type Command } from '../command.ts';
import { approveNewestDraft, collectResult, uploadAndSettle, writeOutputs, type ClientYearResult } from '../local/pipeline-run.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { reportStage } from './run.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');

/**
 * `effekt run` on the bundled example client, year by year (oldest first) so the newest report
 * shows the trend over the years.
 */
export const demoCommand: Command = {
  name: 'demo',
  usage: 'effekt demo [--client sodertalje] [--out out/demo] [--review]',
  summary: 'Run the whole pipeline on the bundled example data (examples/) and print where the outputs are.',
  flags: [
    { name: 'client', value: 'id', description: 'Which example client under examples/ (default: sodertalje).' },
    { name: 'out', value: 'dir', description: 'Where the outputs go (default: out/demo).' },
    { name: 'review', description: 'Stop at each year\'s draft instead of approving it.' },
  ],
  examples: ['effekt demo', 'effekt demo --out /tmp/demo --review'],
  runsPipeline: true,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        client: { type: 'string', default: 'sodertalje' },
        out: { type: 'string', default: 'out/demo' },
        review: { type: 'boolean', default: false },
      },
    });
    const clientId = values.client!;
    const out = values.out!;
    const clientDir = join(EXAMPLES, clientId);
    const entries = await readdir(clientDir, { withFileTypes: true });
    const definitions = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => join(clientDir, e.name));
    const years = entries.filter((e) => e.isDirectory() && isYear(e.name)).map((e) => e.name).sort();

    await rm(out, { recursive: true, force: true });
    progress('Starting local AWS emulators (DynamoDB, S3, SES v2, SQS) on loopback…');
    const started = Date.now();
    const runtime = await startLocalRuntime({ logLevel: 'ERROR', onStageSettled: reportStage });
    const results: ClientYearResult[] = [];
    try {
      for (const year of years) {
        const yearDir = join(clientDir, year);
        const files = (await readdir(yearDir)).sort().map((f) => join(yearDir, f));
        progress(`${clientId} ${year}: ${files.length} data file(s)`);
        const target = { clientId, year: Number(year) };
        const keys = await uploadAndSettle(runtime, target, [...definitions, ...files], progress);
        if (!values.review) await approveNewestDraft(runtime, target, 'effekt demo');
        results.push(await collectResult(runtime, target, keys));
      }
      const written = new Set<string>();
      for (const result of results) {
        for (const path of await writeOutputs(out, { ...result, rejected: results.flatMap((r) => r.rejected) }, runtime.emulators.sentMail)) {
          written.add(path);
        }
      }
      const newest = results.at(-1);
      progress(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. Outputs in ${out}/:`);
      for (const path of [...written].sort()) progress(`  ${path}`);
      if (newest?.pdf) progress(`\nOpen the newest report: ${join(out, `${clientId}-${newest.year}.pdf`)}`);
      return results.some((r) => r.rejected.length > 0) ? 1 : 0;
    } finally {
      await runtime.stop();
    }
  },
};
