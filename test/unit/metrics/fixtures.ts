/** A small, realistic client year: two programmes, four instruments, self and 360 ratings, reactions with comments. */
import type { MetricsInput } from '../../../functions/core/metrics/index.ts';
import { clientSettingsSchema, type AssessmentRow, type InstrumentDefinition, type Rater, type ReactionRow, type Wave } from '../../../functions/core/model/index.ts';

export const knowledgeTest: InstrumentDefinition = {
  id: 'ledarskapskunskap',
  name: 'Ledarskapskunskap',
  level: 'learning',
  kind: 'test',
  scale: { min: 0, max: 20 },
  reliability: 0.78,
  dimensions: [{ id: 'kunskap', label: { sv: 'Kunskap', en: 'Knowledge' } }],
};

export const leadForward: InstrumentDefinition = {
  id: 'lead-forward',
  name: 'Lead Forward',
  level: 'behaviour',
  scale: { min: 1, max: 7 },
  reliability: 0.86,
  dimensions: [
    { id: 'tydlighet', label: { sv: 'Tydlighet', en: 'Clarity' } },
    { id: 'tillit', label: { sv: 'Tillit', en: 'Trust' } },
  ],
};

export const fullRange: InstrumentDefinition = {
  id: 'full-range-leadership',
  name: 'Full Range Leadership',
  level: 'behaviour',
  scale: { min: 0, max: 4 },
  reliability: 0.82,
  dimensions: [
    { id: 'individuell-omtanke', label: { sv: 'Individuell omtanke', en: 'Individualised consideration' } },
    { id: 'passivt-ledarskap', label: { sv: 'Passivt ledarskap', en: 'Passive leadership' }, lowerIsBetter: true },
  ],
};

export const teamPro: InstrumentDefinition = {
  id: 'team-pro-inventory',
  name: 'Team Pro Inventory',
  level: 'behaviour',
  scale: { min: 1, max: 5 },
  descriptiveOnly: true,
  descriptiveReason: { sv: 'Endast beskrivande.', en: 'Descriptive only.' },
  dimensions: [{ id: 'mal', label: { sv: 'Gemensamma mål', en: 'Shared goals' } }],
};

export const settings = clientSettingsSchema.parse({ clientId: 'sodertalje', displayName: 'Södertälje kommun' });

function series(
  program: string,
  instrument: string,
  dimension: string,
  rater: Rater,
  respondents: string[],
  pre: (number | null)[],
  post: (number | null)[],
): AssessmentRow[] {
  const rows: AssessmentRow[] = [];
  const add = (wave: Wave, date: string, scores: (number | null)[]) =>
    scores.forEach((score, i) => {
      const respondent = respondents[i];
      // A rater of another group is named after the leader they rate: "l1-chef" rates leader "l1".
      const leader = respondent?.split('-')[0];
      if (score !== null && respondent && leader) rows.push({ respondent, leader, program, instrument, wave, date, rater, dimension, score });
    });
  add('pre', '2025-02-03', pre);
  add('post', '2025-09-15', post);
  return rows;
}

const leadersA = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6'];

export const assessments: AssessmentRow[] = [
  ...series('ledare-a', 'ledarskapskunskap', 'kunskap', 'self', leadersA, [10, 12, 9, 14, 11, 13], [14, 15, 12, 16, 13, 17]),
  ...series('ledare-a', 'lead-forward', 'tydlighet', 'self', leadersA, [4, 4.5, 3.5, 5, 4, 4.25], [5, 5, 4.5, 5.5, 4.5, 5.25]),
  ...series('ledare-a', 'lead-forward', 'tydlighet', 'manager', leadersA.map((l) => `${l}-chef`), [4, 5, 3, 4.5, 4, 3.5], [4.5, 5, 4, 5, 4, 4]),
  // Three leaders' employees: too few leaders to show, however many employees.
  ...series('ledare-a', 'lead-forward', 'tydlighet', 'employee', ['l1-m1', 'l1-m2', 'l2-m1', 'l2-m2', 'l3-m1'], [3.8, 4.1, 4.4, 3.9, null], [4.2, 4.4, 4.6, 4.1, 4]),
  // No change: a test with a large p, so that Holm's step-down multiplies the manager's p by two.
  ...series('ledare-a', 'full-range-leadership', 'individuell-omtanke', 'self', leadersA, [2, 3, 2.5, 3, 2, 3.5], [2.5, 2.5, 3, 3, 2, 3]),
  ...series('ledare-a', 'full-range-leadership', 'passivt-ledarskap', 'self', leadersA, [3, 2.5, 3.5, 2, 3, 2.75], [2, 2, 2.5, 1.5, 2.5, 2.25]),
  ...series('ledare-a', 'team-pro-inventory', 'mal', 'self', ['l1', 'l2', 'l3', 'l4', 'l5'], [3, 3.5, 2.5, 4, 3], [3.5, 3.5, 3, 4, 3.5]),
  ...series('ledare-b', 'ledarskapskunskap', 'kunskap', 'self', ['l7', 'l8', 'l9'], [8, 15, 11], [12, 16, null]),
];

function reaction(respondent: string, program: string, date: string, satisfaction: number, usefulness: number, recommendation: number, comment?: string): ReactionRow {
  return { respondent, program, date, satisfaction, usefulness, recommendation, ...(comment === undefined ? {} : { comment }) };
}

export const reactions: ReactionRow[] = [
  reaction('p1', 'ledare-a', '2025-05-20', 9, 8, 10, 'Mycket bra dagar, ring mig på 070-123 45 67!'),
  reaction('p2', 'ledare-a', '2025-05-20', 8, 9, 9, '  Bra upplägg  '),
  reaction('p3', 'ledare-a', '2025-05-21', 10, 10, 10, 'Skriv till anna.svensson@example.se om mer'),
  reaction('p4', 'ledare-a', '2025-05-21', 7, 6, 7, '   '),
  reaction('p5', 'ledare-a', '2025-05-22', 6, 7, 5),
  reaction('p6', 'ledare-a', '2025-05-22', 9, 9, 8, 'Aha-upplevelse 2025'),
  reaction('p7', 'ledare-b', '2025-06-01', 4, 5, 3, 'Hemlig kommentar från en liten grupp'),
  reaction('p8', 'ledare-b', '2025-06-02', 8, 7, 9),
];

export function metricsInput(overrides: Partial<MetricsInput> = {}): MetricsInput {
  return {
    clientId: 'sodertalje',
    year: 2025,
    settings,
    instruments: [teamPro, knowledgeTest, fullRange, leadForward],
    reactions,
    assessments,
    sources: [
      { file: 'reaktioner.csv', dataset: 'reaction', rows: 8, sha256: 'b'.repeat(64), uploadedAt: '2025-06-03T08:00:00Z', firstDate: '2025-05-20', lastDate: '2025-06-02' },
      { file: 'matningar.xlsx', dataset: 'assessment', rows: assessments.length, sha256: 'a'.repeat(64), uploadedAt: '2025-09-20T08:00:00Z', firstDate: '2025-02-03', lastDate: '2025-09-15' },
    ],
    inputsHash: 'c'.repeat(64),
    previousYears: [],
    ...overrides,
  };
}
