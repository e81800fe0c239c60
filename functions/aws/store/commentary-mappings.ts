import {
  commentaryRecordSchema,
  keys,
  mappingRecordSchema,
  parseStoredJson,
  programDesignRecordSchema,
  SK_PREFIX,
  type CommentaryRecord,
  type MappingRecord,
  type ProgramDesignRecord,
} from '../../core/model/index.ts';
import type { CommentaryStore, MappingStore, ProgramDesignStore } from '../../core/ports.ts';
import { keyOf, type TableClient } from './table-client.ts';

/** Uploaded consultant files that are not data: the commentary, mapping files and programme descriptions of a client-year. */
export class DynamoCommentaryStore implements CommentaryStore {
  constructor(private readonly table: TableClient) {}

  async getCommentary(clientId: string, year: number): Promise<CommentaryRecord | undefined> {
    const key = keys.commentary(clientId, year);
    const item = await this.table.get(key);
    return item ? parseStoredJson(commentaryRecordSchema, item.commentary, key, 'commentary') : undefined;
  }

  /** Stores the commentary unless a newer upload (by S3 sequencer) is already stored; false when it lost. */
  async putCommentary(clientId: string, year: number, record: CommentaryRecord): Promise<boolean> {
    return this.table.conditional(() =>
      this.table.put(
        { ...keys.commentary(clientId, year), sequencer: record.sequencer, commentary: JSON.stringify(commentaryRecordSchema.parse(record)) },
        { expression: 'attribute_not_exists(pk) OR sequencer <= :s', values: { ':s': record.sequencer } },
      ),
    );
  }

  /** Removes the commentary unless a newer upload replaced it; false when there was nothing older to remove. */
  async deleteCommentary(clientId: string, year: number, sequencer: string): Promise<boolean> {
    return this.table.conditional(() =>
      this.table.delete(keys.commentary(clientId, year), { expression: 'attribute_exists(pk) AND sequencer < :s', values: { ':s': sequencer } }),
    );
  }
}

export class DynamoMappingStore implements MappingStore {
  constructor(private readonly table: TableClient) {}

  /** The client-year's mapping files, each validated on read. */
  async getMappings(clientId: string, year: number): Promise<MappingRecord[]> {
    const items = await this.table.query(keys.clientYearPk(clientId, year), SK_PREFIX.mapping);
    return items.map((item) => parseStoredJson(mappingRecordSchema, item.mapping, keyOf(item), 'mapping'));
  }

  /** Stores a mapping unless a newer upload of it (by S3 sequencer) is already stored; false when it lost. */
  async putMapping(clientId: string, year: number, record: MappingRecord): Promise<boolean> {
    return this.table.conditional(() =>
      this.table.put(
        { ...keys.mapping(clientId, year, record.fileName), sequencer: record.sequencer, mapping: JSON.stringify(mappingRecordSchema.parse(record)) },
        { expression: 'attribute_not_exists(pk) OR sequencer <= :s', values: { ':s': record.sequencer } },
      ),
    );
  }

  /** Removes a mapping unless a newer upload replaced it; false when there was nothing older to remove. */
  async deleteMapping(clientId: string, year: number, fileName: string, sequencer: string): Promise<boolean> {
    return this.table.conditional(() =>
      this.table.delete(keys.mapping(clientId, year, fileName), { expression: 'attribute_exists(pk) AND sequencer < :s', values: { ':s': sequencer } }),
    );
  }
}

export class DynamoProgramDesignStore implements ProgramDesignStore {
  constructor(private readonly table: TableClient) {}

  /** The client-year's programme descriptions, each validated on read, in programme-id order (the sort key's). */
  async getProgramDesigns(clientId: string, year: number): Promise<ProgramDesignRecord[]> {
    const items = await this.table.query(keys.clientYearPk(clientId, year), SK_PREFIX.programDesign);
    return items.map((item) => parseStoredJson(programDesignRecordSchema, item.design, keyOf(item), 'programme description'));
  }

  /** Stores a programme description unless a newer upload of it (by S3 sequencer) is already stored; false when it lost. */
  async putProgramDesign(clientId: string, year: number, record: ProgramDesignRecord): Promise<boolean> {
    return this.table.conditional(() =>
      this.table.put(
        { ...keys.programDesign(clientId, year, record.programId), sequencer: record.sequencer, design: JSON.stringify(programDesignRecordSchema.parse(record)) },
        { expression: 'attribute_not_exists(pk) OR sequencer <= :s', values: { ':s': record.sequencer } },
      ),
    );
  }

  /** Removes a programme description unless a newer upload replaced it; false when there was nothing older to remove. */
  async deleteProgramDesign(clientId: string, year: number, programId: string, sequencer: string): Promise<boolean> {
    return this.table.conditional(() =>
      this.table.delete(keys.programDesign(clientId, year, programId), { expression: 'attribute_exists(pk) AND sequencer < :s', values: { ':s': sequencer } }),
    );
  }
}
