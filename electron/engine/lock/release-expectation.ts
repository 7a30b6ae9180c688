/**
 * What a forced release compares before it deletes: nothing (`force`), this product's token, or
 * the exact value the operator was shown (its SHA-1), whoever wrote it. Redis compares in one Lua
 * script (`redis-lock.ts`); the fallback backends hold only this product's values, so there the
 * value is checked against the holder read just before, and the release goes by its token.
 */
import type { BackendRelease, LockBackend } from './lease';
import type { ReleaseExpectation } from './redis-lock';
import type { ForceReleaseOptions } from './types';

export type { ReleaseExpectation } from './redis-lock';

export function releaseExpectation(request: Pick<ForceReleaseOptions, 'force' | 'expectedToken' | 'expectedValueSha1'>): ReleaseExpectation {
  if (request.force === true) return null;
  if (request.expectedValueSha1) return { valueSha1: request.expectedValueSha1 };
  return request.expectedToken ?? null;
}

/** A fallback backend's release with the same expectation; a value that no longer matches is kept. */
export async function releaseOnFallback(backend: LockBackend, expected: ReleaseExpectation): Promise<BackendRelease> {
  if (expected === null || typeof expected === 'string') return backend.forceRelease(expected);
  const found = await backend.inspect();
  if (!found) return { released: false, previous: null };
  if (found.holder.value?.sha1 !== expected.valueSha1) return { released: false, previous: found.holder };
  return backend.forceRelease(found.holder.token);
}
