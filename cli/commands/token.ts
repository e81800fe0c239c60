import { parseArgs } from 'node:util';
import { isClientId } from '../../functions/core/model/index.ts';
import { UsageError, type Command } from '../command.ts';
import { DEFAULT_SIGNING_KEY_FILE, loadOrCreateSigningKey, mintToken } from '../local/http-api.ts';

export const tokenCommand: Command = {
  name: 'token',
  usage: 'effekt token --sub <user> --group admin|consultant [--clients a,b] [--email a@b.se] [--ttl 3600]',
  summary: "Print a bearer token signed with the local key that 'effekt serve' trusts (local use only).",
  flags: [
    { name: 'sub', value: 'user', description: 'Who the token is for; recorded as the actor in the audit trail.' },
    { name: 'group', value: 'admin|consultant', description: 'The Cognito group (repeat or comma-separate for both).' },
    { name: 'clients', value: 'a,b', description: 'The client ids a consultant may act on.' },
    { name: 'email', value: 'address', description: 'The e-mail drafts and rejections of this person\'s uploads go to.' },
    { name: 'ttl', value: 'seconds', description: 'Lifetime (default 3600, at most 604800).' },
  ],
  examples: ['export EFFEKT_TOKEN=$(effekt token --sub anna --group consultant --clients sodertalje --email anna@konsult.example)'],
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        sub: { type: 'string' },
        group: { type: 'string', multiple: true },
        clients: { type: 'string', multiple: true },
        ttl: { type: 'string', default: '3600' },
        email: { type: 'string' },
      },
    });
    if (!values.sub) throw new UsageError('--sub <user> is required');
    const groups = (values.group ?? []).flatMap((g) => g.split(',')).filter(Boolean);
    if (groups.length === 0) throw new UsageError('--group admin or --group consultant is required');
    const unknown = groups.filter((g) => g !== 'admin' && g !== 'consultant');
    if (unknown.length > 0) throw new UsageError(`unknown group ${unknown.join(', ')}: use admin or consultant`);
    const clients = (values.clients ?? []).flatMap((c) => c.split(/[\s,]+/)).filter(Boolean);
    const bad = clients.filter((c) => !isClientId(c));
    if (bad.length > 0) throw new UsageError(`not a client id: ${bad.join(', ')}`);
    if (groups.includes('consultant') && !groups.includes('admin') && clients.length === 0) {
      throw new UsageError('a consultant needs --clients (the client ids they may act on)');
    }
    const ttl = Number(values.ttl);
    if (!Number.isInteger(ttl) || ttl <= 0 || ttl > 7 * 24 * 3600) throw new UsageError('--ttl must be seconds, from 1 to 604800');
    if (values.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(values.email)) throw new UsageError('--email must be an e-mail address');
    const key = await loadOrCreateSigningKey(DEFAULT_SIGNING_KEY_FILE);
    process.stdout.write(`${await mintToken(key, { sub: values.sub, groups, clients: clients.length > 0 ? clients : undefined, email: values.email, ttlSeconds: ttl })}\n`);
    return 0;
  },
};
