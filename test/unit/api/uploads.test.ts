import { describe, expect, it } from 'vitest';
import { uploadFilenameSchema } from '../../../functions/api/routes/uploads.ts';

describe('upload file names', () => {
  it.each(['reaktioner-2025.csv', 'Lead Forward 360.XLSX', 'sodertalje.client.json', 'hme.enheter.csv', 'å ä ö.csv'])('accepts %s', (name) => {
    expect(uploadFilenameSchema.safeParse(name).success).toBe(true);
  });

  it.each([
    '',
    'a/b.csv',
    'a\\b.csv',
    '../x.csv',
    'x..csv',
    '.csv',
    '.hidden.csv',
    ' x.csv',
    'x.exe',
    'x.csv.exe',
    'x\n.csv',
    `${'a'.repeat(130)}.csv`,
  ])('refuses %j', (name) => {
    expect(uploadFilenameSchema.safeParse(name).success).toBe(false);
  });
});
