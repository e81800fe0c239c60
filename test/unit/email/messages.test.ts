import { describe, expect, it } from 'vitest';
import { draftEmail } from '../../../functions/core/email/review.ts';
import { MAX_PROBLEMS_IN_EMAIL, rejectionEmail, undeliverableNotice } from '../../../functions/core/email/texts.ts';
import type { Problem } from '../../../functions/core/model/index.ts';
import { localizedProblem, RULE_MESSAGES } from '../../../functions/core/parse/messages/index.ts';
import { RULES } from '../../../functions/core/parse/rules.ts';
import { parseDataFile } from '../../../functions/core/parse/index.ts';
import { instrumentCatalog } from '../../../functions/core/instruments/builtin.ts';

const outOfRange: Problem = {
  file: 'reaktioner.csv',
  line: 4,
  column: 'nöjdhet',
  rule: 'out-of-range',
  value: '15',
  message: 'reaktioner.csv line 4, column nöjdhet: 15 is outside 1–10, the satisfaction scale.',
};

describe('rule messages', () => {
  it('has a sentence and a fix in Swedish and English for every parse rule', () => {
    for (const rule of Object.keys(RULES) as (keyof typeof RULES)[]) {
      for (const locale of ['sv', 'en'] as const) {
        const texts = RULE_MESSAGES[locale][rule];
        expect(texts, `${rule} ${locale}`).toBeDefined();
        expect(texts.sentence({ value: 'x', range: '1–10' }), `${rule} ${locale}`).toMatch(/\.$/);
        expect(texts.fix, `${rule} ${locale}`).toMatch(/\.$/);
      }
      expect(RULE_MESSAGES.sv[rule].sentence({ value: 'x' })).not.toBe(RULE_MESSAGES.en[rule].sentence({ value: 'x' }));
    }
  });

  it('says where and what in the consultant\'s language', () => {
    expect(localizedProblem(outOfRange, 'sv')).toBe('reaktioner.csv rad 4, kolumn nöjdhet: 15 ligger utanför skalan 1–10.');
    expect(localizedProblem(outOfRange, 'en')).toBe('reaktioner.csv line 4, column nöjdhet: 15 lies outside the scale 1–10.');
  });

  it('keeps the parser\'s sentence for a rule it does not know yet', () => {
    expect(localizedProblem({ ...outOfRange, rule: 'some-new-rule' }, 'sv')).toBe(outOfRange.message);
  });

  it('reads a real refused file the same way', async () => {
    const csv = 'deltagare;program;datum;nöjdhet;nytta;rekommendation\nx1;p;2025-05-01;9;9;9\nx2;p;2025-05-01;9;9;9\nx3;p;2025-05-01;15;9;9\n';
    const parsed = await parseDataFile({ fileName: 'reaktioner.csv', bytes: new TextEncoder().encode(csv), instruments: instrumentCatalog([]) });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(localizedProblem(parsed.problems[0]!, 'sv')).toBe('reaktioner.csv rad 4, kolumn nöjdhet: 15 ligger utanför skalan 1–10.');
  });
});

describe('rejection e-mail', () => {
  const many = Array.from({ length: 30 }, (_, i): Problem => ({ ...outOfRange, line: i + 2, value: String(11 + i) }));
  const missing: Problem = { file: 'reaktioner.csv', line: 40, column: 'datum', rule: 'missing-value', message: 'reaktioner.csv line 40, column datum: the date cell is empty.' };

  it('groups the problems by rule, shows at most 20, counts all, and says what to do', () => {
    const { subject, text } = rejectionEmail({ locale: 'sv', clientName: 'Kund AB', clientId: 'kund', year: 2025, fileName: 'reaktioner.csv', problems: [...many, missing], totalProblems: 75 });
    expect(subject).toBe('Filen kunde inte läsas in: reaktioner.csv (Kund AB 2025)');
    expect(text).toContain('75 problem hittades (de första 20 visas nedan, 55 till finns)');
    expect(text.match(/^- /gm)).toHaveLength(MAX_PROBLEMS_IN_EMAIL);
    expect(text).toContain('Regel out-of-range (30 st, 20 visas):');
    expect(text).toContain('- reaktioner.csv rad 2, kolumn nöjdhet: 11 ligger utanför skalan 1–10.');
    expect(text).toContain('Gör så här: Rätta värdet till skalan');
    expect(text).toContain('effekt files kund 2025');
  });

  it('is in English for a consultant who reads English', () => {
    const { subject, text } = rejectionEmail({ locale: 'en', clientName: 'Kund AB', clientId: 'kund', year: 2025, fileName: 'reaktioner.csv', problems: [missing], totalProblems: 1 });
    expect(subject).toBe('File could not be read: reaktioner.csv (Kund AB 2025)');
    expect(text).toContain('1 problem was found:');
    expect(text).toContain('- reaktioner.csv line 40, column datum: the cell is empty.');
    expect(text).toContain('What to do: Fill in the value');
  });
});

describe('undeliverable notice', () => {
  it('names the bounced address and the console page, never an HTTP verb', () => {
    for (const locale of ['sv', 'en'] as const) {
      const { subject, text } = undeliverableNotice({ locale, clientId: 'kund', clientName: 'Kund AB', reason: 'bounce', addresses: ['chef@kund.example'] });
      expect(subject).toContain('chef@kund.example');
      expect(text).toContain('  - chef@kund.example');
      expect(text).toMatch(/Inställningar → Mottagare|Settings → Recipients/);
      expect(text).not.toMatch(/\b(PUT|POST|GET|DELETE) \//);
    }
  });
});

describe('draft e-mail', () => {
  it('says how to approve, and warns when the client has no recipients', () => {
    const metrics = { sources: [{ file: 'a.csv', rows: 3 }], reaction: null, kirkpatrick: [] } as unknown as Parameters<typeof draftEmail>[0]['metrics'];
    const withRecipients = draftEmail({ locale: 'sv', clientId: 'kund', clientName: 'Kund AB', year: 2025, version: 4, metrics, recipients: ['a@kund.example'] });
    expect(withRecipients.subject).toBe('Nytt utkast att granska: effektrapport 2025 – Kund AB (version 4)');
    expect(withRecipients.text).toContain('effekt send kund 2025 --version 4');
    expect(withRecipients.text).toContain('a@kund.example');
    const without = draftEmail({ locale: 'en', clientId: 'kund', clientName: 'Kund AB', year: 2025, version: 4, metrics, recipients: [] });
    expect(without.text).toContain('The client has no recipients');
  });
});
