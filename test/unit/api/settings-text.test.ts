/** Names in the client settings reach e-mail headers and bodies: they must be one line of text. */
import { describe, expect, it } from 'vitest';
import { clientSettingsSchema } from '../../../functions/core/model/index.ts';

describe('client settings text', () => {
  it.each([
    ['displayName', { displayName: 'Kund AB\r\nBcc: alla@example.se' }],
    ['consultantName', { displayName: 'Kund', consultantName: 'Anna\nFrom: chefen@example.se' }],
    ['programNames', { displayName: 'Kund', programNames: { p: 'Program\u2028två' } }],
  ])('refuses a line break in %s', (_, fields) => {
    const parsed = clientSettingsSchema.safeParse({ clientId: 'kund', ...fields });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain('one line of text');
  });

  it('accepts ordinary names with Swedish letters, dashes and commas', () => {
    expect(clientSettingsSchema.safeParse({ clientId: 'kund', displayName: 'Södertälje kommun, socialkontoret – stab', consultantName: 'Åsa Öberg' }).success).toBe(true);
  });
});
