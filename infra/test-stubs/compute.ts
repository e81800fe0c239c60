// Test-only stand-in for functions/compute/handler.ts while that handler is being written (see infra/handler-entries.ts).
export async function handler(event: unknown): Promise<{ stub: string; received: boolean }> {
  return { stub: 'compute', received: event !== undefined };
}
