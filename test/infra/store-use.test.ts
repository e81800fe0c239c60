import { describe, expect, it } from 'vitest';
import { STAGES } from '../../infra/handler-entries.ts';
import { stageStores, storeOfMethod } from './table-usage.ts';

describe('each stage depends on the stores it uses, and only those', () => {
  it('every store method belongs to one store', () => {
    expect(storeOfMethod().size).toBeGreaterThan(40);
  });

  it.each(STAGES)('%s: the stores its dependencies name are the stores its code calls', (stage) => {
    const { declared, called } = stageStores(stage);
    // Every SQS stage records dead-letter reasons itself (functions/aws/sqs-stage.ts), outside its use case's dependencies.
    expect(declared, stage).toEqual(called.filter((s) => s !== 'deadLetters'));
  });
});
