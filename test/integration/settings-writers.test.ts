import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Mailer } from '../../functions/aws/mail.ts';
import { sesSend } from '../../functions/aws/all-clients.ts';
import { recordFeedback, sesFeedbackEventSchema } from '../../functions/feedback/record-feedback.ts';
import { startTestPipeline, type TestPipeline } from '../helpers/local-pipeline.ts';
import { reactionCsv, reactionRows, silentLogger, YEAR } from './reliability/helpers.ts';

/**
 * Every writer of client settings goes through one update with one merge rule: an uploaded settings
 * file, the API, and the feedback stage recording a bounce. The bounced address must stay unmailed
 * when the consultant uploads the same settings file again (its `undeliverable` defaults to empty).
 */

const clientId = 'studsar';
const bouncing = `chef@${clientId}.example`;
const reading = `hr@${clientId}.example`;
const settingsKey = `${clientId}/${YEAR}/${clientId}.client.json`;
const settingsFile = JSON.stringify({
  clientId,
  displayName: 'Studsar AB',
  recipients: [bouncing, reading],
  consultantContact: `konsult@${clientId}.example`,
  delivery: 'auto',
});

let pipeline: TestPipeline;

beforeAll(async () => {
  pipeline = await startTestPipeline();
});

afterAll(async () => {
  await pipeline.stop();
});

describe('client settings written by several hands', () => {
  it('a settings file uploaded again after a recorded bounce does not mail the bouncing address again', async () => {
    await pipeline.put(settingsKey, settingsFile);
    await pipeline.settle();
    expect((await pipeline.store.settings.getSettings(clientId))?.recipients).toEqual([bouncing, reading]);

    // SES reports a permanent bounce; the feedback stage records it on this deployment's table.
    const bounce = sesFeedbackEventSchema.parse({
      source: 'aws.ses',
      'detail-type': 'Email Bounced',
      detail: {
        eventType: 'Bounce',
        mail: { messageId: `bounce-${clientId}`, tags: { clientId: [clientId] } },
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: bouncing }] },
      },
    });
    const feedback = { store: pipeline.store, mailer: new Mailer(sesSend(pipeline.runtime.aws.ses)), settings: { senderEmail: 'rapporter@effekt.example' }, logger: silentLogger(), now: () => new Date() };
    expect(await recordFeedback(feedback, bounce)).toEqual({ updated: [clientId] });

    // The consultant uploads the same settings file again.
    await pipeline.put(settingsKey, `${settingsFile}\n`);
    await pipeline.settle();
    const settings = await pipeline.store.settings.getSettings(clientId);
    expect(settings?.undeliverable).toEqual([bouncing]);
    const audit = await pipeline.store.audit.listAudit(clientId);
    // Both uploads were read (the second is not skipped as already known), and the bounce in between.
    expect(audit.filter((e) => e.action === 'settings-change').map((e) => e.actor).sort()).toEqual(['pipeline', 'pipeline', 'ses-feedback']);

    // The next report reaches the other recipient only.
    await pipeline.put(`${clientId}/${YEAR}/maj.csv`, reactionCsv(reactionRows(clientId, 0, 6)));
    await pipeline.settle();
    expect(await pipeline.emailsTo(reading)).toHaveLength(1);
    expect(await pipeline.emailsTo(bouncing)).toHaveLength(0);
  });
});
