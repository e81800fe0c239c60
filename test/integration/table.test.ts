import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_STALE_MS, type Job } from '../../functions/aws/table.ts';
import { defaultClientSettings } from '../../functions/core/model/index.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';

let pipeline: TestPipeline;

beforeAll(async () => {
  // Only the table is needed here: no stage polls.
  pipeline = await startTestPipeline({ stages: [] });
});

afterAll(async () => {
  await pipeline.stop();
});

const job = (id: string, at: Date): Job => ({
  id,
  clientId: 'jobs',
  year: 2025,
  status: 'queued',
  deliver: true,
  requestedBy: 'anna',
  createdAt: at.toISOString(),
  updatedAt: at.toISOString(),
});

describe('jobs', () => {
  it('coalesce while one runs, and a job that stopped moving no longer blocks a new one', async () => {
    const start = new Date('2026-03-01T10:00:00Z');
    expect(await pipeline.table.startJob(job('a', start))).toMatchObject({ created: true, job: { id: 'a' } });
    expect(await pipeline.table.startJob(job('b', new Date(start.getTime() + 60_000)))).toMatchObject({ created: false, job: { id: 'a' } });

    const later = new Date(start.getTime() + JOB_STALE_MS + 1);
    expect(await pipeline.table.startJob(job('c', later))).toMatchObject({ created: true, job: { id: 'c' } });
    // The stale job's late updates no longer touch the current one.
    await pipeline.table.updateJob('jobs', 2025, 'a', { status: 'failed', updatedAt: later.toISOString() });
    expect((await pipeline.table.getJob('jobs', 2025))?.id).toBe('c');
  });
});

describe('settings', () => {
  it('two concurrent read-modify-writes both land', async () => {
    await pipeline.table.putSettings({ ...defaultClientSettings('both'), recipients: ['a@both.example'] });
    await Promise.all([
      pipeline.table.updateSettings('both', (s) => s && { ...s, undeliverable: [...s.undeliverable, 'bounced@both.example'] }),
      pipeline.table.updateSettings('both', (s) => s && { ...s, displayName: 'Båda ändringarna' }),
    ]);
    const settings = await pipeline.table.getSettings('both');
    expect(settings).toMatchObject({ displayName: 'Båda ändringarna', undeliverable: ['bounced@both.example'] });
  });
});
