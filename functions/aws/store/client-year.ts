import {
  clientYearStateSchema,
  consultantActionSchema,
  keys,
  parseStored,
  uploadIntentSchema,
  uploaderWithin,
  type Actor,
  type ClientYearState,
  type ConsultantAction,
  type UploadIntent,
} from '../../core/model/index.ts';
import type { ActivityStore, ClientYearStateStore } from '../../core/ports.ts';
import * as z from 'zod';
import type { TableClient } from './table-client.ts';

export class DynamoClientYearStateStore implements ClientYearStateStore {
  constructor(private readonly table: TableClient) {}

  async getState(clientId: string, year: number): Promise<ClientYearState> {
    const key = keys.state(clientId, year);
    return parseStored(clientYearStateSchema, (await this.table.get(key)) ?? {}, key, 'client-year state');
  }

  /** Marks the client-year as changed; a compute request carrying an older sequence is then stale. */
  async bumpChangeSeq(clientId: string, year: number): Promise<number> {
    const key = keys.state(clientId, year);
    const updated = await this.table.update(key, { UpdateExpression: 'ADD changeSeq :one', values: { ':one': 1 }, ReturnValues: 'UPDATED_NEW' });
    return parseStored(z.object({ changeSeq: z.number().int() }), updated, key, 'client-year state').changeSeq;
  }

  async markRendered(clientId: string, year: number, inputsHash: string, version: number): Promise<void> {
    // A newer version already recorded stays current (the condition fails, and that is fine).
    await this.table.conditional(() =>
      this.table.update(keys.state(clientId, year), {
        UpdateExpression: 'SET renderedInputsHash = :h, renderedVersion = :v',
        ConditionExpression: 'attribute_not_exists(renderedVersion) OR renderedVersion < :v',
        values: { ':h': inputsHash, ':v': version },
      }),
    );
  }
}

export class DynamoActivityStore implements ActivityStore {
  constructor(private readonly table: TableClient) {}

  async putUploadIntent(clientId: string, year: number, fileName: string, intent: UploadIntent): Promise<void> {
    await this.table.put({ ...keys.upload(clientId, year, fileName), intent });
  }

  /** The consultant whose upload URL was live when the object arrived (`at`: its last-modified time). */
  async uploaderOf(clientId: string, year: number, fileName: string, at: Date): Promise<Actor | undefined> {
    const key = keys.upload(clientId, year, fileName);
    const item = await this.table.get(key);
    return item ? uploaderWithin(parseStored(uploadIntentSchema, item.intent, key, 'upload intent'), at) : undefined;
  }

  async putConsultantAction(clientId: string, year: number, action: ConsultantAction): Promise<void> {
    await this.table.put({ ...keys.action(clientId, year), action });
  }

  async getConsultantAction(clientId: string, year: number): Promise<ConsultantAction | undefined> {
    const key = keys.action(clientId, year);
    const item = await this.table.get(key);
    return item ? parseStored(consultantActionSchema, item.action, key, 'consultant action') : undefined;
  }
}
