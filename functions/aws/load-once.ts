/**
 * `load`, run on the first call and its result kept for every later one; a load that fails is tried again on
 * the next call (a module or client that could not be loaded once is not given up on for the container's life).
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
