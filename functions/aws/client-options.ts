/** What a caller may add to the environment: explicit credentials (local mode; AWS uses the default chain). */
export interface ClientOptions {
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /**
   * SQS only: connections the client may hold open at once (the SDK's default otherwise). The local runtime's
   * event sources hold one per long poll, and its other calls must not queue behind them.
   */
  maxSockets?: number;
}

export const maxAttempts = 5;
