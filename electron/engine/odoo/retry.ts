import { OdooTransportError } from './errors';

export interface RetryPolicy {
  /** Total attempts, the first one included (1 = never retry). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 };

/** "Full jitter" (AWS architecture blog): uniform in [0, min(max, base * 2^retry)). */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Whether an error may be retried. Faults and bad answers never are (the same call fails
 * again; access denied must not hammer the login). A call that may have changed data on
 * the server is retried only when the request surely never reached it (connection refused).
 */
export function shouldRetry(error: unknown, idempotent: boolean): boolean {
  if (!(error instanceof OdooTransportError) || !error.retryable) return false;
  return idempotent || error.kind === 'connection-refused';
}

export async function withRetry<T>(
  run: () => Promise<T>,
  options: { policy: RetryPolicy; idempotent: boolean; sleep: (ms: number) => Promise<void>; random: () => number },
): Promise<T> {
  const attempts = Math.max(1, Math.floor(options.policy.attempts));
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !shouldRetry(error, options.idempotent)) throw error;
      await options.sleep(backoffDelay(options.policy, attempt - 1, options.random));
    }
  }
}
