import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An in-process SQS emulator speaking the AWS JSON 1.0 protocol that @aws-sdk/client-sqs uses, so
 * handlers and the CLI talk to it with the unmodified SDK. It keeps SQS's delivery semantics that the
 * pipeline relies on: delay, visibility timeout, receive counts, redrive to a dead-letter queue after
 * maxReceiveCount, long polling, and DLQ redrive (StartMessageMoveTask). Messages live in memory.
 */

interface StoredMessage {
  id: string;
  body: string;
  md5: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  receiptHandle?: string;
  /** ARN of the queue a dead-lettered message came from (for redrive). */
  deadLetterSourceArn?: string;
}

interface QueueState {
  name: string;
  url: string;
  arn: string;
  visibilityTimeout: number;
  delaySeconds: number;
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
  messages: StoredMessage[];
  /** Long polls waiting on this queue: woken when a message may have become receivable. */
  waiters: Set<() => void>;
  /** The timer that wakes the waiters when the next delayed or in-flight message becomes visible. */
  wakeTimer?: { at: number; timer: NodeJS.Timeout };
}

class SqsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly queryCode = type,
  ) {
    super(message);
  }
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const ACCOUNT = '000000000000';

export class SqsEmulator {
  private readonly queues = new Map<string, QueueState>();
  private server?: Server;
  private baseUrl = '';

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = undefined;
    // Pending long polls answer (empty) now instead of at the end of their wait.
    for (const queue of this.queues.values()) {
      if (queue.wakeTimer) clearTimeout(queue.wakeTimer.timer);
      for (const waiter of [...queue.waiters]) waiter();
    }
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** In-process send, used to route S3 notifications the way a bucket notification configuration does. */
  sendToQueue(name: string, body: string): boolean {
    const queue = this.queues.get(name);
    if (!queue) return false;
    this.enqueue(queue, body, undefined, Date.now());
    return true;
  }

  /** Messages not yet deleted in every queue except dead-letter ones: visible, in flight or delayed. */
  pendingMessages(): number {
    const deadLetterArns = new Set([...this.queues.values()].flatMap((q) => (q.redrive ? [q.redrive.deadLetterTargetArn] : [])));
    return [...this.queues.values()].filter((q) => !deadLetterArns.has(q.arn)).reduce((n, q) => n + q.messages.length, 0);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^AmazonSQS\./, '');
    try {
      const input = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      const output = await this.dispatch(operation, input);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
      res.end(JSON.stringify(output));
    } catch (error) {
      const sqsError =
        error instanceof SqsError ? error : new SqsError('InternalError', (error as Error).message ?? 'internal error');
      res.writeHead(sqsError.type === 'InternalError' ? 500 : 400, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-query-error': `AWS.SimpleQueueService.${sqsError.queryCode};Sender`,
      });
      res.end(JSON.stringify({ __type: `com.amazonaws.sqs#${sqsError.type}`, message: sqsError.message }));
    }
  }

  private queueByUrl(url: unknown): QueueState {
    const name = String(url ?? '').split('/').pop() ?? '';
    const queue = this.queues.get(name);
    if (!queue) throw new SqsError('QueueDoesNotExist', `The specified queue does not exist: ${String(url)}`, 'NonExistentQueue');
    return queue;
  }

  private queueByArn(arn: string): QueueState {
    const queue = [...this.queues.values()].find((q) => q.arn === arn);
    if (!queue) throw new SqsError('ResourceNotFoundException', `no queue with ARN ${arn}`);
    return queue;
  }

  private applyAttributes(queue: QueueState, attributes: Record<string, string>): void {
    if (attributes.VisibilityTimeout !== undefined) queue.visibilityTimeout = Number(attributes.VisibilityTimeout);
    if (attributes.DelaySeconds !== undefined) queue.delaySeconds = Number(attributes.DelaySeconds);
    if (attributes.RedrivePolicy) {
      const policy = JSON.parse(attributes.RedrivePolicy) as { deadLetterTargetArn: string; maxReceiveCount: number | string };
      queue.redrive = { deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: Number(policy.maxReceiveCount) };
    }
  }

  private async dispatch(operation: string, input: Record<string, unknown>): Promise<object> {
    const now = Date.now();
    switch (operation) {
      case 'CreateQueue': {
        const name = String(input.QueueName);
        let queue = this.queues.get(name);
        if (!queue) {
          queue = {
            name,
            url: `${this.baseUrl}/${ACCOUNT}/${name}`,
            arn: `arn:aws:sqs:local:${ACCOUNT}:${name}`,
            visibilityTimeout: 30,
            delaySeconds: 0,
            messages: [],
            waiters: new Set(),
          };
          this.queues.set(name, queue);
        }
        this.applyAttributes(queue, (input.Attributes as Record<string, string> | undefined) ?? {});
        return { QueueUrl: queue.url };
      }
      case 'GetQueueUrl': {
        const queue = this.queues.get(String(input.QueueName));
        if (!queue) throw new SqsError('QueueDoesNotExist', `The specified queue does not exist: ${String(input.QueueName)}`, 'NonExistentQueue');
        return { QueueUrl: queue.url };
      }
      case 'ListQueues': {
        const prefix = String(input.QueueNamePrefix ?? '');
        return { QueueUrls: [...this.queues.values()].filter((q) => q.name.startsWith(prefix)).map((q) => q.url) };
      }
      case 'SetQueueAttributes':
        this.applyAttributes(this.queueByUrl(input.QueueUrl), (input.Attributes as Record<string, string>) ?? {});
        return {};
      case 'GetQueueAttributes': {
        const queue = this.queueByUrl(input.QueueUrl);
        const delayed = queue.messages.filter((m) => m.visibleAt > now && m.receiveCount === 0).length;
        const available = queue.messages.filter((m) => m.visibleAt <= now).length;
        const inFlight = queue.messages.filter((m) => m.visibleAt > now && m.receiveCount > 0).length;
        const attributes: Record<string, string> = {
          QueueArn: queue.arn,
          ApproximateNumberOfMessages: String(available),
          ApproximateNumberOfMessagesNotVisible: String(inFlight),
          ApproximateNumberOfMessagesDelayed: String(delayed),
          VisibilityTimeout: String(queue.visibilityTimeout),
          DelaySeconds: String(queue.delaySeconds),
        };
        if (queue.redrive) attributes.RedrivePolicy = JSON.stringify(queue.redrive);
        return { Attributes: attributes };
      }
      case 'PurgeQueue':
        this.queueByUrl(input.QueueUrl).messages = [];
        return {};
      case 'SendMessage': {
        const queue = this.queueByUrl(input.QueueUrl);
        const message = this.enqueue(queue, String(input.MessageBody), input.DelaySeconds as number | undefined, now);
        return { MessageId: message.id, MD5OfMessageBody: message.md5 };
      }
      case 'SendMessageBatch': {
        const queue = this.queueByUrl(input.QueueUrl);
        const entries = (input.Entries as { Id: string; MessageBody: string; DelaySeconds?: number }[]) ?? [];
        return {
          Successful: entries.map((e) => {
            const message = this.enqueue(queue, e.MessageBody, e.DelaySeconds, now);
            return { Id: e.Id, MessageId: message.id, MD5OfMessageBody: message.md5 };
          }),
          Failed: [],
        };
      }
      case 'ReceiveMessage':
        return this.receive(input);
      case 'DeleteMessage': {
        const queue = this.queueByUrl(input.QueueUrl);
        this.remove(queue, String(input.ReceiptHandle));
        return {};
      }
      case 'DeleteMessageBatch': {
        const queue = this.queueByUrl(input.QueueUrl);
        const entries = (input.Entries as { Id: string; ReceiptHandle: string }[]) ?? [];
        for (const entry of entries) this.remove(queue, entry.ReceiptHandle);
        return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
      }
      case 'ChangeMessageVisibility': {
        const queue = this.queueByUrl(input.QueueUrl);
        const message = queue.messages.find((m) => m.receiptHandle === input.ReceiptHandle);
        if (!message) throw new SqsError('ReceiptHandleIsInvalid', 'The receipt handle is not valid', 'ReceiptHandleIsInvalid');
        message.visibleAt = now + Number(input.VisibilityTimeout) * 1000;
        this.wake(queue);
        return {};
      }
      case 'StartMessageMoveTask': {
        const source = this.queueByArn(String(input.SourceArn));
        const moved = [...source.messages];
        source.messages = [];
        for (const message of moved) {
          const destinationArn = (input.DestinationArn as string | undefined) ?? message.deadLetterSourceArn;
          if (!destinationArn) continue;
          this.enqueue(this.queueByArn(destinationArn), message.body, 0, now);
        }
        return { TaskHandle: randomUUID() };
      }
      default:
        throw new SqsError('UnsupportedOperation', `operation ${operation || '(none)'} is not emulated`);
    }
  }

  private enqueue(queue: QueueState, body: string, delaySeconds: number | undefined, now: number): StoredMessage {
    const message: StoredMessage = {
      id: randomUUID(),
      body,
      md5: md5(body),
      sentAt: now,
      visibleAt: now + (delaySeconds ?? queue.delaySeconds) * 1000,
      receiveCount: 0,
    };
    queue.messages.push(message);
    this.wake(queue);
    return message;
  }

  /**
   * Wakes the queue's long polls now if a message is receivable, else at the moment the next one
   * becomes visible (a delay or a visibility timeout ending), as SQS answers a long poll as soon as
   * a message is available rather than at the next tick of a poll loop.
   */
  private wake(queue: QueueState): void {
    if (queue.waiters.size === 0) return;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const message of queue.messages) next = Math.min(next, message.visibleAt);
    if (next <= now) {
      for (const waiter of [...queue.waiters]) waiter();
      return;
    }
    if (next === Number.POSITIVE_INFINITY || (queue.wakeTimer && queue.wakeTimer.at <= next)) return;
    if (queue.wakeTimer) clearTimeout(queue.wakeTimer.timer);
    const timer = setTimeout(() => {
      queue.wakeTimer = undefined;
      this.wake(queue);
    }, next - now);
    timer.unref();
    queue.wakeTimer = { at: next, timer };
  }

  private remove(queue: QueueState, receiptHandle: string): void {
    queue.messages = queue.messages.filter((m) => m.receiptHandle !== receiptHandle);
  }

  private async receive(input: Record<string, unknown>): Promise<object> {
    const queue = this.queueByUrl(input.QueueUrl);
    const max = Math.min(10, Number(input.MaxNumberOfMessages ?? 1));
    const waitUntil = Date.now() + Number(input.WaitTimeSeconds ?? 0) * 1000;
    const visibility = Number(input.VisibilityTimeout ?? queue.visibilityTimeout);
    for (;;) {
      const now = Date.now();
      const picked: StoredMessage[] = [];
      for (const message of [...queue.messages]) {
        if (picked.length >= max) break;
        if (message.visibleAt > now) continue;
        if (queue.redrive && message.receiveCount >= queue.redrive.maxReceiveCount) {
          // Received maxReceiveCount times without being deleted: dead-letter it, as SQS does.
          queue.messages = queue.messages.filter((m) => m !== message);
          const dlq = this.queueByArn(queue.redrive.deadLetterTargetArn);
          dlq.messages.push({ ...message, visibleAt: now, receiptHandle: undefined, receiveCount: 0, deadLetterSourceArn: queue.arn });
          this.wake(dlq);
          continue;
        }
        message.receiveCount += 1;
        message.firstReceivedAt ??= now;
        message.receiptHandle = randomUUID();
        message.visibleAt = now + visibility * 1000;
        picked.push(message);
      }
      if (picked.length > 0 || now >= waitUntil || !this.server) {
        return {
          Messages: picked.map((m) => ({
            MessageId: m.id,
            ReceiptHandle: m.receiptHandle,
            MD5OfBody: m.md5,
            Body: m.body,
            Attributes: {
              ApproximateReceiveCount: String(m.receiveCount),
              SentTimestamp: String(m.sentAt),
              ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? now),
              ...(m.deadLetterSourceArn ? { DeadLetterQueueSourceArn: m.deadLetterSourceArn } : {}),
            },
          })),
        };
      }
      await this.waitForMessage(queue, waitUntil - now);
    }
  }

  /** Until the queue may have a receivable message, or `ms` have passed. */
  private waitForMessage(queue: QueueState, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timeout);
        queue.waiters.delete(done);
        resolve();
      };
      const timeout = setTimeout(done, ms);
      queue.waiters.add(done);
      this.wake(queue);
    });
  }
}
