import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
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
  const tooLong = files.map((f) => basename(f)).filter((name) => Buffer.byteLength(name, 'utf8') > MAX_FILE_NAME_BYTES);
  if (tooLong.length > 0) {
    throw new UsageError(
      `${tooLong.map((n) => `${n.slice(0, 40)}…`).join(', ')}: a file name may be at most ${MAX_FILE_NAME_BYTES} bytes (about as many letters; å, ä and ö count twice); rename the file`,
    );
  }
  return files;
}

/** Object keys become file names in storage and e-mails: long names break file systems on the way (255 bytes). */
export const MAX_FILE_NAME_BYTES = 200;
