// Test-only stand-in for functions/ingest/handler.ts while that handler is being written (see infra/handler-entries.ts).
export async function handler(event: unknown): Promise<{ stub: string; received: boolean }> {
  return { stub: 'ingest', received: event !== undefined };
}
