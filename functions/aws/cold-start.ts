/**
 * A Lambda entry point whose dependencies are built on its first invocation (the cold start), not when
 * the module is imported: importing a handler reads no environment and creates no client, so tests and
 * the local runtime can import it freely and wire it with `createHandler` instead. A build that throws
 * (e.g. a variable missing) fails that invocation and is tried again on the next.
 */
export function builtOnFirstCall<Args extends unknown[], Result>(build: () => (...args: Args) => Result): (...args: Args) => Result {
  let built: ((...args: Args) => Result) | undefined;
  return (...args) => {
    built ??= build();
    return built(...args);
  };
}
