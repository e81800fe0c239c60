import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from './command.ts';

/**
 * File arguments as a consultant gives them: a directory means the files in it (not its sub-folders,
 * not hidden files), in name order. A path that does not exist is a usage error.
 */
export async function expandFileArguments(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) missing.push(path);
    else if (info.isDirectory()) {
      const entries = await readdir(path, { withFileTypes: true });
      files.push(...entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => join(path, e.name)).sort());
    } else files.push(path);
  }
  if (missing.length > 0) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  return files;
}
