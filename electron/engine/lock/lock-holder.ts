/**
 * The lock value: JSON `{token, owner, host, pid, runId, acquiredAt, fence}` (the
 * operator-facing contract of `<prefix>:lock`) plus tokens and parsing.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { LockBackendName, LockHolder } from './types';

/** A random 128-bit token in hex. */
export function newToken(): string {
  return randomBytes(16).toString('hex');
}

const storedHolder = z.object({
  token: z.string().min(1),
  owner: z.string().catch(''),
  host: z.string().catch(''),
  pid: z.number().int().catch(0),
  runId: z.number().int().nullable().catch(null),
  acquiredAt: z.string().catch(''),
  fence: z.number().int().nullable().catch(null),
});

/** The exact string stored in Redis / the lock file (backend is implied by where it is stored). */
export function serializeHolder(holder: LockHolder): string {
  const { token, owner, host, pid, runId, acquiredAt, fence } = holder;
  return JSON.stringify({ token, owner, host, pid, runId, acquiredAt, fence });
}

/**
 * Parses a stored value. A value that is not our JSON (someone `SET` the key by hand) still
 * reports as held, with the raw text as owner and an empty token, so nothing compares equal to it.
 */
export function parseHolder(raw: string, backend: LockBackendName): LockHolder {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    data = null;
  }
  const parsed = storedHolder.safeParse(data);
  if (parsed.success) return { ...parsed.data, backend };
  return { token: '', owner: raw.slice(0, 200), host: '', pid: 0, runId: null, acquiredAt: '', fence: null, backend };
}
