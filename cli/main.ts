import { readFileSync } from 'node:fs';
import { commandHelp, UsageError, type Command } from './command.ts';
import { demoCommand } from './commands/demo.ts';
import { runCommand } from './commands/run.ts';
import { serveCommand } from './commands/serve.ts';
import { tokenCommand } from './commands/token.ts';
import { clientsCommand } from './commands/clients.ts';
import { regenerateCommand } from './commands/regenerate.ts';
import { downloadCommand } from './commands/download.ts';
import { uploadCommand } from './commands/upload.ts';
import { sendCommand } from './commands/send.ts';
import { filesCommand } from './commands/files.ts';
import { loginCommand, logoutCommand } from './commands/login.ts';
import { dlqCommand } from './commands/dlq.ts';
import { traceCommand } from './commands/trace.ts';
import { hasPoolSize, respawnWithLocalRuntimeFlags } from './local/node-flags.ts';

/** Every sub-command; add new ones here. */
export const COMMANDS: Command[] = [
  runCommand,
  demoCommand,
  serveCommand,
  tokenCommand,
  loginCommand,
  logoutCommand,
  clientsCommand,
  regenerateCommand,
  downloadCommand,
  sendCommand,
  uploadCommand,
  filesCommand,
  dlqCommand,
  traceCommand,
];

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Node's parseArgs errors a person caused: an unknown flag, a flag without its value, a stray argument. */
const USAGE_ERROR_CODES = new Set(['ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL']);
const isUsageError = (error: unknown) => error instanceof UsageError || USAGE_ERROR_CODES.has((error as { code?: string }).code ?? '');

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'effekt: leadership-programme impact reports',
    '',
    'Usage: effekt <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'effekt <command> --help' for a command's options and examples; 'effekt --version' for the version.",
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${help()}\n`);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`effekt ${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`effekt: unknown command "${name}"\n\n${help()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  // V8's thread pool is sized when a process starts: a command that runs the pipeline runs in one started so.
  if (command.runsPipeline && !hasPoolSize()) return respawnWithLocalRuntimeFlags(argv);
  try {
    return await command.run(rest);
  } catch (error) {
    if (isUsageError(error)) {
      // Node's own messages end with a hint about '--' that does not apply here.
      const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '.').replace(/\.$/, '');
      process.stderr.write(`effekt ${name}: ${message}\nUsage: ${command.usage}\nRun 'effekt ${name} --help' for every option.\n`);
      return 2;
    }
    process.stderr.write(`effekt ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}
