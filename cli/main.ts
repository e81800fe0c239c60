import { UsageError, type Command } from './command.ts';
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
import { dlqCommand } from './commands/dlq.ts';
import { traceCommand } from './commands/trace.ts';

/** Every sub-command; add new ones here. */
const COMMANDS: Command[] = [
  runCommand,
  demoCommand,
  serveCommand,
  tokenCommand,
  clientsCommand,
  regenerateCommand,
  downloadCommand,
  sendCommand,
  uploadCommand,
  filesCommand,
  dlqCommand,
  traceCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'effekt: leadership-programme impact reports',
    '',
    'Usage: effekt <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'effekt <command> --help' for a command's options.",
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${help()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`effekt: unknown command "${name}"\n\n${help()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`Usage: ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`effekt ${name}: ${error.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    process.stderr.write(`effekt ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}
