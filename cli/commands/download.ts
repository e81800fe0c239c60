import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ApiClient, connect } from '../api-client.ts';
import { API_FLAG, progress, type Command } from '../command.ts';
import { chosenVersion, reportTarget } from '../report-target.ts';

export const downloadCommand: Command = {
  name: 'download',
  usage: 'effekt download <client> <year> [--version N] [--out file.pdf] [--api <url>]',
  summary: 'Download a report version (default: the newest ready one) as a PDF.',
  flags: [
    { name: 'version', value: 'N', description: 'Which version (default: the newest ready one).' },
    { name: 'out', value: 'file.pdf', description: 'Where to write it (default: <client>-<year>-v<N>.pdf).' },
    API_FLAG,
  ],
  examples: ['effekt download sodertalje 2025', 'effekt download sodertalje 2025 --version 3 --out rapport.pdf'],
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { api: { type: 'string' }, version: { type: 'string' }, out: { type: 'string' } },
    });
    const target = reportTarget(positionals, values.version);
    const { client, year, base } = target;
    const api = new ApiClient(await connect(values.api));
    const version = await chosenVersion(api, target, ' yet');
    const location = await api.redirect(`${base}/${version}`);
    // The signed URL carries its own authorization; the bearer token is not sent there.
    const response = await fetch(location);
    if (!response.ok) throw new Error(`The download link failed (HTTP ${response.status}); it may have expired, try again.`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const out = values.out ?? `${client}-${year}-v${version}.pdf`;
    await writeFile(out, bytes);
    progress(`Wrote ${out} (version ${version}, ${bytes.byteLength} bytes)`);
    process.stdout.write(`${out}\n`);
    return 0;
  },
};
