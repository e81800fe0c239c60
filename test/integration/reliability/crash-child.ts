/**
 * Runs the production ingest handler on one SQS message in its own process, and stops dead (for the
 * parent to SIGKILL) right after the DynamoDB call named by CRASH_AFTER succeeded:
 *   `BatchWriteItemCommand` (rows written, file not committed) or `PutItemCommand:FILE#` (file committed,
 *   compute not yet requested). Environment: the test deployment's (`runtime.env`) plus EVENT_BODY.
 * The handler is wired as the local runtime wires it, on clients this process adds the crash to.
 */
import { localClients, localStageHandler } from '../../../cli/local/stage-wiring.ts';

const [command, marker] = (process.env.CRASH_AFTER ?? '').split(':') as [string, string | undefined];
const clients = localClients(process.env);
clients.dynamodb.middlewareStack.add(
  (next, context) => async (args) => {
    const result = await next(args);
    if (context.commandName === command && (!marker || JSON.stringify(args.input).includes(marker))) {
      process.stdout.write('CRASH-POINT\n');
      await new Promise<never>(() => undefined);
    }
    return result;
  },
  { step: 'initialize', name: 'crashAfter' },
);

const handler = await localStageHandler('ingest', process.env, clients);
const body = process.env.EVENT_BODY ?? '';
const response = await handler(
  {
    Records: [
      {
        messageId: 'crash-test',
        receiptHandle: 'x',
        body,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'local', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:crash-ingest',
        awsRegion: 'local',
      },
    ],
  },
  { functionName: 'crash-child', awsRequestId: 'crash', getRemainingTimeInMillis: () => 60_000 } as Parameters<typeof handler>[1],
);
process.stdout.write(`DONE ${JSON.stringify(response)}\n`);
