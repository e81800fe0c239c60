import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { PutObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { dynamoStores } from '../../functions/aws/store/index.ts';
import type { ClientSettingsInput } from '../../functions/core/model/index.ts';
import type { Stores } from '../../functions/core/ports.ts';
import { attachRuntime, type LocalRuntime, type RuntimeOptions } from '../../cli/local/runtime.ts';

/**
 * A private deployment (own table, buckets and queues) on the shared emulators, with the real
 * stage handlers polling its queues. Each test file gets its own, so files can run in parallel.
 */
export async function startTestPipeline(options: RuntimeOptions = {}): Promise<TestPipeline> {
  const prefix = `t${randomUUID().slice(0, 8)}-`;
  const runtime = await attachRuntime(inject('emulators'), { prefix, coalesceSeconds: 0, logLevel: 'SILENT', keyFile: '.effekt/test-pseudonym.key', ...options });
  return new TestPipeline(runtime);
}

export interface ReceivedEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
  attachments: { filename?: string; contentType: string; size: number; content: string }[];
}

export class TestPipeline {
  readonly store: Stores;

  constructor(readonly runtime: LocalRuntime) {
    this.store = dynamoStores(runtime.aws.dynamodb, runtime.names.table);
  }

  /** Stores a client's settings as a consultant would (the one settings writer). */
  async setSettings(input: ClientSettingsInput): Promise<void> {
    await this.store.settings.updateSettings(input.clientId, { kind: 'consultant', input });
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    await this.runtime.aws.s3.send(new PutObjectCommand({ Bucket: this.runtime.names.uploadsBucket, Key: key, Body: body }));
  }

  async putFile(clientId: string, year: number, path: string, name = basename(path)): Promise<string> {
    const key = `${clientId}/${year}/${name}`;
    await this.put(key, await readFile(path));
    return key;
  }

  async remove(key: string): Promise<void> {
    await this.runtime.aws.s3.send(new DeleteObjectCommand({ Bucket: this.runtime.names.uploadsBucket, Key: key }));
  }

  settle(): Promise<void> {
    return this.runtime.waitForIdle({ timeoutMs: 60_000 });
  }

  /** Emails the SES emulator accepted for these recipients (the emulator is shared by all test files). */
  async emailsTo(address: string): Promise<ReceivedEmail[]> {
    const response = await fetch(`${inject('emulators').ses}/store`);
    const store = (await response.json()) as { emails: ReceivedEmail[] };
    return store.emails.filter((e) => e.destination.to.some((to) => to.includes(address)));
  }

  stop(): Promise<void> {
    return this.runtime.stop();
  }
}
