/**
 * A value built on its first use rather than when its module loads: every cold start imports the whole
 * model, and building all its zod schemas up front costs each stage's import for the few record types its
 * first request reads (docs/benchmarks.md, "Eighth pass — bundle import").
 *
 * The value stands in for the built one exactly: its type is the builder's return type, so callers keep
 * `someSchema.parse(…)`, `.shape`, `.optional()` and `z.infer<typeof someSchema>`; every property read,
 * `in`, `instanceof` and key listing is answered by the built value. It is built once; a builder that throws
 * is retried on the next use.
 */
export function lazy<T extends object>(build: () => T): T {
  let built: T | undefined;
  const value = (): T => {
    built ??= build();
    return built;
  };
  const stand: Partial<T> = {};
  return new Proxy(stand as T, {
    get: (_target, key) => Reflect.get(value(), key),
    set: (_target, key, v) => Reflect.set(value(), key, v),
    has: (_target, key) => Reflect.has(value(), key),
    ownKeys: () => Reflect.ownKeys(value()),
    // Reported configurable: the stand-in itself holds none of the built value's own properties, and a proxy
    // may not report a non-configurable property its target lacks (zod installs `_zod` non-configurable).
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(value(), key);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(value(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(value(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(value()),
  });
}
