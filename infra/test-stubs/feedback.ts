// Test-only stand-in for functions/feedback/handler.ts while that handler is being written (see infra/handler-entries.ts).
export async function handler(event: unknown): Promise<{ stub: string; received: boolean }> {
  return { stub: 'feedback', received: event !== undefined };
}
