import {
  clientSettingsSchema,
  GSI1,
  instrumentDefinitionSchema,
  keys,
  lazy,
  mergeClientSettings,
  parseStored,
  parseStoredJson,
  SK_PREFIX,
  type ClientSettings,
  type InstrumentDefinition,
  type SettingsChange,
} from '../../core/model/index.ts';
import type { InstrumentStore, SettingsStore } from '../../core/ports.ts';
import * as z from 'zod';
import { keyOf, type TableClient } from './table-client.ts';

/** Concurrent writers of one client's settings are rare (a consultant and a bounce at once): a few tries suffice. */
const SETTINGS_ATTEMPTS = 8;

/** The settings item: the settings as JSON, and a revision counted up by every write (the optimistic condition). */
const settingsItemSchema = lazy(() => z.object({ settings: z.string(), revision: z.number().int().min(1) }));

export class DynamoSettingsStore implements SettingsStore {
  constructor(private readonly table: TableClient) {}

  async getSettings(clientId: string): Promise<ClientSettings | undefined> {
    return (await this.readSettings(clientId))?.settings;
  }

  private async readSettings(clientId: string): Promise<{ settings: ClientSettings; revision: number } | undefined> {
    const key = keys.settings(clientId);
    const item = await this.table.get(key);
    if (!item) return undefined;
    const stored = parseStored(settingsItemSchema, item, key, 'client settings item');
    return { settings: parseStoredJson(clientSettingsSchema, stored.settings, key, 'client settings'), revision: stored.revision };
  }

  async updateSettings(clientId: string, change: SettingsChange): Promise<{ before: ClientSettings | undefined; after: ClientSettings } | undefined> {
    const key = keys.settings(clientId);
    for (let attempt = 0; attempt < SETTINGS_ATTEMPTS; attempt++) {
      const current = await this.readSettings(clientId);
      const after = mergeClientSettings(current?.settings, change);
      if (!after) return undefined;
      if (after.clientId !== clientId) throw new Error(`settings of client ${after.clientId} cannot be stored as client ${clientId}'s`);
      const written = await this.table.conditional(() =>
        this.table.put(
          { ...key, gsi1pk: GSI1.clients, gsi1sk: clientId, settings: JSON.stringify(after), revision: (current?.revision ?? 0) + 1 },
          current === undefined
            ? { expression: 'attribute_not_exists(pk)' }
            : { expression: '#rev = :rev', values: { ':rev': current.revision }, names: { '#rev': 'revision' } },
        ),
      );
      if (written) return { before: current?.settings, after };
    }
    throw new Error(`the settings of client ${clientId} kept changing while being updated; try again`);
  }

  async listClientIds(): Promise<string[]> {
    const items = await this.table.queryIndex(GSI1.clients);
    return items.map((item) => parseStored(z.object({ gsi1sk: z.string() }), item, keyOf(item), 'client list entry').gsi1sk).sort();
  }
}

export class DynamoInstrumentStore implements InstrumentStore {
  constructor(private readonly table: TableClient) {}

  async getClientInstruments(clientId: string): Promise<InstrumentDefinition[]> {
    const items = await this.table.query(keys.clientPk(clientId), SK_PREFIX.instrument);
    return items.map((item) => parseStoredJson(instrumentDefinitionSchema, item.definition, keyOf(item), 'instrument definition'));
  }

  async putInstrument(clientId: string, definition: InstrumentDefinition): Promise<void> {
    await this.table.put({ ...keys.instrument(clientId, definition.id), definition: JSON.stringify(definition) });
  }
}
