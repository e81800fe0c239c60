import { clientSettingsSchema, type ClientSettings, type ClientSettingsInput } from './client.ts';

/**
 * Every change to a client's settings, by who makes it. The store applies it with mergeClientSettings
 * under an optimistic condition (SettingsStore.updateSettings), so there is one merge rule for all writers:
 * - `consultant`: settings written by a consultant, as an uploaded `.client.json` or through the API
 *   (and the console through it). `input` is what they wrote, before defaults.
 * - `mark-undeliverable`: addresses SES reported as bouncing or complaining (the feedback stage).
 */
export type SettingsChange =
  | { kind: 'consultant'; input: ClientSettingsInput }
  | { kind: 'mark-undeliverable'; addresses: readonly string[] };

const lower = (address: string) => address.toLowerCase();

/**
 * The settings after `change`, or undefined when nothing changes. `undeliverable` is kept unless the
 * consultant's input names it: a settings file that leaves it out (its default is the empty list) must
 * not re-enable mail to an address that bounced.
 */
export function mergeClientSettings(current: ClientSettings | undefined, change: SettingsChange): ClientSettings | undefined {
  if (change.kind === 'mark-undeliverable') {
    if (!current) return undefined;
    const listed = new Set(current.undeliverable.map(lower));
    const added = [...new Set(change.addresses.map(lower))].filter((a) => !listed.has(a));
    return added.length === 0 ? undefined : { ...current, undeliverable: [...current.undeliverable, ...added] };
  }
  const written = clientSettingsSchema.parse(change.input);
  if (Object.hasOwn(change.input, 'undeliverable')) return written;
  return { ...written, undeliverable: current?.undeliverable ?? [] };
}
