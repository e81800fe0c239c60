import { vi } from 'vitest';

/**
 * Counts the zod schemas built from now on: every schema factory (z.object, z.string, z.url, …) of the modules
 * imported after this call (call `vi.resetModules()` first); classes and namespaces (z.ZodObject, z.iso) as they
 * are. Undo with `vi.doUnmock('zod')`.
 */
export function countZodSchemasBuilt(): { built(): number } {
  let built = 0;
  vi.doMock('zod', async (importOriginal) => {
    const zod: Record<string, unknown> = await importOriginal<typeof import('zod')>();
    const counted = (factory: Function) =>
      new Proxy(factory, {
        apply: (target, self, args) => {
          built += 1;
          return Reflect.apply(target, self, args);
        },
      });
    return Object.fromEntries(Object.entries(zod).map(([name, value]) => [name, typeof value === 'function' && /^[a-z]/.test(name) ? counted(value) : value]));
  });
  return { built: () => built };
}
