/** The key-findings rule and the limitations that apply only when their condition holds. */
import { describe, expect, it } from 'vitest';
import type { ChangeEntry, MetricsDocument } from '../../../functions/core/model/index.ts';
import { createContext } from '../../../functions/core/report/context.ts';
import { isSelfRating, rankedChanges, showableChange } from '../../../functions/core/report/figures.ts';
import { applicableLimitations, benchmarkVerdict, keyFindings, MAX_FINDINGS, MIN_FINDINGS } from '../../../functions/core/report/findings.ts';
import { sinceLastYear } from '../../../functions/core/report/since-last-year.ts';
import { exampleMetrics, exampleSettings } from './fixtures.ts';

const ctxFor = (metrics: MetricsDocument, settings = exampleSettings('sv')) => createContext(metrics, settings, 1);

describe('the key-findings rule', () => {
  const ctx = ctxFor(exampleMetrics());
  const ranked = rankedChanges(ctx);

  it('puts every rating by others (and test and indicator) before any self-rating', () => {
    const firstSelf = ranked.findIndex((e) => isSelfRating(ctx, e));
    expect(firstSelf).toBeGreaterThan(0);
    expect(ranked.slice(firstSelf).every((e) => isSelfRating(ctx, e))).toBe(true);
  });

  it('ranks by the bound of the g_av interval nearest zero, not by the point estimate', () => {
    const others = ranked.filter((e) => !isSelfRating(ctx, e));
    const bounds = others.map((e) => (e.gavCi95 as [number, number])[0]);
    expect([...bounds].sort((a, b) => b - a)).toEqual(bounds);
  });

  it('puts a precise moderate change above a vague large one', () => {
    const metrics = exampleMetrics();
    const managers = metrics.change.filter((e) => e.instrument === 'lead-forward' && e.rater === 'manager' && showableChange(e));
    const [vague, precise] = managers;
    if (!vague || !precise) throw new Error('the example lacks two shown manager entries');
    Object.assign(vague, { gav: 1.6, gavCi95: [0.2, 3.0], verdict: 'clear-improvement' });
    Object.assign(precise, { gav: 0.6, gavCi95: [0.45, 0.75], verdict: 'clear-improvement' });
    const order = rankedChanges(ctxFor(metrics));
    expect(order.indexOf(precise)).toBeLessThan(order.indexOf(vague));
  });

  it('never takes a suppressed group, a descriptive instrument or a change that did not survive Holm', () => {
    for (const entry of ranked) {
      expect(showableChange(entry)).toBe(true);
      expect(entry.descriptiveOnly).toBe(false);
      expect(['clear-improvement', 'improvement', 'decline', 'clear-decline']).toContain(entry.verdict);
    }
  });

  it('gives 3 to 5 findings, each with its n and interval, the reaction first', () => {
    const findings = keyFindings(ctx);
    expect(findings.length).toBeGreaterThanOrEqual(MIN_FINDINGS);
    expect(findings.length).toBeLessThanOrEqual(MAX_FINDINGS);
    expect(findings[0]).toMatch(/^Deltagarna gav programmet 8,8 av 10/);
    for (const finding of findings) {
      expect(finding).toMatch(/n = \d+/);
      expect(finding).toMatch(/95 % KI/);
    }
    expect(findings.slice(1)).toEqual(ranked.slice(0, findings.length - 1).map((e) => expect.stringContaining(`g_av ${ctx.f.number(e.gav as number, 2)}`)));
  });

  it('says where each g_av interval lies against the research average for its level', () => {
    const entry = (gavCi95: [number, number], level: ChangeEntry['level']) => ({ ...(ranked[0] as ChangeEntry), gavCi95, level });
    expect(benchmarkVerdict(ctx, entry([0.9, 1.4], 'behaviour'))).toEqual({ verdict: 'above', delta: 0.82 });
    expect(benchmarkVerdict(ctx, entry([0.5, 1.0], 'behaviour'))?.verdict).toBe('inLine');
    expect(benchmarkVerdict(ctx, entry([0.1, 0.7], 'learning'))).toEqual({ verdict: 'below', delta: 0.73 });
  });

  it('fills up with the NPS and a plain sentence for a reaction-only client', () => {
    const metrics = exampleMetrics();
    metrics.change = [];
    metrics.trendChanges = [];
    const findings = keyFindings(ctxFor(metrics));
    expect(findings).toHaveLength(3);
    expect(findings[1]).toMatch(/^Viljan att rekommendera programmet gav NPS \+44/);
    expect(findings[2]).toBe('Förändring före och efter har inte mätts i år, eller så var grupperna för små för att redovisas.');
  });
});

describe('since last year', () => {
  it('compares satisfaction with the previous year and the like-for-like effect sizes', () => {
    const lines = sinceLastYear(ctxFor(exampleMetrics()));
    expect(lines[0]).toMatch(/^Nöjdheten var 8,8 av 10 i år mot 8,6 år 2024/);
    expect(lines[1]).toMatch(/^\d+ mätningar av förändring kan jämföras med tidigare år/);
  });

  it('says nothing for a client with one year', () => {
    const metrics = exampleMetrics();
    metrics.trend = metrics.trend.filter((p) => p.year === metrics.year);
    expect(sinceLastYear(ctxFor(metrics))).toEqual([]);
  });
});

describe('limitations', () => {
  const keys = (metrics: MetricsDocument) => applicableLimitations(ctxFor(metrics)).map((l) => l.key);

  it('lists, for the example, what applies to it', () => {
    expect(keys(exampleMetrics())).toEqual(['noComparisonGroup', 'regression', 'selfReport', 'ratersKnew', 'manyTests', 'responseRate']);
  });

  it('leaves out the before/after points when nothing before/after is shown', () => {
    const metrics = exampleMetrics();
    metrics.change = metrics.change.map((e) => ({ ...e, suppressed: true }));
    expect(keys(metrics)).toEqual(['responseRate']);
  });

  it('names raters who knew only when ratings by others are shown, and self-report only with self-ratings', () => {
    const metrics = exampleMetrics();
    metrics.change = metrics.change.filter((e) => e.rater === 'self');
    expect(keys(metrics)).not.toContain('ratersKnew');
    expect(keys(metrics)).toContain('selfReport');
    metrics.change = metrics.change.filter((e) => e.instrument === 'ledarskapskunskap');
    // A knowledge test is not a self-rating, and one test needs no adjustment.
    expect(keys(metrics)).toEqual(['noComparisonGroup', 'regression', 'responseRate']);
  });

  it('names a ceiling only when at least 80 % gave 9–10, and the response rate only when unknown or low', () => {
    const metrics = exampleMetrics();
    const reaction = metrics.reaction as NonNullable<MetricsDocument['reaction']>;
    reaction.satisfaction.topTwoBoxShare = 0.85;
    reaction.invited = 60;
    reaction.responseRate = reaction.responses / 60;
    const limitations = applicableLimitations(ctxFor(metrics));
    expect(limitations.find((l) => l.key === 'ceiling')?.values).toEqual({ share: '85\u00a0%' });
    expect(limitations.map((l) => l.key)).not.toContain('responseRate');
    reaction.responseRate = 0.5;
    expect(applicableLimitations(ctxFor(metrics)).find((l) => l.key === 'responseRate')?.values).toEqual({ rate: '50\u00a0%' });
  });
});
