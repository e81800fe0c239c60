import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { progress, UsageError, type Command } from '../command.ts';
import { login, removeSession, writeSession, type Prompter } from '../session.ts';

/**
 * Questions on stderr, answers from stdin: typed at a terminal (a secret is not echoed) or piped, one
 * line per answer.
 */
export function terminalPrompter(): Prompter {
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let closed = false;
  let muted = false;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY === true });
  const output = rl as unknown as { _writeToOutput?: (text: string) => void; output: NodeJS.WritableStream };
  output._writeToOutput = (text) => {
    if (!muted || text.includes('\n') || text.includes('\r')) process.stderr.write(muted ? '\n' : text);
  };
  rl.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else lines.push(line);
  });
  rl.on('close', () => {
    closed = true;
    for (const next of waiting.splice(0)) next('');
  });
  return {
    async ask(question, options = {}) {
      process.stderr.write(question);
      muted = options.secret === true && process.stdin.isTTY === true;
      const line = lines.shift() ?? (closed ? '' : await new Promise<string>((resolve) => waiting.push(resolve)));
      muted = false;
      if (!process.stdin.isTTY) process.stderr.write('\n');
      if (waiting.length === 0 && lines.length === 0 && closed) rl.close();
      return line;
    },
  };
}

export const loginCommand: Command = {
  name: 'login',
  usage: 'effekt login --api <url> --username <email> [--user-pool-id <id>] [--client-id <id>]',
  summary: 'Sign in to a deployed Effekt (Cognito: password by SRP, then the code from your authenticator app); later commands use and refresh the sign-in.',
  flags: [
    { name: 'api', value: 'url', description: 'The deployed API (the ApiUrl output of the stack).' },
    { name: 'username', value: 'email', description: 'Your Effekt account (your e-mail address).' },
    { name: 'user-pool-id', value: 'id', description: 'The UserPoolId output of the stack (default: EFFEKT_USER_POOL_ID).' },
    { name: 'client-id', value: 'id', description: 'The UserPoolClientId output of the stack (default: EFFEKT_USER_POOL_CLIENT_ID).' },
  ],
  examples: ['effekt login --api https://abc123.execute-api.eu-north-1.amazonaws.com --username anna@konsult.example --user-pool-id eu-north-1_AbC123 --client-id 1example23456789'],
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { api: { type: 'string' }, username: { type: 'string' }, 'user-pool-id': { type: 'string' }, 'client-id': { type: 'string' } },
    });
    const api = (values.api ?? process.env.EFFEKT_API_URL)?.replace(/\/+$/, '').replace(/\/v1$/, '');
    if (!api || !URL.canParse(api)) throw new UsageError('--api <url> is required: the deployed API (the stack output ApiUrl)');
    const username = values.username;
    if (!username) throw new UsageError('--username <email> is required');
    const userPoolId = values['user-pool-id'] ?? process.env.EFFEKT_USER_POOL_ID;
    const clientId = values['client-id'] ?? process.env.EFFEKT_USER_POOL_CLIENT_ID;
    if (!userPoolId || !/^[a-z]{2}-[a-z]+-\d_[A-Za-z0-9]+$/.test(userPoolId)) throw new UsageError('--user-pool-id (or EFFEKT_USER_POOL_ID) must be the stack output UserPoolId, e.g. eu-north-1_AbC123');
    if (!clientId) throw new UsageError('--client-id (or EFFEKT_USER_POOL_CLIENT_ID) must be the stack output UserPoolClientId');
    const session = await login({ api, userPoolId, clientId, username }, terminalPrompter());
    const file = await writeSession(session);
    progress(`Signed in as ${username}. The sign-in is kept in ${file} (only you can read it) and renewed by itself; effekt logout ends it.`);
    return 0;
  },
};

export const logoutCommand: Command = {
  name: 'logout',
  usage: 'effekt logout',
  summary: 'Forget the sign-in effekt login kept (its refresh token) on this computer.',
  flags: [],
  examples: ['effekt logout'],
  async run(argv) {
    parseArgs({ args: argv, options: {} });
    progress((await removeSession()) ? 'Signed out: the kept sign-in is removed.' : 'You were not signed in.');
    return 0;
  },
};
