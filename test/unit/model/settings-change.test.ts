import { describe, expect, it } from 'vitest';
import { clientSettingsSchema, mergeClientSettings } from '../../../functions/core/model/index.ts';

const stored = clientSettingsSchema.parse({
  clientId: 'kund',
  displayName: 'Kund',
  recipients: ['chef@kund.example', 'hr@kund.example'],
  undeliverable: ['chef@kund.example'],
});

describe('the one merge rule for client settings', () => {
  it('a consultant write that leaves out undeliverable keeps the recorded addresses', () => {
    const after = mergeClientSettings(stored, { kind: 'consultant', input: { clientId: 'kund', displayName: 'Ny', recipients: ['chef@kund.example'] } });
    expect(after).toMatchObject({ displayName: 'Ny', recipients: ['chef@kund.example'], undeliverable: ['chef@kund.example'] });
  });

  it('a consultant write that names undeliverable replaces it (also with the empty list)', () => {
    expect(mergeClientSettings(stored, { kind: 'consultant', input: { clientId: 'kund', displayName: 'Kund', undeliverable: [] } })?.undeliverable).toEqual([]);
  });

  it('a consultant write for a new client fills in the defaults', () => {
    expect(mergeClientSettings(undefined, { kind: 'consultant', input: { clientId: 'ny', displayName: 'Ny' } })).toMatchObject({ locale: 'sv', delivery: 'review', undeliverable: [] });
  });

  it('a bounce adds the addresses not yet listed, in any case, and changes nothing when all are', () => {
    expect(mergeClientSettings(stored, { kind: 'mark-undeliverable', addresses: ['HR@kund.example', 'Chef@kund.example'] })?.undeliverable).toEqual([
      'chef@kund.example',
      'hr@kund.example',
    ]);
    expect(mergeClientSettings(stored, { kind: 'mark-undeliverable', addresses: ['CHEF@kund.example'] })).toBeUndefined();
  });

  it('a bounce for a client without settings changes nothing', () => {
    expect(mergeClientSettings(undefined, { kind: 'mark-undeliverable', addresses: ['x@y.example'] })).toBeUndefined();
  });
});
