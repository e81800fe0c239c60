import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildConsole } from '../../../console/build.ts';
import { parseConfig } from '../../../console/src/config.ts';
import { en } from '../../../console/src/messages/en.ts';
import { sv } from '../../../console/src/messages/sv.ts';
import { checkEmail, checkGroupSize, checkName, EMAIL_PATTERN, GROUP_SIZE, MAX_RECIPIENTS, NAME_MAX } from '../../../console/src/validate.ts';

interface JsonSchema {
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
}

const openapi = JSON.parse(await readFile(new URL('../../../docs/openapi.json', import.meta.url), 'utf8')) as {
  components: { schemas: Record<string, JsonSchema> };
};
const input = openapi.components.schemas.ClientSettingsInput!.properties!;

describe("the console's settings checks are the API's", () => {
  it('uses the documented e-mail pattern, name length, group sizes and recipient limit', () => {
    expect(EMAIL_PATTERN.source).toBe(input.recipients!.items!.pattern);
    expect(EMAIL_PATTERN.source).toBe(input.consultantContact!.pattern);
    expect(NAME_MAX).toBe(input.displayName!.maxLength);
    expect(NAME_MAX).toBe(input.consultantName!.maxLength);
    expect(MAX_RECIPIENTS).toBe(input.recipients!.maxItems);
    for (const field of ['minGroupSize', 'minRaterGroupSize', 'minCommentGroupSize']) {
      expect([GROUP_SIZE.min, GROUP_SIZE.max], field).toEqual([input[field]!.minimum, input[field]!.maximum]);
    }
  });

  it('refuses what the API refuses, with the sentence the form shows', () => {
    expect(checkEmail('ledning(at)kund', sv, false)).toBe(sv.invalidEmail);
    expect(checkEmail('ledning@kund', sv, false)).toBe(sv.invalidEmail);
    expect(checkEmail('ledning@kund.se', sv, true)).toBeUndefined();
    expect(checkEmail('', sv, true)).toBe(sv.required);
    expect(checkEmail('  ', sv, false)).toBeUndefined();
    expect(checkGroupSize('2', sv, true)).toBe(sv.numberRange(3, 100));
    expect(checkGroupSize('4.5', sv, true)).toBe(sv.numberRange(3, 100));
    expect(checkGroupSize('101', sv, true)).toBe(sv.numberRange(3, 100));
    expect(checkGroupSize('5', sv, true)).toBeUndefined();
    expect(checkName('x'.repeat(201), sv, true)).toBe(sv.tooLong(200));
    expect(checkName(' ', sv, true)).toBe(sv.required);
  });
});

describe('config.json', () => {
  it('reads local and Cognito configurations and refuses an incomplete one', () => {
    expect(parseConfig({ apiBaseUrl: '', auth: { mode: 'local' } })).toEqual({ apiBaseUrl: '', auth: { mode: 'local' } });
    const cognito = parseConfig({
      apiBaseUrl: 'https://api.example/',
      auth: { mode: 'cognito', domain: 'https://x.auth.eu-north-1.amazoncognito.com/', clientId: 'abc', redirectUri: 'https://c.example/', logoutUri: 'https://c.example/' },
    });
    expect(cognito.apiBaseUrl).toBe('https://api.example');
    expect(cognito.auth).toMatchObject({ mode: 'cognito', domain: 'https://x.auth.eu-north-1.amazoncognito.com', clientId: 'abc' });
    expect(() => parseConfig({ apiBaseUrl: '', auth: { mode: 'cognito', domain: 'https://x' } })).toThrow(/redirectUri/);
    expect(() => parseConfig({ auth: { mode: 'local' } })).toThrow(/apiBaseUrl/);
  });
});

describe('the console build', () => {
  it('stays under 150 KB of gzipped JavaScript on first load, with pdf.js in a chunk of its own', async () => {
    const assets = await buildConsole();
    expect([...assets.keys()]).toEqual(expect.arrayContaining(['/index.html', '/assets/main.js', '/assets/main.css', '/assets/pdf.worker.min.mjs']));
    const text = (path: string) => new TextDecoder().decode(assets.get(path)!.body);
    // What the first page loads: main.js and the chunks it imports statically (not the dynamic import()s).
    const firstLoad = new Set<string>();
    const visit = (path: string) => {
      if (firstLoad.has(path)) return;
      firstLoad.add(path);
      for (const [, chunk] of text(path).matchAll(/(?:^|[;\s}])import\s*(?:[\w${},\s*]+from\s*)?["']\.\/(chunk-[\w-]+\.js)["']/g)) visit(`/assets/${chunk}`);
    };
    visit('/assets/main.js');
    const gzipped = [...firstLoad].reduce((sum, path) => sum + gzipSync(assets.get(path)!.body).byteLength, 0);
    expect(gzipped).toBeLessThan(150 * 1024);
    expect([...firstLoad].some((path) => text(path).includes('GlobalWorkerOptions'))).toBe(false);
    expect([...assets.keys()].some((path) => !firstLoad.has(path) && path.endsWith('.js') && text(path).includes('getDocument'))).toBe(true);
    expect(text('/index.html')).not.toMatch(/<script>|style=/);
  });
});

describe('row counts in the console', () => {
  it('say one row in the singular, in both languages', () => {
    expect(sv.statusAccepted(1)).toBe('Godkänd, 1 rad');
    expect(sv.statusAccepted(72)).toBe('Godkänd, 72 rader');
    expect(sv.deleted('sen.csv', 1)).toBe('sen.csv togs bort (1 rad raderad).');
    expect(en.statusAccepted(1)).toBe('Accepted, 1 row');
    expect(en.deleteConfirmBody('sen.csv', 1)).toContain('its 1 row is erased');
  });

  it('group the digits of a large count as each language writes them (a file may hold a million rows)', () => {
    expect(sv.statusAccepted(975_677)).toBe('Godkänd, 975\u00a0677 rader');
    expect(sv.inputWithRows('stor.csv', 975_677)).toBe('stor.csv (975\u00a0677)');
    expect(en.statusAccepted(975_677)).toBe('Accepted, 975,677 rows');
    expect(en.inputWithRows('big.csv', 1_000_000)).toBe('big.csv (1,000,000)');
  });
});
