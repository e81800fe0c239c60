import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { isClientId, isYear } from '../../functions/core/model/index.ts';
import { ApiClient, connectionFrom, enc, type UploadTicketBody } from '../api-client.ts';
import { progress, UsageError, type Command } from '../command.ts';

export const uploadCommand: Command = {
  name: 'upload',
  usage: 'effekt upload <client> <year> <file> [--as name.csv] [--api <url>]',
  summary: 'Upload a data file for a client and year; the pipeline validates it and updates the report.',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { api: { type: 'string' }, as: { type: 'string' } },
    });
    const [client, year, file] = positionals;
    if (!client || !isClientId(client)) throw new UsageError('<client> must be a client id');
    if (!year || !isYear(year)) throw new UsageError('<year> must be a four-digit year');
    if (!file) throw new UsageError('name the <file> to upload');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new UsageError(`no such file: ${file}`);
    const api = new ApiClient(connectionFrom(values.api));
    const filename = values.as ?? basename(file);
    const target = await api.json<UploadTicketBody>('POST', `/v1/clients/${enc(client)}/uploads`, {
      year: Number(year),
      filename,
    });
    progress(`Uploading ${file} (${info.size} bytes) as ${target.key}…`);
    const response = await fetch(target.url, { method: 'PUT', body: await readFile(file) });
    if (!response.ok) throw new Error(`The upload failed (HTTP ${response.status}); ask for a new link by running the command again.`);
    progress('Uploaded. The pipeline validates the file now; rejections are e-mailed to the consultant and listed in the audit trail.');
    process.stdout.write(`${target.key}\n`);
    return 0;
  },
};
