import { parseArgs } from 'node:util';
import { ApiClient, connect, type ClientListBody } from '../api-client.ts';
import { API_FLAG, JSON_FLAG, type Command } from '../command.ts';

export const clientsCommand: Command = {
  name: 'clients',
  usage: 'effekt clients [--api <url>] [--json]',
  summary: 'List the clients you may see (API; token in EFFEKT_TOKEN).',
  flags: [API_FLAG, JSON_FLAG],
  examples: ['effekt clients', 'effekt clients --json --api http://127.0.0.1:8787'],
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { api: { type: 'string' }, json: { type: 'boolean', default: false } } });
    const api = new ApiClient(await connect(values.api));
    const { clients } = await api.json<ClientListBody>('GET', '/v1/clients');
    if (values.json) {
      process.stdout.write(`${JSON.stringify(clients, null, 2)}\n`);
      return 0;
    }
    if (clients.length === 0) process.stderr.write('No clients are visible to you.\n');
    const width = Math.max(8, ...clients.map((c) => c.clientId.length));
    for (const c of clients) process.stdout.write(`${c.clientId.padEnd(width)}  ${c.locale}  ${c.displayName}\n`);
    return 0;
  },
};
