/**
 * Progress for long work: a bar redrawn in place on a terminal, plain lines otherwise (logs, CI, pipes),
 * always on stderr so stdout stays parseable.
 */
export interface Progress {
  step(message: string): void;
  done(message?: string): void;
}

export function createProgress(total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  let count = 0;
  const tty = stream.isTTY === true;
  const width = 24;
  return {
    step(message) {
      count += 1;
      if (!tty) {
        stream.write(`${message} (${count}/${total})\n`);
        return;
      }
      const filled = total > 0 ? Math.round((count / total) * width) : width;
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total} ${message}`;
      const columns = stream.columns ?? 80;
      stream.write(`\r\x1b[2K${line.length > columns - 1 ? `${line.slice(0, columns - 2)}…` : line}`);
    },
    done(message) {
      if (tty) stream.write('\r\x1b[2K');
      if (message) stream.write(`${message}\n`);
    },
  };
}
