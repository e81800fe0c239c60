/**
 * The render stage's warm-up (functions/render/warm-up.ts): a made-up report drawn where a render instance
 * starts. It must be a whole report (every kind of chart, so all of the renderer is warm), leave the next
 * real report byte-identical to a clean render, and never fail its caller.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../../functions/core/report/index.ts';
import { warmRenderer, warmUpReport } from '../../../functions/render/warm-up.ts';
import { pdfText } from '../../helpers/pdf-text.ts';
import { exampleMetrics, exampleSettings } from '../report/fixtures.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const loadReport = () => import('../../../functions/core/report/index.ts');

describe('the render warm-up', () => {
  it('draws a whole made-up report, after which a real report is byte-identical to a clean render', { timeout: 300_000 }, async () => {
    const fresh = Buffer.from(execFileSync(process.execPath, ['--import', 'tsx', 'test/unit/render/render-once.ts', 'sv'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }), 'base64');

    const made = await warmUpReport(loadReport);
    const pages = await pdfText(made);
    expect(pages.length).toBeGreaterThanOrEqual(10);
    // Reactions, change per instrument and the trend over the earlier year: the charts the real reports draw.
    expect(pages.join('\n')).toContain('Warm-up');
    expect(pages.join('\n')).toContain('Lead Forward');
    expect(pages.join('\n')).toContain('2024');
    // What real reports carry besides charts, so its code is warm too: the commentary and the programmes' descriptions.
    expect(pages.join('\n')).toContain('coaching in threes');
    expect(pages.join('\n')).toContain('Ledarskap i förändring 2');

    const real = await renderReport({ metrics: exampleMetrics(), settings: exampleSettings('sv'), version: 3 });
    expect(Buffer.from(real).equals(fresh)).toBe(true);
  });

  it('never fails its caller, and hands its failure on: a renderer that cannot load leaves the first real report to render cold', async () => {
    const failures: unknown[] = [];
    await expect(warmRenderer(() => Promise.reject(new Error('no renderer')), (error) => failures.push(error))).resolves.toBeUndefined();
    expect(failures).toEqual([new Error('no renderer')]);
  });
});
