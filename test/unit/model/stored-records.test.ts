import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { Doc } from 'zod/v4/core';
import metrics from '../../fixtures/metrics/example.metrics.json' with { type: 'json' };
import { fileRecordSchema, keys, metricsDocumentSchema, parseStored, parseStoredJson, StoredRecordInvalid } from '../../../functions/core/model/index.ts';

describe('stored records', () => {
  it('the example metrics document (what compute stores) matches the metrics schema, unchanged', () => {
    expect(metricsDocumentSchema.parse(metrics)).toEqual(metrics);
  });

  it('a record that does not match its schema is refused with its key, the record kind and the field', () => {
    const key = keys.file('kund', 2025, 'maj.csv');
    const broken = { fileName: 'maj.csv', dataset: 'feedback', sha256: 'x', ingestId: 'i', fileId: 'f', rows: 3, chunks: 1, uploadedAt: 't', firstDate: null, lastDate: null, sequencer: '1' };
    const error = (() => {
      try {
        parseStored(fileRecordSchema, broken, key, 'file record');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StoredRecordInvalid);
    expect((error as StoredRecordInvalid).key).toEqual(key);
    expect((error as Error).message).toMatch(/^stored file record at pk=CY#kund#2025 sk=FILE#maj\.csv does not match its schema: dataset: /);
  });

  it('text that is not JSON, or is missing, is refused the same way', () => {
    const key = keys.commentary('kund', 2025);
    expect(() => parseStoredJson(fileRecordSchema, '{', key, 'commentary')).toThrow(/pk=CY#kund#2025 sk=COMMENTARY .*not JSON/);
    expect(() => parseStoredJson(fileRecordSchema, undefined, key, 'commentary')).toThrow(StoredRecordInvalid);
  });

  describe("zod's generated fast path", () => {
    afterEach(() => vi.restoreAllMocks());
    // A schema of its own per case: zod compiles an object schema's fast path once, on its first parse.
    const freshSchema = () => z.object({ fileName: z.string(), rows: z.number(), parts: z.array(z.object({ at: z.string() })) });
    const value = { fileName: 'maj.csv', rows: 3, parts: [{ at: 't' }] };

    it('a stored record is read without compiling it (a cold start reads each kind a few times)', () => {
      const compile = vi.spyOn(Doc.prototype, 'compile');
      expect(parseStored(freshSchema(), value, keys.file('kund', 2025, 'maj.csv'), 'file record')).toEqual(value);
      expect(parseStoredJson(freshSchema(), JSON.stringify(value), keys.file('kund', 2025, 'maj.csv'), 'file record')).toEqual(value);
      expect(compile).not.toHaveBeenCalled();
    });

    it('(control) a default parse does compile it, so the case above can see a compile', () => {
      const compile = vi.spyOn(Doc.prototype, 'compile');
      expect(freshSchema().parse(value)).toEqual(value);
      expect(compile).toHaveBeenCalled();
    });
  });
});
