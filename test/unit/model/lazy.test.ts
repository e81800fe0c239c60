import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { types } from 'node:util';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import * as z from 'zod';
import metrics from '../../fixtures/metrics/example.metrics.json' with { type: 'json' };
import settings from '../../fixtures/metrics/example.settings.json' with { type: 'json' };
import { lazy } from '../../../functions/core/model/lazy.ts';
import * as model from '../../../functions/core/model/index.ts';
import { countZodSchemasBuilt } from '../../helpers/zod-schema-count.ts';

const MODEL = '../../../functions/core/model/index.ts';
const LAZY = '../../../functions/core/model/lazy.ts';
const EXAMPLE = join(import.meta.dirname, '..', '..', '..', 'examples', 'sodertalje');

afterEach(() => {
  vi.doUnmock('zod');
  vi.doUnmock(LAZY);
  vi.resetModules();
});

describe('lazy', () => {
  const build = () => z.object({ a: z.string().min(2), b: z.number().optional() }).strict();

  it('builds on first use, once', () => {
    const builder = vi.fn(build);
    const schema = lazy(builder);
    expect(builder).not.toHaveBeenCalled();
    expect(schema.parse({ a: 'ab' })).toEqual({ a: 'ab' });
    expect(schema.safeParse({ a: 'a' }).success).toBe(false);
    expect(schema.shape.a).toBe(schema.shape.a);
    expect(builder).toHaveBeenCalledTimes(1);
  });

  it('tries again after a builder that threw', () => {
    let calls = 0;
    const value = lazy(() => {
      calls += 1;
      if (calls === 1) throw new Error('not yet');
      return { n: 1 };
    });
    expect(() => value.n).toThrow('not yet');
    expect(value.n).toBe(1);
    expect(calls).toBe(2);
  });

  it('answers like the value it stands for: instanceof, in, keys, spread, descriptors', () => {
    const schema = lazy(build);
    const built = build();
    expect(schema).toBeInstanceOf(z.ZodObject);
    expect(schema instanceof z.ZodType).toBe(true);
    expect('_zod' in schema).toBe(true);
    expect(Object.getPrototypeOf(schema)).toBe(Object.getPrototypeOf(built));
    expect(Reflect.ownKeys(schema)).toEqual(Reflect.ownKeys(built));
    expect(Object.getOwnPropertyDescriptor(schema, '_zod')?.value).toBe(schema._zod);
    const plain = lazy(() => ({ x: 1, y: 'two' }));
    expect({ ...plain }).toEqual({ x: 1, y: 'two' });
    expect(Object.keys(plain)).toEqual(['x', 'y']);
  });

  it('has the type of what it builds', () => {
    expectTypeOf(lazy(build)).toEqualTypeOf<ReturnType<typeof build>>();
    expectTypeOf<z.infer<typeof model.metricsDocumentSchema>>().toEqualTypeOf<model.MetricsDocument>();
  });
});

/** Every `…Schema` the model exports, by name. */
function schemasOf(module: Record<string, unknown>): Map<string, z.ZodType> {
  return new Map(Object.entries(module).flatMap(([name, value]) => (name.endsWith('Schema') && value instanceof z.ZodType ? [[name, value]] : [])));
}

/** Valid inputs per schema, from the repository's examples; every schema also gets the generic inputs and each sample's broken variants. */
function samples(): Record<string, unknown[]> {
  const design = JSON.parse(readFileSync(join(EXAMPLE, '2025', 'ledarprogram.program.json'), 'utf8'));
  const client = JSON.parse(readFileSync(join(EXAMPLE, 'sodertalje.client.json'), 'utf8'));
  return {
    metricsDocumentSchema: [metrics],
    clientSettingsSchema: [settings, client],
    changeEntrySchema: metrics.change.slice(0, 5),
    instrumentSummarySchema: metrics.instruments,
    reactionMetricsSchema: [metrics.reaction],
    reactionGroupSchema: [metrics.reaction],
    kirkpatrickLevelSchema: metrics.kirkpatrick,
    trendPointSchema: metrics.trend,
    trendChangeSchema: metrics.trendChanges,
    sourceFileSchema: metrics.sources,
    benchmarksSchema: [metrics.benchmarks],
    raterGroupCountSchema: metrics.raterGroups,
    releaseHistorySchema: [metrics.release],
    programDesignSchema: [design],
    programDesignEntrySchema: [{ programId: 'ledarprogram', design }],
    renderRequestSchema: [{ clientId: 'sodertalje', year: 2025, inputsHash: 'h' }],
    computeRequestSchema: [{ clientId: 'sodertalje', year: 2025, seq: 3 }],
    deliverRequestSchema: [{ clientId: 'sodertalje', year: 2025, version: 2 }],
  };
}

/** The sample with each of its fields in turn replaced by a value of the wrong kind. */
function broken(sample: unknown): unknown[] {
  if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) return [];
  return Object.keys(sample).flatMap((key) => [
    { ...sample, [key]: null },
    { ...sample, [key]: 'x\n' },
  ]);
}

function outcome(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? { success: true, data: result.data } : { success: false, issues: result.error.issues };
}

describe("the model's schemas", () => {
  it('are not built when the model is imported, and are built on first use', async () => {
    vi.resetModules();
    const schemas = countZodSchemasBuilt();
    const fresh: Record<string, unknown> = await import(MODEL);
    expect(schemas.built()).toBe(0);
    const schema = fresh.metricsDocumentSchema;
    if (!(schema instanceof z.ZodType)) throw new Error('metricsDocumentSchema is not a zod schema');
    expect(schemas.built()).toBeGreaterThan(0);
    expect(schema.parse(metrics)).toEqual(metrics);
  });

  it('parse and refuse every input exactly as when built at import, with the same issues and JSON Schema', async () => {
    vi.resetModules();
    vi.doMock(LAZY, () => ({ lazy: <T>(build: () => T): T => build() }));
    const eager = schemasOf(await import(MODEL));
    const deferred = schemasOf(model);
    expect([...deferred.keys()].sort()).toEqual([...eager.keys()].sort());
    expect(deferred.size).toBeGreaterThan(40);
    // The reference really is the model built at import, and what callers get really is deferred.
    expect([...eager.values()].filter((s) => types.isProxy(s))).toEqual([]);
    expect([...deferred.values()].filter((s) => !types.isProxy(s))).toEqual([]);
    const valid = samples();
    for (const name of Object.keys(valid)) expect(deferred.has(name), name).toBe(true);
    const generic = [undefined, null, {}, [], 'x', 0, { clientId: 'Bad Id', year: 1800 }];
    let parsed = 0;
    for (const [name, schema] of deferred) {
      const reference = eager.get(name);
      if (!reference) throw new Error(`${name} is missing from the eager model`);
      const inputs = [...generic, ...(valid[name] ?? []), ...(valid[name] ?? []).flatMap(broken)];
      for (const input of inputs) {
        const expected = outcome(reference, input);
        expect(outcome(schema, input), `${name} on ${JSON.stringify(input)?.slice(0, 80)}`).toEqual(expected);
        if (expected.success && valid[name]?.includes(input)) parsed += 1;
      }
      for (const io of ['input', 'output'] as const) {
        expect(z.toJSONSchema(schema, { io, unrepresentable: 'any' }), name).toEqual(z.toJSONSchema(reference, { io, unrepresentable: 'any' }));
      }
    }
    // Every valid sample parsed: the comparison covered successes, not only refusals.
    expect(parsed).toBe(Object.values(valid).flat().length);
  });
});
