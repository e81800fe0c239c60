import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { isClientId, isYear } from '../../functions/core/model/index.ts';
import { ApiClient, connect, enc, type UploadTicketBody } from '../api-client.ts';
import { JSON_FLAG, API_FLAG, UsageError, type Command } from '../command.ts';
import { expandFileArguments } from '../files.ts';
import { createProgress } from '../progress.ts';

export const uploadCommand: Command = {
  name: 'upload',
  usage: 'effekt upload <client> <year> <files or directories...> [--as name.csv] [--json] [--api <url>]',
  summary: 'Upload a data file for a client and year; the pipeline validates it and updates the report.',
  flags: [
    { name: 'as', value: 'name.csv', description: 'Store the (single) file under this name instead of its own.' },
    JSON_FLAG,
    API_FLAG,
  ],
  examples: ['effekt upload sodertalje 2025 reaktioner-2025.csv', 'effekt upload sodertalje 2025 exports/2025/', 'effekt upload sodertalje 2025 export.csv --as reaktioner-juni.csv'],
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { api: { type: 'string' }, as: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const [client, year, ...paths] = positionals;
    if (!client || !isClientId(client)) throw new UsageError('<client> must be a client id');
    if (!year || !isYear(year)) throw new UsageError('<year> must be a four-digit year');
    if (paths.length === 0) throw new UsageError('name the file(s) or directory to upload');
    const files = await expandFileArguments(paths);
    if (files.length === 0) throw new UsageError(`no files in ${paths.join(', ')}`);
    if (values.as !== undefined && files.length !== 1) throw new UsageError('--as names one file; leave it out when uploading several');
    const api = new ApiClient(await connect(values.api));
    const bar = createProgress(files.length);
    const keys: string[] = [];
    for (const file of files) {
      const filename = values.as ?? basename(file);
      const target = await api.json<UploadTicketBody>('POST', `/v1/clients/${enc(client)}/uploads`, { year: Number(year), filename });
      const bytes = await readFile(file);
      const response = await fetch(target.url, { method: 'PUT', body: bytes });
      if (!response.ok) throw new Error(`The upload of ${file} failed (HTTP ${response.status}); ask for a new link by running the command again.`);
      keys.push(target.key);
      bar.step(`uploaded ${file} (${bytes.byteLength} bytes) as ${target.key}`);
    }
    bar.done('Uploaded. The pipeline validates the files now; a rejected file is e-mailed to you, and `effekt files` lists every file with its status.');
    process.stdout.write(values.json ? `${JSON.stringify({ keys }, null, 2)}\n` : `${keys.join('\n')}\n`);
    return 0;
  },
};
