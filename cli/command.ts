/** One `effekt` sub-command. Exit codes: 0 success, 1 the work found a problem, 2 usage error. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Progress goes to stderr so stdout stays parseable. */
export const progress = (message: string) => process.stderr.write(`${message}\n`);
