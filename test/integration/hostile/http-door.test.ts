/**
 * The console's HTTP door under hostile requests, against a real `serve` process on a
 * loopback port (issue 8, findings 1, 2, 3 and 5): no request, however malformed, ends the
 * process; no cross-site or DNS-rebinding request changes anything; the token travels in a
 * header, and in the query string only to open the event stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, send, startServe, type ServeProcess } from './helpers/serve-process';

const TOKEN = 'hostile-console-token-0123456789';

const isPaused = async (serve: ServeProcess, headers: Record<string, string> = {}) => {
  const answer = await send(serve.port, { path: '/api/getStatus', headers });
  expect(answer.status).toBe(200);
  return (JSON.parse(answer.body) as { result: { paused: unknown } }).result.paused !== null;
};

describe('serve without a token (loopback)', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe();
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it('finding 1: answers malformed targets with 400 and keeps serving', async () => {
    for (const target of ['/%E0%A4%A', '/%', '//[', '/api/%', '/a%00b', '*', 'http://evil.example/api/getStatus']) {
      const answer = await raw(serve.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\nConnection: close\r\n\r\n`);
      expect(answer.status, target).toBe(400);
    }
    // a request line Node's parser itself refuses is a 400 too
    expect((await raw(serve.port, 'GET /\u0001 HTTP/1.1\r\n\r\n')).status).toBe(400);
    expect(serve.alive()).toBe(true);
    expect((await send(serve.port, { path: '/api/getStatus' })).status).toBe(200);
  });

  it('finding 1: survives 300 random request targets and header lines, none answered with a 500', async () => {
    let seed = 8;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = (chars: string, length: number) => Array.from({ length }, () => chars[Math.floor(random() * chars.length)]).join('');
    const nasty = '%/[]?#@:\\\u0000\u007f\u00ff ~.aZ9&=+';
    for (let i = 0; i < 300; i++) {
      const target = `/${pick(nasty, 1 + Math.floor(random() * 20))}`;
      const header = i % 3 === 0 ? `X-${pick('abc', 3)}: ${pick(nasty, 10)}\r\n` : '';
      const answer = await raw(serve.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${header}Connection: close\r\n\r\n`);
      // 4xx mostly; 200 or 503 (console not built) for a target that normalises to the app shell
      expect(answer.status, `${JSON.stringify(target)} → ${answer.status}`).not.toBe(500);
    }
    expect(serve.alive()).toBe(true);
    expect((await send(serve.port, { path: '/api/getStatus' })).status).toBe(200);
  });

  it('finding 2: refuses a cross-site POST (text/plain, or a foreign Origin) and does nothing', async () => {
    const simple = await send(serve.port, {
      method: 'POST',
      path: '/api/pause',
      headers: { 'content-type': 'text/plain', origin: 'http://evil.example' },
      body: JSON.stringify({ reason: 'csrf' }),
    });
    expect(simple.status).toBe(403);
    const plain = await send(serve.port, {
      method: 'POST',
      path: '/api/pause',
      headers: { 'content-type': 'text/plain', origin: serve.url },
      body: JSON.stringify({ reason: 'csrf' }),
    });
    expect(plain.status).toBe(415);
    const noType = await send(serve.port, { method: 'POST', path: '/api/pause', body: JSON.stringify({ reason: 'csrf' }) });
    expect(noType.status).toBe(415);
    const foreign = await send(serve.port, {
      method: 'POST',
      path: '/api/pause',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ reason: 'csrf' }),
    });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body)).toEqual({ error: expect.stringMatching(/Origin http:\/\/evil\.example/) });
    const opaque = await send(serve.port, {
      method: 'POST',
      path: '/api/pause',
      headers: { 'content-type': 'application/json', origin: 'null' },
      body: JSON.stringify({ reason: 'csrf' }),
    });
    expect(opaque.status).toBe(403);
    expect(await isPaused(serve)).toBe(false);
    // the console itself (same origin) still works
    const own = await send(serve.port, {
      method: 'POST',
      path: '/api/pause',
      headers: { 'content-type': 'application/json; charset=utf-8', origin: serve.url },
      body: JSON.stringify({ reason: 'same origin' }),
    });
    expect(own.status).toBe(200);
    expect(await isPaused(serve)).toBe(true);
    // resume takes a reason, audited like a pause (issue 18.1)
    const resumed = await send(serve.port, {
      method: 'POST',
      path: '/api/resume',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'fim do teste' }),
    });
    expect(resumed.status).toBe(200);
  });

  it('finding 3: answers a foreign Host (DNS rebinding) with 421, reads and writes alike', async () => {
    const read = await send(serve.port, { path: '/api/getStatus', headers: { host: `evil.example:${serve.port}` } });
    expect(read.status).toBe(421);
    expect(read.body).not.toContain('watermark');
    const write = await send(serve.port, {
      method: 'POST',
      path: '/api/pause',
      headers: { host: `evil.example:${serve.port}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'rebinding' }),
    });
    expect(write.status).toBe(421);
    expect(await isPaused(serve)).toBe(false);
    for (const host of [`localhost:${serve.port}`, `127.0.0.1:${serve.port}`, `[::1]:${serve.port}`]) {
      expect((await send(serve.port, { path: '/api/getStatus', headers: { host } })).status, host).toBe(200);
    }
  });

  it('finding 11: an inverted range is a 400 in the API’s words, not a 500 worded with CLI flags', async () => {
    const answer = await send(serve.port, {
      method: 'POST',
      path: '/api/runSync',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'range', from: '2026-06-01T12:00:00Z', to: '2026-06-01T11:00:00Z' }),
    });
    expect(answer.status).toBe(400);
    const { error } = JSON.parse(answer.body) as { error: string };
    expect(error).toMatch(/início do intervalo .* deve ser antes do fim/);
    expect(error).not.toContain('--');
  });

  it('opens the event stream with GET only', async () => {
    const post = await send(serve.port, { method: 'POST', path: '/api/events', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(405);
  });

  it('refuses a body over the limit with 413 before reading it', async () => {
    const answer = await send(serve.port, {
      method: 'POST',
      path: '/api/pause',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'x'.repeat(200 * 1024) }),
    });
    expect(answer.status).toBe(413);
    // announced nowhere (chunked): refused while reading
    const chunked = await send(serve.port, {
      method: 'POST',
      path: '/api/pause',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: JSON.stringify({ reason: 'x'.repeat(200 * 1024) }),
    });
    expect(chunked.status).toBe(413);
    expect(await isPaused(serve)).toBe(false);
    expect(serve.alive()).toBe(true);
  });
});

describe('serve with CONSOLE_TOKEN', () => {
  let serve: ServeProcess;
  const bearer = { authorization: `Bearer ${TOKEN}` };
  beforeAll(async () => {
    serve = await startServe({ env: { CONSOLE_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it('finding 1: a malformed target is a 400, never the end of the process, with or without the token', async () => {
    for (const target of ['/%E0%A4%A', '/%', '//[', '/api/%E0%A4%A']) {
      expect((await raw(serve.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)).status, target).toBe(400);
    }
    expect(serve.alive()).toBe(true);
    expect((await send(serve.port, { path: '/api/getStatus', headers: bearer })).status).toBe(200);
  });

  it('finding 5: takes the token in the query string only to open the event stream', async () => {
    const query = `?token=${encodeURIComponent(TOKEN)}`;
    expect((await send(serve.port, { path: `/api/getStatus${query}` })).status).toBe(401);
    const pause = await send(serve.port, {
      method: 'POST',
      path: `/api/pause${query}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'token in the URL' }),
    });
    expect(pause.status).toBe(401);
    expect(await isPaused(serve, bearer)).toBe(false);
    const events = await send(serve.port, { path: `/api/events${query}`, closeEarly: true });
    expect(events.status).toBe(200);
    expect(events.headers['content-type']).toBe('text/event-stream');
  });
});
