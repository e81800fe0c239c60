import { parseArgs } from 'node:util';
import { isClientId, isYear } from '../../functions/core/model/index.ts';
import { ApiClient, connect, enc, type FileListBody } from '../api-client.ts';
import { JSON_FLAG, API_FLAG, UsageError, type Command } from '../command.ts';
import { problemsText, rowsText } from '../counts.ts';

export const filesCommand: Command = {
  name: 'files',
  usage: 'effekt files <client> <year> [--json] [--api <url>]',
  summary: "List a year's files: accepted (rows), rejected (every problem), superseded or processing, with uploader and time.",
  flags: [JSON_FLAG, API_FLAG],
  examples: ['effekt files sodertalje 2025', 'effekt files sodertalje 2025 --json'],
  async run(argv) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { api: { type: 'string' }, json: { type: 'boolean', default: false } } });
    const [client, year] = positionals;
    if (!client || !isClientId(client)) throw new UsageError('<client> must be a client id');
    if (!year || !isYear(year)) throw new UsageError('<year> must be a four-digit year');
    const api = new ApiClient(await connect(values.api));
    const { files } = await api.json<FileListBody>('GET', `/v1/clients/${enc(client)}/years/${year}/files`);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(files, null, 2)}\n`);
      return 0;
    }
    for (const f of files) {
      const who = f.uploadedBy ? ` by ${f.uploadedBy}` : '';
      const when = f.rejectedAt ?? f.uploadedAt ?? '';
      const what = f.status === 'accepted' && f.rows !== undefined ? rowsText(f.rows) : f.status === 'rejected' && f.totalProblems !== undefined ? problemsText(f.totalProblems) : '';
      process.stdout.write(`${f.name}\t${f.status}\t${what}\t${when}${who}\n`);
      for (const p of f.problems ?? []) process.stdout.write(`  ${p.text} [${p.rule}]\n`);
    }
    return 0;
  },
};
