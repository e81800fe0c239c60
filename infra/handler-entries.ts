import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const STAGES = ['ingest', 'compute', 'render', 'deliver', 'api', 'feedback'] as const;
export type Stage = (typeof STAGES)[number];

/** Repository root: holds package.json, package-lock.json and functions/. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface HandlerEntry {
  stage: Stage;
  entry: string;
}

/** `functions/<stage>/handler.ts`, which must export `handler`. */
export function handlerEntry(stage: Stage): HandlerEntry {
  const entry = join(PROJECT_ROOT, 'functions', stage, 'handler.ts');
  if (existsSync(entry)) return { stage, entry };
  throw new Error(`Handler entry for stage "${stage}" not found: ${entry} must exist and export \`handler\`.`);
}
