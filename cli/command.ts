/** One `effekt` sub-command. Exit codes: 0 success, 1 the work found a problem, 2 usage error. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Every flag the command takes, as `--help` describes it (the usage line names each one too). */
  flags: Flag[];
  /** Whole command lines a consultant can copy. */
  examples: string[];
  /** It runs the pipeline in this process (a local runtime), which starts with localRuntimeFlags. */
  runsPipeline?: boolean;
  run(argv: string[]): Promise<number>;
}

export interface Flag {
  /** Without the dashes, e.g. "version". */
  name: string;
  /** What follows the flag, e.g. "N"; absent for a switch. */
  value?: string;
  description: string;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Progress goes to stderr so stdout stays parseable. */
export const progress = (message: string) => process.stderr.write(`${message}\n`);

/** The `--help` text: usage, what it does, every flag, examples. */
export function commandHelp(command: Command): string {
  const label = (f: Flag) => `--${f.name}${f.value ? ` <${f.value}>` : ''}`;
  const width = Math.max(0, ...command.flags.map((f) => label(f).length));
  return [
    `Usage: ${command.usage}`,
    '',
    command.summary,
    ...(command.flags.length > 0 ? ['', 'Options:', ...command.flags.map((f) => `  ${label(f).padEnd(width)}  ${f.description}`)] : []),
    '',
    'Examples:',
    ...command.examples.map((e) => `  ${e}`),
  ].join('\n');
}

/** The common `--api` flag of the consultant commands. */
export const API_FLAG: Flag = { name: 'api', value: 'url', description: 'The Effekt API (default: EFFEKT_API_URL), e.g. the URL `effekt serve` prints; the token comes from EFFEKT_TOKEN.' };
export const JSON_FLAG: Flag = { name: 'json', description: 'Print the result as JSON on stdout (progress stays on stderr).' };
