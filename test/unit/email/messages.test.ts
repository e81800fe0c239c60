import { describe, expect, it } from 'vitest';
import { draftEmail } from '../../../functions/core/email/review.ts';
import { MAX_PROBLEMS_IN_EMAIL, rejectionEmail, undeliverableNotice } from '../../../functions/core/email/notices.ts';
import type { Problem } from '../../../functions/core/model/index.ts';
import { EMAIL_MESSAGES } from '../../../functions/core/email/messages/index.ts';
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
    const facts = { value: '15', range: '1–10' };
    expect(localizedProblem(outOfRange, 'sv')).toBe(`reaktioner.csv rad 4, kolumn nöjdhet: ${RULE_MESSAGES.sv['out-of-range'].sentence(facts)}`);
    expect(localizedProblem(outOfRange, 'en')).toBe(`reaktioner.csv line 4, column nöjdhet: ${RULE_MESSAGES.en['out-of-range'].sentence(facts)}`);
  });

  it('keeps the parser\'s sentence for a rule it does not know yet', () => {
    expect(localizedProblem({ ...outOfRange, rule: 'some-new-rule' }, 'sv')).toBe(outOfRange.message);
  });

  it('reads a real refused file the same way', async () => {
    const csv = 'deltagare;program;datum;nöjdhet;nytta;rekommendation\nx1;p;2025-05-01;9;9;9\nx2;p;2025-05-01;9;9;9\nx3;p;2025-05-01;15;9;9\n';
    const parsed = await parseDataFile({ fileName: 'reaktioner.csv', bytes: new TextEncoder().encode(csv), instruments: instrumentCatalog([]) });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(localizedProblem(parsed.problems[0]!, 'sv')).toBe(`reaktioner.csv rad 4, kolumn nöjdhet: ${RULE_MESSAGES.sv['out-of-range'].sentence({ value: '15', range: '1–10' })}`);
  });
});

describe('rejection e-mail', () => {
  const many = Array.from({ length: 30 }, (_, i): Problem => ({ ...outOfRange, line: i + 2, value: String(11 + i) }));
  const missing: Problem = { file: 'reaktioner.csv', line: 40, column: 'datum', rule: 'missing-value', message: 'reaktioner.csv line 40, column datum: the date cell is empty.' };

  it('groups the problems by rule, shows at most 20, counts all, and says what to do', () => {
    const { subject, text } = rejectionEmail({ locale: 'sv', clientName: 'Kund AB', clientId: 'kund', year: 2025, fileName: 'reaktioner.csv', problems: [...many, missing], totalProblems: 75 });
    const sv = EMAIL_MESSAGES.sv.rejection;
    expect(subject).toBe(sv.subject('reaktioner.csv', 'Kund AB', 2025));
    expect(text).toContain(sv.found(75, 20, 55));
    expect(text.match(/^- /gm)).toHaveLength(MAX_PROBLEMS_IN_EMAIL);
    expect(text).toContain(sv.rule('out-of-range', 30, 20));
    expect(text).toContain(`- reaktioner.csv rad 2, kolumn nöjdhet: ${RULE_MESSAGES.sv['out-of-range'].sentence({ value: '11', range: '1–10' })}`);
    expect(text).toContain(sv.whatToDo(RULE_MESSAGES.sv['out-of-range'].fix));
    // Only the rules shown get their fix; the missing value is beyond the first 20.
    expect(text).not.toContain(sv.whatToDo(RULE_MESSAGES.sv['missing-value'].fix));
    expect(text).toContain('effekt files kund 2025');
  });

  it('is in English for a consultant who reads English', () => {
    const { subject, text } = rejectionEmail({ locale: 'en', clientName: 'Kund AB', clientId: 'kund', year: 2025, fileName: 'reaktioner.csv', problems: [missing], totalProblems: 1 });
    const en = EMAIL_MESSAGES.en.rejection;
    expect(subject).toBe(en.subject('reaktioner.csv', 'Kund AB', 2025));
    expect(text).toContain(en.found(1, 1, 0));
    expect(en.found(1, 1, 0)).not.toBe(en.found(2, 2, 0));
    expect(text).toContain(`- reaktioner.csv line 40, column datum: ${RULE_MESSAGES.en['missing-value'].sentence({})}`);
    expect(text).toContain(en.whatToDo(RULE_MESSAGES.en['missing-value'].fix));
    expect(text).not.toMatch(/[åäö]/);
  });
});

describe('undeliverable notice', () => {
  it('names the bounced address and the console page, never an HTTP verb', () => {
    for (const locale of ['sv', 'en'] as const) {
      const { subject, text } = undeliverableNotice({ locale, clientId: 'kund', clientName: 'Kund AB', reason: 'bounce', addresses: ['chef@kund.example'] });
      expect(subject).toContain('chef@kund.example');
      expect(text).toContain('  - chef@kund.example');
      for (const step of EMAIL_MESSAGES[locale].undeliverable.steps('Kund AB')) expect(text).toContain(step);
      expect(text).not.toMatch(/\b(PUT|POST|GET|DELETE) \//);
    }
  });
});

describe('draft e-mail', () => {
  it('says how to approve, and warns when the client has no recipients', () => {
    const metrics = { sources: [{ file: 'a.csv', rows: 3 }], reaction: null, kirkpatrick: [] } as unknown as Parameters<typeof draftEmail>[0]['metrics'];
    const withRecipients = draftEmail({ locale: 'sv', clientId: 'kund', clientName: 'Kund AB', year: 2025, version: 4, metrics, recipients: ['a@kund.example'] });
    expect(withRecipients.subject).toBe(EMAIL_MESSAGES.sv.draft.subject('Kund AB', 2025, 4));
    expect(withRecipients.text).toContain('effekt send kund 2025 --version 4');
    expect(withRecipients.text).toContain('a@kund.example');
    const without = draftEmail({ locale: 'en', clientId: 'kund', clientName: 'Kund AB', year: 2025, version: 4, metrics, recipients: [] });
    expect(without.text).toContain(EMAIL_MESSAGES.en.draft.noRecipients(4));
  });
  it('counts one file and one row in the singular', () => {
    const one = { sources: [{ file: 'sen.csv', rows: 1 }], reaction: null, kirkpatrick: [] } as unknown as Parameters<typeof draftEmail>[0]['metrics'];
    const sv = draftEmail({ locale: 'sv', clientId: 'kund', clientName: 'Kund AB', year: 2025, version: 2, metrics: one, recipients: [] }).text;
    expect(sv).toContain('Underlag (1 fil):');
    expect(sv).toContain('- sen.csv (1 rad)');
    const en = draftEmail({ locale: 'en', clientId: 'kund', clientName: 'Kund AB', year: 2025, version: 2, metrics: one, recipients: [] }).text;
    expect(en).toContain('Based on (1 file):');
    expect(en).toContain('- sen.csv (1 row)');
  });
});
