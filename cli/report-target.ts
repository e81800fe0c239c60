import { isClientId, isYear } from '../functions/core/model/index.ts';
import { type ApiClient, enc, type ReportsBody } from './api-client.ts';
import { UsageError } from './command.ts';

export interface ReportTarget {
  client: string;
  year: string;
  /** `/v1/clients/<client>/reports/<year>` */
  base: string;
  /** The version asked for with --version, if any. */
  version?: number;
}

/** `<client> <year> [--version N]`, as `effekt send` and `effekt download` take them. */
export function reportTarget(positionals: readonly string[], versionFlag: string | undefined): ReportTarget {
  const [client, year] = positionals;
  if (!client || !isClientId(client)) throw new UsageError('<client> must be a client id');
  if (!year || !isYear(year)) throw new UsageError('<year> must be a four-digit year');
  if (versionFlag !== undefined && !/^[1-9]\d*$/.test(versionFlag)) throw new UsageError('--version must be a positive whole number');
  return { client, year, base: `/v1/clients/${enc(client)}/reports/${year}`, ...(versionFlag ? { version: Number(versionFlag) } : {}) };
}

/** The version asked for, or the newest ready one; `what` ends the message when there is none. */
export async function chosenVersion(api: ApiClient, target: ReportTarget, what: string): Promise<number> {
  if (target.version !== undefined) return target.version;
  const { versions } = await api.json<ReportsBody>('GET', target.base);
  const newest = versions.filter((v) => v.status === 'ready').at(-1)?.version;
  if (newest === undefined) throw new Error(`There is no ready report for ${target.client} ${target.year}${what}.`);
  return newest;
}
