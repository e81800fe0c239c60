import { parseArgs } from 'node:util';
import { ApiClient, connect, type SendBody } from '../api-client.ts';
import { API_FLAG, progress, type Command } from '../command.ts';
import { chosenVersion, reportTarget } from '../report-target.ts';

export const sendCommand: Command = {
  name: 'send',
  usage: 'effekt send <client> <year> [--version N] [--api <url>]',
  summary: "Approve a reviewed report version (default: the newest ready one) and e-mail it to the client's recipients, once.",
  flags: [
    { name: 'version', value: 'N', description: 'Which version to approve (default: the newest ready one); an older one is sent as what it is.' },
    API_FLAG,
  ],
  examples: ['effekt send sodertalje 2025', 'effekt send sodertalje 2025 --version 2'],
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { api: { type: 'string' }, version: { type: 'string' } },
    });
    const target = reportTarget(positionals, values.version);
    const { base } = target;
    const api = new ApiClient(await connect(values.api));
    const version = await chosenVersion(api, target, ' to send yet');
    const reply = await api.json<SendBody>('POST', `${base}/${version}/send`);
    if (reply.version.delivery?.status === 'sent') progress(`Version ${version} was already sent (${reply.version.delivery.at}); nothing more is sent.`);
    else if (reply.approved) progress(`Version ${version} approved; it is being e-mailed to the client's recipients.`);
    else progress(`Version ${version} was already approved; its e-mail goes out once.`);
    if (reply.newestVersion !== undefined) progress(`Note: version ${reply.newestVersion} is newer; the e-mail says that this is version ${version}.`);
    process.stdout.write(`${JSON.stringify(reply)}\n`);
    return 0;
  },
};
