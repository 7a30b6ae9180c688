/**
 * The headless host's one request guard, on its own: target, Host, token, Origin,
 * Content-Type and body size, each refused with its status and nothing else consulted.
 */
import { describe, expect, it } from 'vitest';
import { checkRequest, guardPolicy, type GuardedRequest } from '../../../electron/engine/http/request-guard';

const TOKEN = 'a-console-token-of-some-length';
const open = guardPolicy({ boundHost: '127.0.0.1', token: null });
const guarded = guardPolicy({ boundHost: '127.0.0.1', token: TOKEN });

const req = (url: string, headers: Record<string, string> = {}, method = 'GET'): GuardedRequest => ({
  method,
  url,
  headers: { host: '127.0.0.1:8787', ...headers },
});
const post = (url: string, headers: Record<string, string> = {}) => req(url, { 'content-type': 'application/json', ...headers }, 'POST');
const status = (verdict: ReturnType<typeof checkRequest>) => (verdict.ok ? 200 : verdict.status);

describe('request guard', () => {
  it('refuses targets that do not parse or decode (400)', () => {
    for (const url of ['/%E0%A4%A', '/%', '//[', '//evil.example/x', '/a%00b', '/a%0ab', '*', 'http://evil.example/', '', 'index.html']) {
      expect(status(checkRequest(req(url), open)), JSON.stringify(url)).toBe(400);
    }
    expect(checkRequest(req('/assets/a%20b.js?x=%'), open)).toEqual({ ok: true, pathname: '/assets/a b.js', isApi: false });
  });

  it('answers only to loopback names and the bound host (421)', () => {
    for (const host of ['127.0.0.1', '127.0.0.1:8787', 'localhost:1', 'LOCALHOST', '[::1]:8787', '[::1]']) {
      expect(status(checkRequest(req('/api/getStatus', { host }), open)), host).toBe(200);
    }
    for (const host of ['evil.example', 'evil.example:8787', '127.0.0.1.evil.example', '', '[::2]:1', 'a b']) {
      expect(status(checkRequest(req('/', { host }), open)), host).toBe(421);
    }
    expect(status(checkRequest({ method: 'GET', url: '/', headers: {} }, open))).toBe(421);
    const lan = guardPolicy({ boundHost: '10.0.0.5', token: TOKEN });
    expect(status(checkRequest(req('/', { host: '10.0.0.5:8787' }), lan))).toBe(200);
    const wildcard = guardPolicy({ boundHost: '0.0.0.0', token: TOKEN });
    expect(status(checkRequest(req('/', { host: '0.0.0.0:8787' }), wildcard))).toBe(421);
    const proxied = guardPolicy({ boundHost: '127.0.0.1', token: TOKEN, publicOrigins: ['https://console.example.com'] });
    expect(status(checkRequest(req('/', { host: 'console.example.com' }), proxied))).toBe(200);
  });

  it('takes the token from the header, and from the query string only to open the event stream (401)', () => {
    expect(status(checkRequest(req('/api/getStatus'), guarded))).toBe(401);
    expect(status(checkRequest(req('/api/getStatus', { authorization: `Bearer ${TOKEN}x` }), guarded))).toBe(401);
    expect(status(checkRequest(req('/api/getStatus', { authorization: `Bearer ${TOKEN}` }), guarded))).toBe(200);
    expect(status(checkRequest(req(`/api/getStatus?token=${TOKEN}`), guarded))).toBe(401);
    expect(status(checkRequest(post(`/api/pause?token=${TOKEN}`), guarded))).toBe(401);
    expect(status(checkRequest(post(`/api/events?token=${TOKEN}`), guarded))).toBe(401);
    expect(status(checkRequest(req(`/api/events?token=${TOKEN}`), guarded))).toBe(200);
    // the app shell carries no data and needs no token
    expect(status(checkRequest(req('/index.html'), guarded))).toBe(200);
  });

  it('issue 16.9: reads the scheme case-insensitively (RFC 7235), the token itself exactly', () => {
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      expect(status(checkRequest(req('/api/getStatus', { authorization: `${scheme} ${TOKEN}` }), guarded)), scheme).toBe(200);
    }
    // one or more spaces after the scheme (1*SP)
    expect(status(checkRequest(req('/api/getStatus', { authorization: `Bearer   ${TOKEN}` }), guarded))).toBe(200);
    expect(status(checkRequest(req('/api/getStatus', { authorization: `Bearer ${TOKEN.toUpperCase()}` }), guarded))).toBe(401);
    expect(status(checkRequest(req('/api/getStatus', { authorization: `Basic ${TOKEN}` }), guarded))).toBe(401);
    expect(status(checkRequest(req('/api/getStatus', { authorization: `Bearer${TOKEN}` }), guarded))).toBe(401);
    expect(status(checkRequest(req('/api/getStatus', { authorization: `Bearerx ${TOKEN}` }), guarded))).toBe(401);
  });

  it('refuses a state-changing call from a foreign Origin (403)', () => {
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1:9999', 'file://', 'http://localhost:8787']) {
      expect(status(checkRequest(post('/api/pause', { origin }), open)), origin).toBe(403);
    }
    expect(status(checkRequest(post('/api/pause', { origin: 'http://127.0.0.1:8787' }), open))).toBe(200);
    expect(status(checkRequest(post('/api/pause'), open))).toBe(200);
    // a read is harmless cross-site (the browser keeps the answer from the page)
    expect(status(checkRequest(req('/api/getStatus', { origin: 'http://evil.example' }), open))).toBe(200);
    const proxied = guardPolicy({ boundHost: '127.0.0.1', token: TOKEN, publicOrigins: ['https://console.example.com'] });
    const viaProxy = post('/api/pause', { origin: 'https://console.example.com', authorization: `Bearer ${TOKEN}` });
    expect(status(checkRequest(viaProxy, proxied))).toBe(200);
  });

  it('needs application/json on a state-changing call (415)', () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      expect(status(checkRequest(post('/api/pause', { 'content-type': contentType }), open)), contentType).toBe(415);
    }
    expect(status(checkRequest({ method: 'POST', url: '/api/pause', headers: { host: '127.0.0.1' } }, open))).toBe(415);
    expect(status(checkRequest(post('/api/pause', { 'content-type': 'Application/JSON; charset=utf-8' }), open))).toBe(200);
  });

  it('refuses an announced body over the limit (413)', () => {
    expect(status(checkRequest(post('/api/pause', { 'content-length': String(64 * 1024 + 1) }), open))).toBe(413);
    expect(status(checkRequest(post('/api/pause', { 'content-length': 'lots' }), open))).toBe(413);
    expect(status(checkRequest(post('/api/pause', { 'content-length': '20' }), open))).toBe(200);
  });
});
