/**
 * The field bug of issue 17, reproduced the way the world showed it: a scripted loopback server
 * that answers the version routes exactly as the recorded Odoo 19.0 and 16.0 did
 * (test/fixtures/odoo/odoo19/33–36, odoo16-version/), and the few calls a sync makes. On 19.0
 * `GET /web/version` is plain JSON with `version_info`/`version` and a JSON-RPC POST to it is a
 * 400 HTML page; on 16.0 it is an HTML 404. `auto` and `json2` must work on 19.0 with only an
 * API key, `auto` must pick JSON-RPC on 16.0, and every reason it logs must be true.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OdooClient, type OdooClientOptions, type ProtocolChoice } from '../../../electron/engine/odoo';
import { ODOO_FIXTURES_DIR } from '../../support/fixtures';

const fixture = (path: string) => readFileSync(join(ODOO_FIXTURES_DIR, path), 'utf8');
const API_KEY = 'k'.repeat(40);
const DATE = 'Mon, 30 Nov 2026 12:00:10 GMT';

interface Seen {
  method: string;
  path: string;
}

/** Answers as the recorded Odoo of `version` answered (bodies from the fixtures), and a search_count of 7 on each protocol. */
function scriptedOdoo(version: '16.0' | '19.0', seen: Seen[]): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      seen.push({ method: req.method ?? '', path });
      const body = Buffer.concat(chunks).toString('utf8');
      const send = (status: number, type: string, text: string) => {
        res.writeHead(status, { 'Content-Type': type, Date: DATE });
        res.end(text);
      };
      const json = 'application/json; charset=utf-8';
      const jsonRpc = (result: unknown) => send(200, json, JSON.stringify({ jsonrpc: '2.0', id: (JSON.parse(body) as { id: unknown }).id, result }));
      const versionInfo = JSON.parse(
        fixture(
          version === '19.0' ? 'odoo19/36-webclient-version_info-jsonrpc.response.json' : 'odoo16-version/02-webclient-version_info-jsonrpc.response.json',
        ),
      ) as {
        result: unknown;
      };
      if (path === '/web/version' || path === '/json/version') {
        if (version === '16.0') return send(404, 'text/html;charset=utf-8', fixture('odoo16-version/01-web-version-get-404.response.html'));
        if (req.method === 'GET') return send(200, json, fixture('odoo19/33-web-version-get.response.json'));
        return send(400, 'text/html; charset=utf-8', fixture('odoo19/34-web-version-post-jsonrpc-400.response.html'));
      }
      if (path === '/web/webclient/version_info' && req.method === 'POST') return jsonRpc(versionInfo.result);
      if (path === '/jsonrpc' && req.method === 'POST') {
        const { service, method } = (JSON.parse(body) as { params: { service: string; method: string } }).params;
        if (service === 'common' && method === 'version') return jsonRpc(versionInfo.result);
        if (service === 'common' && method === 'authenticate') return jsonRpc(2);
        if (service === 'object' && method === 'execute_kw') return jsonRpc(7);
      }
      if (path.startsWith('/json/2/') && version === '19.0' && req.method === 'POST') {
        if (req.headers.authorization !== `bearer ${API_KEY}`)
          return send(401, json, '{"name": "werkzeug.exceptions.Unauthorized", "message": "Invalid apikey"}');
        return send(200, json, '7');
      }
      send(404, 'text/html;charset=utf-8', fixture('odoo16-version/01-web-version-get-404.response.html'));
    });
  });
}

const servers: Record<'16.0' | '19.0', { url: string; seen: Seen[]; server: http.Server }> = {} as never;

beforeAll(async () => {
  for (const version of ['16.0', '19.0'] as const) {
    const seen: Seen[] = [];
    const server = scriptedOdoo(version, seen);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers[version] = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
  }
});
afterAll(async () => {
  for (const { server } of Object.values(servers)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const clients: OdooClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const { seen } of Object.values(servers)) seen.splice(0);
});

function client(version: '16.0' | '19.0', options: Partial<OdooClientOptions>) {
  const choices: ProtocolChoice[] = [];
  const c = new OdooClient({
    url: servers[version].url,
    db: version === '19.0' ? 'carteira19' : 'carteira',
    username: '',
    password: '',
    timeoutMs: 5000,
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    onProtocol: (choice) => choices.push(choice),
    ...options,
  });
  clients.push(c);
  return { c, choices, seen: servers[version].seen };
}

const paths = (seen: Seen[]) => seen.map((s) => `${s.method} ${s.path}`);
const onlyJson2 = (seen: Seen[]) => seen.every((s) => s.path.startsWith('/json/2/') || (s.method === 'GET' && s.path === '/web/version'));

describe('Odoo 19.0 as it really answers', () => {
  it('auto with only URL, DB and API key: JSON-2, its reason true, JSON-2 calls only', async () => {
    const { c, choices, seen } = client('19.0', { protocol: 'auto', apiKey: API_KEY });
    const floor = await c.serverTimeAtLeast();
    expect(await c.searchCount('sale.order', [])).toBe(7);
    expect(c.protocol).toBe('json2');
    expect(choices).toHaveLength(1);
    expect(choices[0]).toMatchObject({ protocol: 'json2', serverVersion: '19.0', why: 'json2' });
    expect(choices[0].reason).toBe('Odoo 19.0 oferece JSON-2 e há uma chave de API configurada');
    // Odoo's clock: the Date header of the GET, less the round trip
    expect(floor!.getTime()).toBeLessThanOrEqual(Date.parse(DATE));
    expect(floor!.getTime()).toBeGreaterThan(Date.parse(DATE) - 2000);
    expect(onlyJson2(seen), paths(seen).join(', ')).toBe(true);
    // the probe that chose JSON-2 gave the clock too: one version call, not two
    expect(paths(seen)).toEqual(['GET /web/version', 'POST /json/2/sale.order/search_count']);
  });

  it("json2: the version (normalised to common.version's shape), Odoo's clock and a read", async () => {
    const { c, seen } = client('19.0', { protocol: 'json2', apiKey: API_KEY });
    expect(await c.version()).toEqual({ server_version: '19.0', server_version_info: [19, 0, 0, 'final', 0, ''], server_serie: '19.0', protocol_version: 1 });
    expect((await c.serverTimeAtLeast())!.getTime()).toBeLessThanOrEqual(Date.parse(DATE));
    expect(await c.searchCount('sale.order', [])).toBe(7);
    expect(onlyJson2(seen), paths(seen).join(', ')).toBe(true);
  });

  it('auto without an API key: JSON-RPC, saying JSON-2 is there but no key is', async () => {
    const { c, choices } = client('19.0', { protocol: 'auto', username: 'admin', password: 'admin' });
    expect(await c.searchCount('sale.order', [])).toBe(7);
    expect(choices[0]).toMatchObject({ protocol: 'jsonrpc', serverVersion: '19.0', why: 'no-api-key' });
    expect(choices[0].reason).toBe('Odoo 19.0 oferece JSON-2, mas não há chave de API (ODOO_API_KEY) configurada');
  });
});

describe('Odoo 16.0 as it really answers', () => {
  it('auto with a login: JSON-RPC only, its reason true', async () => {
    const { c, choices, seen } = client('16.0', { protocol: 'auto', username: 'admin', password: 'admin' });
    expect(await c.searchCount('sale.order', [])).toBe(7);
    expect((await c.serverTimeAtLeast())!.getTime()).toBeLessThanOrEqual(Date.parse(DATE));
    expect(choices[0]).toMatchObject({ protocol: 'jsonrpc', serverVersion: '16.0', why: 'json2-needs-19' });
    expect(choices[0].reason).toBe('Odoo 16.0 não oferece JSON-2 (só a partir do Odoo 19)');
    expect(
      seen.every((s) => s.method === 'POST' && s.path === '/jsonrpc'),
      paths(seen).join(', '),
    ).toBe(true);
  });

  it('auto with an API key too: JSON-RPC after one GET /web/version, its reason true', async () => {
    const { c, choices, seen } = client('16.0', { protocol: 'auto', username: 'admin', password: 'admin', apiKey: API_KEY });
    expect(await c.searchCount('sale.order', [])).toBe(7);
    expect(choices[0]).toMatchObject({ protocol: 'jsonrpc', serverVersion: '16.0', why: 'json2-needs-19' });
    expect(choices[0].reason).toBe('Odoo 16.0 não oferece JSON-2 (só a partir do Odoo 19)');
    expect(paths(seen).filter((p) => p !== 'POST /jsonrpc')).toEqual(['GET /web/version']);
  });

  it('json2 forced: fails saying JSON-2 needs Odoo 19, naming the version', async () => {
    const { c } = client('16.0', { protocol: 'json2', apiKey: API_KEY });
    const error = await c.serverTimeAtLeast().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^version: Odoo 16\.0 at http:\/\/127\.0\.0\.1:\d+ has no JSON-2 API \(it needs Odoo 19 or later\): use ODOO_PROTOCOL=auto or jsonrpc/,
    );
    await expect(c.searchCount('sale.order', [])).rejects.toThrow(/no JSON-2 API.*it needs Odoo 19 or later/);
  });

  it('an API key alone: the login it needs is asked for, in the same true words', async () => {
    const { c } = client('16.0', { protocol: 'auto', apiKey: API_KEY });
    await expect(c.searchCount('sale.order', [])).rejects.toThrow(/^Odoo 16\.0 não oferece JSON-2 \(só a partir do Odoo 19\); .*ODOO_USER/);
  });
});
