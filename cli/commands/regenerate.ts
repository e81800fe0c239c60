import { parseArgs } from 'node:util';
import { isClientId, isYear } from '../../functions/core/model/index.ts';
import { ApiClient, connect, enc, type JobBody, type ReportsBody } from '../api-client.ts';
import { API_FLAG, progress, UsageError, type Command } from '../command.ts';

const finished = (job: JobBody) => job.status === 'done' || job.status === 'failed';

export const regenerateCommand: Command = {
  name: 'regenerate',
  usage: 'effekt regenerate <client> <year> [--no-deliver] [--wait [--timeout-seconds 600]] [--api <url>]',
  summary: 'Ask for a new report version (and e-mail it unless --no-deliver); --wait follows the job to the end.',
  flags: [
    { name: 'no-deliver', description: 'Make the version without any e-mail (no draft, nothing to the client).' },
    { name: 'wait', description: 'Follow the job until it is done or failed.' },
    { name: 'timeout-seconds', value: 'n', description: 'How long --wait waits (default 600).' },
    API_FLAG,
  ],
  examples: ['effekt regenerate sodertalje 2025 --wait', 'effekt regenerate sodertalje 2025 --no-deliver'],
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        api: { type: 'string' },
        'no-deliver': { type: 'boolean', default: false },
        wait: { type: 'boolean', default: false },
        'timeout-seconds': { type: 'string', default: '600' },
      },
    });
    const [client, year] = positionals;
    if (!client || !isClientId(client)) throw new UsageError('<client> must be a client id');
    if (!year || !isYear(year)) throw new UsageError('<year> must be a four-digit year');
    const api = new ApiClient(await connect(values.api));
    const path = `/v1/clients/${enc(client)}/reports/${year}`;
    const { job } = await api.json<{ job: JobBody }>('POST', path, { deliver: !values['no-deliver'] });
    progress(`Job ${job.id}: ${job.status}${job.deliver ? '' : ' (no e-mail)'}`);
    if (!values.wait) {
      process.stdout.write(`${job.id}\n`);
      return 0;
    }
    const deadline = Date.now() + Number(values['timeout-seconds']) * 1000;
    let current: JobBody = job;
    let last = job.status;
    while (!finished(current)) {
      if (Date.now() > deadline) throw new Error(`job ${job.id} is still ${current.status}; stopped waiting`);
      await new Promise((r) => setTimeout(r, 1000));
      const state = await api.json<ReportsBody>('GET', path);
      // Another job replaced ours only once ours finished; either way the latest state tells the outcome.
      if (state.job) current = state.job;
      if (current.status !== last) progress(`Job ${current.id}: ${current.status}`);
      last = current.status;
    }
    if (current.status === 'failed') {
      process.stderr.write(`The report could not be made: ${current.error ?? 'no reason given'}\n`);
      return 1;
    }
    progress(current.version ? `Version ${current.version} is ready: effekt download ${client} ${year} --version ${current.version}` : 'Done.');
    process.stdout.write(`${JSON.stringify(current)}\n`);
    return 0;
  },
};
