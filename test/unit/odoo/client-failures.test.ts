import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OdooAccessDenied, OdooClient, OdooResponseError, OdooTransportError, odooFloat, type RetryPolicy } from '../../../electron/engine/odoo';
import { encodeMethodResponse, XmlRpcParseError } from '../../../electron/engine/xmlrpc';
import { body, fault, fixture, fromFixture, startFakeOdoo, value, type FakeOdoo, type Reply } from './fake-odoo';

const PASSWORD = 'S3cr3t-Pass-xyz';
const LOGIN = fromFixture('02-common-authenticate-ok.response.xml');

let server: FakeOdoo | undefined;
let client: OdooClient | undefined;
afterEach(async () => {
  client?.close();
  await server?.close();
  server = client = undefined;
});

interface Setup {
  /** Replies for the calls after login, in order; the last one repeats. */
  replies: Reply[];
  retry?: RetryPolicy;
  timeoutMs?: number;
  random?: () => number;
}

async function setup({ replies, retry = { attempts: 4, baseDelayMs: 100, maxDelayMs: 300 }, timeoutMs, random }: Setup) {
  let n = 0;
  server = await startFakeOdoo((call) => (call.methodName === 'authenticate' ? LOGIN : replies[Math.min(n++, replies.length - 1)]));
  const sleeps: number[] = [];
  client = new OdooClient({
    url: server.url,
    db: 'carteira',
    username: 'admin',
    password: PASSWORD,
    retry,
    timeoutMs,
    sleep: async (ms) => void sleeps.push(ms),
    random,
  });
  const objectCalls = (): number => (server as FakeOdoo).calls.filter((c) => c.service === 'object').length;
  return { client, server, sleeps, objectCalls };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  const outcome = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the call to fail');
  expect(outcome.message).not.toContain(PASSWORD);
  return outcome;
}

const count = (c: OdooClient) => c.searchCount('sale.order.line', []);

describe('retry policy', () => {
  it('retries 502/503/504 with full-jitter exponential backoff, then succeeds', async () => {
    const s = await setup({
      replies: [{ kind: 'status', status: 502 }, { kind: 'status', status: 503 }, { kind: 'status', status: 504 }, value(7)],
      random: () => 0.999,
    });
    expect(await count(s.client)).toBe(7);
    expect(s.objectCalls()).toBe(4);
    // ceilings: min(300, 100 * 2^k) → 100, 200, 300; random 0.999 lands just below each
    expect(s.sleeps).toEqual([99, 199, 299]);
  });

  it('backoff delays stay within [0, min(max, base * 2^k)) for any random value', async () => {
    const s = await setup({ replies: [{ kind: 'status', status: 503 }], retry: { attempts: 8, baseDelayMs: 50, maxDelayMs: 1000 }, random: Math.random });
    const error = await failure(count(s.client));
    expect(error).toBeInstanceOf(OdooTransportError);
    expect(s.sleeps).toHaveLength(7);
    s.sleeps.forEach((ms, k) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(Math.min(1000, 50 * 2 ** k));
    });
  });

  it('gives up after `attempts` tries with the last transport error, naming model and method', async () => {
    const s = await setup({ replies: [{ kind: 'status', status: 502 }], retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    const error = (await failure(count(s.client))) as OdooTransportError;
    expect(error).toBeInstanceOf(OdooTransportError);
    expect(error.kind).toBe('http-status');
    expect(error.status).toBe(502);
    expect(error.retryable).toBe(true);
    expect(error.model).toBe('sale.order.line');
    expect(error.method).toBe('search_count');
    expect(error.message).toMatch(/^sale\.order\.line\.search_count: HTTP 502/);
    expect(s.objectCalls()).toBe(3);
  });

  it('does not retry HTTP 403 or 500', async () => {
    for (const status of [403, 500]) {
      const s = await setup({ replies: [{ kind: 'status', status }] });
      const error = (await failure(count(s.client))) as OdooTransportError;
      expect(error.retryable).toBe(false);
      expect(error.status).toBe(status);
      expect(s.objectCalls()).toBe(1);
      expect(s.sleeps).toEqual([]);
      client?.close();
      await server?.close();
    }
  });

  it('never retries access denied, nor any other fault', async () => {
    const s = await setup({ replies: [fromFixture('14-fault-access-denied.response.xml')] });
    expect(await failure(count(s.client))).toBeInstanceOf(OdooAccessDenied);
    expect(s.objectCalls()).toBe(1);
    expect(s.sleeps).toEqual([]);
  });

  it('retries a connection reset on a read', async () => {
    const s = await setup({ replies: [{ kind: 'reset' }, value(3)] });
    expect(await count(s.client)).toBe(3);
    expect(s.objectCalls()).toBe(2);
  });

  it('does not retry a reset on a write (it may have been applied), but reports it', async () => {
    const s = await setup({ replies: [{ kind: 'reset' }, value(99)] });
    const error = (await failure(s.client.executeKw('sale.order', 'create', [{ name: 'x' }]))) as OdooTransportError;
    expect(error.kind).toBe('connection-reset');
    expect(s.objectCalls()).toBe(1);
  });

  it('connection refused is retried, then reported as such', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const sleeps: number[] = [];
    client = new OdooClient({
      url: `http://127.0.0.1:${port}`,
      db: 'd',
      username: 'u',
      password: PASSWORD,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      sleep: async (ms) => void sleeps.push(ms),
    });
    const error = (await failure(client.version())) as OdooTransportError;
    expect(error.kind).toBe('connection-refused');
    expect(error.retryable).toBe(true);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(sleeps).toHaveLength(2);
  });
});

describe('per-call timeout', () => {
  it('a server that does not answer in time is a retryable timeout', async () => {
    const s = await setup({ replies: [{ kind: 'delay', ms: 3000, then: value(1) }], timeoutMs: 150, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const started = Date.now();
    const error = (await failure(count(s.client))) as OdooTransportError;
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('the budget covers reading the body, not just the headers', async () => {
    const s = await setup({ replies: [{ kind: 'slow-body', ms: 3000 }], timeoutMs: 200, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const error = (await failure(count(s.client))) as OdooTransportError;
    expect(error.kind).toBe('timeout');
  });

  it('a slow body within the budget is fine', async () => {
    const s = await setup({ replies: [{ kind: 'slow-body', ms: 50 }], timeoutMs: 2000 });
    expect(await count(s.client)).toBe(1);
  });

  it('a timed-out try is retried and the next one can succeed', async () => {
    const s = await setup({ replies: [{ kind: 'delay', ms: 3000, then: value(1) }, value(5)], timeoutMs: 150 });
    expect(await count(s.client)).toBe(5);
    expect(s.objectCalls()).toBe(2);
  });
});

describe('broken answers', () => {
  it('a body cut mid-transfer is a retryable truncation', async () => {
    const full = fixture('04-object-search-read-lines.response.xml');
    const s = await setup({ replies: [{ kind: 'cut', body: full, cutAt: 3000 }], retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const error = (await failure(s.client.executeKw('sale.order.line', 'search_read', [[]]))) as OdooTransportError;
    expect(error).toBeInstanceOf(OdooTransportError);
    expect(error.kind).toBe('truncated');
    expect(s.objectCalls()).toBe(2);
  });

  it('a complete HTTP body holding a truncated document is a truncation too', async () => {
    const s = await setup({
      replies: [body(fixture('04-object-search-read-lines.response.xml').slice(0, 2000))],
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = (await failure(count(s.client))) as OdooTransportError;
    expect(error.kind).toBe('truncated');
  });

  it('malformed XML is one OdooResponseError naming model and method, not retried', async () => {
    const s = await setup({
      replies: [body("<?xml version='1.0'?>\n<methodResponse><params><param><value><int>x1</int></value></param></params></methodResponse>")],
    });
    const error = await failure(count(s.client));
    expect(error).toBeInstanceOf(OdooResponseError);
    expect(error.message).toMatch(/^sale\.order\.line\.search_count: malformed XML-RPC answer .*bad integer/);
    expect(error.cause).toBeInstanceOf(XmlRpcParseError);
    expect(s.objectCalls()).toBe(1);
  });

  it('an HTML page with status 200 is a response error', async () => {
    const s = await setup({ replies: [body('<html><body>Odoo is being upgraded</body></html>')] });
    expect(await failure(count(s.client))).toBeInstanceOf(OdooResponseError);
  });

  it('an answer of the wrong shape names model, method and what was expected', async () => {
    const s = await setup({ replies: [value('33')] });
    const error = await failure(count(s.client));
    expect(error).toBeInstanceOf(OdooResponseError);
    expect(error.message).toBe('sale.order.line.search_count: expected number, got string');
  });

  it('a bad field in one row names the row and the field', async () => {
    const rows = [1, 2, 3, 4].map((id) => ({ id, product_uom_qty: id === 4 ? '4.0' : id }));
    const s = await setup({ replies: [value(rows)] });
    const error = (await failure(
      s.client.searchRead('sale.order.line', [], { fields: ['product_uom_qty'], schema: z.object({ id: z.number(), product_uom_qty: odooFloat() }) }),
    )) as OdooResponseError;
    expect(error).toBeInstanceOf(OdooResponseError);
    expect(error.message).toBe('sale.order.line.search_read: row 3 field "product_uom_qty": expected number, got string');
    expect(error.row).toBe(3);
    expect(error.field).toBe('product_uom_qty');
    expect(error.model).toBe('sale.order.line');
  });

  it('a missing field and a nested many2one problem are reported with their path', async () => {
    const s = await setup({ replies: [value([{ id: 1, order_id: [1, false] }])] });
    const error = await failure(
      s.client.searchRead('sale.order.line', [], {
        fields: ['order_id', 'state'],
        schema: z.object({ id: z.number(), state: z.string() }),
      }),
    );
    expect(error.message).toBe('sale.order.line.search_read: row 0 field "state": expected string, got nothing (field missing)');
  });

  it('a fault code outside 1-4 is still a fault with its text', async () => {
    const s = await setup({ replies: [fault(42, 'Something odd')] });
    const error = await failure(count(s.client));
    expect(error.message).toBe('fault 42: Something odd');
  });
});

describe('the wire', () => {
  it('posts to /xmlrpc/2/<service>, reuses one keep-alive connection and sends datetimes as UTC strings', async () => {
    const s = await setup({ replies: [value([]), value([])] });
    await s.client.search('sale.order.line', [['write_date', '>=', new Date('2026-11-29T14:02:06.900-03:00')]]);
    await s.client.search('sale.order.line', []);
    expect(s.server.calls.map((c) => c.service)).toEqual(['common', 'object', 'object']);
    expect(s.server.calls[1].params[5]).toEqual([[['write_date', '>=', '2026-11-29 17:02:06']]]);
    expect(new Set(s.server.calls.map((c) => c.remotePort)).size).toBe(1);
  });

  it('a login failing on the network is retried by the next call instead of being cached', async () => {
    let logins = 0;
    server = await startFakeOdoo((call) => {
      if (call.methodName !== 'authenticate') return value(1);
      return logins++ === 0 ? { kind: 'status', status: 503 } : LOGIN;
    });
    client = new OdooClient({ url: server.url, db: 'carteira', username: 'admin', password: PASSWORD, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    expect(await failure(count(client))).toBeInstanceOf(OdooTransportError);
    expect(await count(client)).toBe(1);
  });

  it('rejects a domain it cannot send, before any call', async () => {
    const s = await setup({ replies: [value(0)] });
    await expect(s.client.searchCount('sale.order.line', [['a', '=', undefined]])).rejects.toThrow(/domain item 0/);
    await expect(s.client.searchCount('sale.order.line', ['&', 'x'])).rejects.toThrow(/domain item 1/);
    expect(s.objectCalls()).toBe(0);
  });

  it('encodes big answers the client then decodes whole', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ id: i + 1, name: `line ${i} ção & <x>` }));
    const s = await setup({ replies: [body(encodeMethodResponse(rows))] });
    const got = await s.client.searchRead('sale.order.line', [], { fields: ['name'], schema: z.object({ id: z.number(), name: z.string() }) });
    expect(got).toEqual(rows);
  });
});
