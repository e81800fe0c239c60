/**
 * Every colour pair the report sets text in passes WCAG 2.1 contrast, computed from report-templates/brand:
 * 4.5:1 for body text, 3:1 for large text; graphics that carry meaning 3:1 against white. The pairs are the ones
 * theme.json declares (`textContrast`), plus the ink the pyramid picks for each tier.
 */
import { describe, expect, it } from 'vitest';
import theme from '../../../report-templates/brand/theme.json' with { type: 'json' };
import { contrastRatio, readableInk } from '../../../functions/core/report/theme.ts';

/** A theme path ("colors.muted", "chart.palette") to its colour(s). */
function colours(path: string): string[] {
  const value = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], theme);
  const list = Array.isArray(value) ? value : [value];
  for (const colour of list) expect(typeof colour === 'string' && /^#[0-9a-f]{6}$/i.test(colour), `${path} is not a colour`).toBe(true);
  return list as string[];
}

const MINIMUM = { body: 4.5, large: 3 } as const;

describe('colour contrast of the brand theme', () => {
  it('computes contrast as WCAG does (black on white 21:1, a colour on itself 1:1, the old pale tier 2.2:1)', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1F4E5F', '#1F4E5F')).toBeCloseTo(1, 5);
    // White on the pale pyramid tier, the pair issue 18 measured at 2.2:1.
    expect(contrastRatio('#FFFFFF', '#9DB4BE')).toBeCloseTo(2.16, 2);
  });

  it('passes for every declared text pair', () => {
    const pairs = theme.textContrast.text;
    expect(pairs.length).toBeGreaterThan(10);
    for (const pair of pairs) {
      for (const text of colours(pair.text)) {
        for (const background of colours(pair.on)) {
          const ratio = contrastRatio(text, background);
          expect(ratio, `${pair.use}: ${text} on ${background} is ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(MINIMUM[pair.size as keyof typeof MINIMUM]);
        }
      }
    }
  });

  it('gives every pyramid tier a text colour that reads at 4.5:1', () => {
    for (const tier of theme.pyramid.levels) {
      const ratio = contrastRatio(readableInk(tier), tier);
      expect(ratio, `text on the tier ${tier}: ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('keeps chart marks and the benchmark line at 3:1 against the white page', () => {
    for (const path of theme.textContrast.graphics) {
      for (const colour of colours(path)) {
        expect(contrastRatio(colour, theme.colors.white), `${path} ${colour}`).toBeGreaterThanOrEqual(3);
      }
    }
  });
});
