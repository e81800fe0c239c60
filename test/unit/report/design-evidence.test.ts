/**
 * The research findings the design section prints (report-templates/design-evidence.json) against the article:
 * every encoded finding rests on a quote of Lacerenza et al. (2017) kept in test/fixtures/design, on the page the
 * data names, and every figure in the data appears in its quote as the article writes it.
 */
import quotesFile from '../../fixtures/design/lacerenza-2017-quotes.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { CRITERIA, DESIGN_EVIDENCE, DESIGN_FEATURES, hasFeature, supportedCount, supportedFeatures } from '../../../functions/core/report/design-evidence.ts';
import type { ProgramDesign } from '../../../functions/core/model/index.ts';

const quotes = new Map(quotesFile.quotes.map((q) => [q.id, q]));

/** ".82" as the article prints a δ below 1 (APA style, no leading zero). */
const asPrinted = (value: number) => value.toFixed(2).replace(/^0\./, '.');

function quoteFor(id: string, page: number) {
  const quote = quotes.get(id);
  expect(quote, `quote ${id}`).toBeDefined();
  expect(quote?.page).toBe(page);
  return quote?.text ?? '';
}

describe('design evidence against the article', () => {
  it('rests every moderator finding on a quote on its page, holding the words it rests on and every figure it gives', () => {
    expect(DESIGN_EVIDENCE.moderators.length).toBeGreaterThan(0);
    for (const finding of DESIGN_EVIDENCE.moderators) {
      const text = quoteFor(finding.quote, finding.page);
      for (const term of finding.quoteTerms) expect(text, finding.id).toContain(term);
      for (const figure of finding.figures) {
        expect(text, finding.id).toContain(asPrinted(figure.delta));
        if (figure.k !== undefined) expect(text).toContain(String(figure.k));
        if (figure.n !== undefined) expect(text).toContain(figure.n.toLocaleString('en-US'));
      }
      // A finding with a direction says so in the quote: "support" for supports, "influence" for influences.
      if (finding.finding === 'supports') expect(text).toMatch(/support/);
      if (finding.finding === 'influences') expect(text).toMatch(/influence/);
      if (finding.finding === 'no-difference') expect(text).toMatch(/no (significant )?difference|did not differ|nonsignificant/i);
    }
  });

  it('takes the overall effects per criterion and the number of samples from their quote', () => {
    expect(DESIGN_EVIDENCE.overall.map((o) => o.criterion).sort()).toEqual([...CRITERIA].sort());
    for (const overall of DESIGN_EVIDENCE.overall) {
      const text = quoteFor(overall.quote, overall.page);
      expect(text).toContain(`${overall.criterion} (δ = ${asPrinted(overall.delta)})`);
    }
    expect(quoteFor(DESIGN_EVIDENCE.source.samplesQuote, DESIGN_EVIDENCE.source.samplesPage)).toContain(`${DESIGN_EVIDENCE.source.samples} independent samples`);
  });

  it('encodes the seven features the abstract supports, and says nothing of the features the article is not quoted on', () => {
    expect(supportedFeatures()).toEqual(['needs-analysis', 'feedback', 'multiple-delivery-methods', 'practice', 'spaced-sessions', 'on-site', 'face-to-face']);
    for (const feature of DESIGN_FEATURES) {
      const findings = DESIGN_EVIDENCE.moderators.filter((m) => m.feature === feature).length;
      const without = DESIGN_EVIDENCE.notInSource.features.includes(feature) ? 1 : 0;
      expect(findings + without, feature).toBe(1);
    }
  });

  it('says for every level what measuring it would take', () => {
    for (const level of ['reaction', 'learning', 'behaviour', 'results'] as const) {
      expect(DESIGN_EVIDENCE.measuring[level]?.sv).toBeTruthy();
      expect(DESIGN_EVIDENCE.measuring[level]?.en).toBeTruthy();
    }
    expect(DESIGN_EVIDENCE.measuring.results?.sv).toContain('enhetsnivå före och efter');
  });
});

describe('design features of a programme', () => {
  const design: ProgramDesign = {
    displayName: { sv: 'Prov', en: 'Test' },
    startDate: '2025-01-01',
    endDate: '2025-03-01',
    sessions: 3,
    weeksSpanned: 8,
    needsAnalysis: true,
    deliveryMethods: ['information'],
    feedback: { given: false, sources: [] },
    location: 'on-site',
    delivery: { mode: 'virtual', selfAdministered: true },
    attendance: 'mandatory',
    durationHours: 12,
    managerSupport: false,
    peerSupport: true,
    psychologicalSafetyFocus: false,
  };

  it('counts the supported features the programme has', () => {
    expect(supportedCount(design)).toEqual({ has: 3, of: 7 });
    expect(supportedCount({ ...design, sessions: 2, weeksSpanned: 1 })).toEqual({ has: 2, of: 7 });
    expect(supportedCount({ ...design, deliveryMethods: ['information', 'practice'], feedback: { given: true, sources: ['peers'] }, delivery: { mode: 'face-to-face', selfAdministered: false } })).toEqual({ has: 7, of: 7 });
    // Face to face but worked through alone is not the supported delivery; nor is blended.
    expect(hasFeature({ ...design, delivery: { mode: 'face-to-face', selfAdministered: true } }, 'face-to-face')).toBe(false);
    expect(hasFeature({ ...design, delivery: { mode: 'blended', selfAdministered: false } }, 'face-to-face')).toBe(false);
    expect(hasFeature(design, 'attendance')).toBeUndefined();
  });
});
