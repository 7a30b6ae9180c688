/**
 * The local token (issue 18.3): `serve` on the embedded database accepts, besides CONSOLE_TOKEN, a
 * token of this start that a CLI on this machine reads from a 0600 file; only with it may the
 * caller name the audit's actor. It is no way around the other checks, and no query parameter.
 */
import { describe, expect, it } from 'vitest';
import { checkRequest, guardPolicy, type GuardedRequest } from '../../../electron/engine/http/request-guard';

const CONSOLE = 'a-console-token-of-some-length';
const LOCAL = 'f'.repeat(64);
const req = (url: string, headers: Record<string, string> = {}, method = 'GET'): GuardedRequest => ({
  method,
  url,
  headers: { host: '127.0.0.1:8787', ...headers },
});
const post = (url: string, headers: Record<string, string> = {}) => req(url, { 'content-type': 'application/json', ...headers }, 'POST');

describe('the local token', () => {
  const guarded = guardPolicy({ boundHost: '127.0.0.1', token: CONSOLE, localToken: LOCAL });
  const open = guardPolicy({ boundHost: '127.0.0.1', token: null, localToken: LOCAL });

  it('stands in for CONSOLE_TOKEN and marks the request local', () => {
    expect(checkRequest(req('/api/getStatus', { authorization: `Bearer ${LOCAL}` }), guarded)).toEqual({
      ok: true,
      pathname: '/api/getStatus',
      isApi: true,
      local: true,
    });
    expect(checkRequest(post('/api/releaseLock', { authorization: `bearer ${LOCAL}` }), guarded)).toMatchObject({ ok: true, local: true });
    // without CONSOLE_TOKEN the API is open, but only the local token makes a caller local
    expect(checkRequest(req('/api/getStatus'), open)).toEqual({ ok: true, pathname: '/api/getStatus', isApi: true });
    expect(checkRequest(req('/api/getStatus', { authorization: `Bearer ${LOCAL}` }), open)).toMatchObject({ ok: true, local: true });
  });

  it('the console token is not local, a wrong one is refused, and the query string never carries it', () => {
    expect(checkRequest(req('/api/getStatus', { authorization: `Bearer ${CONSOLE}` }), guarded)).toEqual({ ok: true, pathname: '/api/getStatus', isApi: true });
    expect(checkRequest(req('/api/getStatus', { authorization: `Bearer ${'e'.repeat(64)}` }), guarded)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest(req(`/api/events?token=${LOCAL}`), guarded)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest(req(`/api/getStatus?token=${LOCAL}`), open)).toEqual({ ok: true, pathname: '/api/getStatus', isApi: true });
  });

  it('passes no other check: Host, Origin and Content-Type still apply', () => {
    expect(checkRequest(req('/api/getStatus', { authorization: `Bearer ${LOCAL}`, host: 'evil.example' }), guarded)).toMatchObject({ ok: false, status: 421 });
    expect(checkRequest(post('/api/pause', { authorization: `Bearer ${LOCAL}`, origin: 'https://evil.example' }), guarded)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkRequest(req('/api/pause', { authorization: `Bearer ${LOCAL}`, 'content-type': 'text/plain' }, 'POST'), guarded)).toMatchObject({
      ok: false,
      status: 415,
    });
  });

  it('without a local token (PostgreSQL, or before this change) nothing is local', () => {
    const plain = guardPolicy({ boundHost: '127.0.0.1', token: CONSOLE });
    expect(checkRequest(req('/api/getStatus', { authorization: `Bearer ${LOCAL}` }), plain)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest(req('/api/getStatus', { authorization: `Bearer ${CONSOLE}` }), plain)).not.toHaveProperty('local');
  });
});
