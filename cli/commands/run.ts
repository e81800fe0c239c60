import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isClientId, isYear } from '../../functions/core/model/index.ts';
import { JSON_FLAG, progress, UsageError, type Command } from '../command.ts';
import { expandFileArguments } from '../files.ts';
import { createProgress } from '../progress.ts';
import { approveNewestDraft, collectResult, uploadAndSettle, writeOutputs } from '../local/pipeline-run.ts';
import { startLocalRuntime } from '../local/runtime.ts';
import { rowsText } from '../counts.ts';

/** One line per finished stage invocation, so a consultant sees the pipeline move. */
export function reportStage(stage: string, succeeded: number, failed: number): void {
  if (succeeded > 0) progress(`  ✓ ${stage} finished a message`);
  if (failed > 0) progress(`  ✗ ${stage} failed a message; it is retried, and kept in the ${stage} dead-letter queue if it keeps failing`);
}

export const runCommand: Command = {
  name: 'run',
  usage: 'effekt run --client <id> --year <yyyy> --out <dir> [--review] [--json] [--verbose] <files or directories...>',
  summary: 'Run the whole pipeline locally on embedded AWS emulators and write the report, metrics and emails to <dir>.',
  flags: [
    { name: 'client', value: 'id', description: 'The client the files belong to (lowercase letters, digits, hyphens).' },
    { name: 'year', value: 'yyyy', description: 'The year the files belong to.' },
    { name: 'out', value: 'dir', description: 'Where the report, metrics.json, rejected.json and outbox/*.eml go.' },
    { name: 'review', description: 'Stop at the draft: the consultant gets it, the client gets nothing (default: your own run approves it at once).' },
    JSON_FLAG,
    { name: 'verbose', description: 'Show the handlers\' logs.' },
  ],
  examples: [
    'effekt run --client sodertalje --year 2025 --out out/ examples/sodertalje/sodertalje.client.json examples/sodertalje/2025',
    'effekt run --review --json --client sodertalje --year 2025 --out out/ data/',
  ],
  runsPipeline: true,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        client: { type: 'string' },
        year: { type: 'string' },
        out: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        review: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
    const { client, year, out } = values;
    if (!client || !isClientId(client)) throw new UsageError('--client must be a client id (lowercase letters, digits, hyphens)');
    if (!year || !isYear(year)) throw new UsageError('--year must be a four-digit year');
    if (!out) throw new UsageError('--out <dir> is required');
    if (positionals.length === 0) throw new UsageError('name at least one data file or directory');
    const files = await expandFileArguments(positionals);
    if (files.length === 0) throw new UsageError(`no files in ${positionals.join(', ')}`);

    const target = { clientId: client, year: Number(year) };
    progress('Starting local AWS emulators (DynamoDB, S3, SES v2, SQS) on loopback…');
    const runtime = await startLocalRuntime({ logLevel: values.verbose ? 'INFO' : 'ERROR', onStageSettled: reportStage });
    try {
      progress(`Uploading ${files.length} file(s) to ${runtime.names.uploadsBucket}/${client}/${year}/ and waiting for ingest → compute → render → deliver…`);
      const bar = createProgress(files.length);
      const keys = await uploadAndSettle(runtime, target, files, (message) => bar.step(message.trim()));
      bar.done(`  uploaded ${files.length} file(s); the pipeline has settled`);
      // Your own run: the draft is approved at once, unless --review asks to stop at the draft.
      if (!values.review) {
        const approved = await approveNewestDraft(runtime, target, 'effekt run');
        if (approved !== undefined) progress(`  approved version ${approved} and sent it to the client's recipients`);
      } else progress('  --review: the report stays a draft; nothing was sent to the client');
      const result = await collectResult(runtime, target, keys);
      // --out holds only this run's outputs: an earlier run's PDF beside new metrics would mislead.
      await rm(`${out}/outbox`, { recursive: true, force: true });
      for (const stale of [`${client}-${year}.pdf`, `${client}-${year}.metrics.json`, 'rejected.json']) await rm(`${out}/${stale}`, { force: true });
      const written = await writeOutputs(out, result, runtime.emulators.sentMail);
      for (const file of result.accepted) progress(`  accepted ${file.file} (${rowsText(file.rows)})`);
      for (const line of result.rejected) progress(`  REJECTED ${line.message}`);
      if (result.renderFailure) progress(`  NO REPORT: ${result.renderFailure}`);
      else if (!result.pdf) progress('  no report was made (no accepted data for this client and year)');
      if (runtime.emulators.sentMail.length === 0) progress('  no email was sent (no recipients: add <client>.client.json with "recipients")');
      progress('Wrote:');
      for (const path of written) progress(`  ${path}`);
      if (values.json) {
        const summary = { client, year: Number(year), accepted: result.accepted, rejected: result.rejected, version: result.pdf?.version ?? null, written };
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      }
      // 0 only when every file was accepted and a report was made; a run without a report says why above.
      return result.rejected.length > 0 || !result.pdf || result.renderFailure ? 1 : 0;
    } finally {
      await runtime.stop();
    }
  },
};
