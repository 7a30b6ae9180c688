/**
 * Every recorded Odoo 19 answer (JSON-2, JSON-RPC, XML-RPC: successes and each error class;
 * the version routes) fed to the transport of its protocol through a loopback server that
 * replays the recorded status, headers and body; each must decode to the recorded value or map
 * to its error class.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Json2Transport,
  OdooTransportError,
  JsonRpcTransport,
  OdooAccessDenied,
  OdooAccessError,
  OdooApplicationError,
  OdooNotFound,
  OdooDatabaseNotFound,
  OdooUserError,
  XmlRpcTransport,
  type OdooValue,
} from '../../../electron/engine/odoo';
import { HttpExchange, httpStatusError } from '../../../electron/engine/odoo/http-exchange';
import { commonVersionShape } from '../../../electron/engine/odoo/json2-transport';
import { jsonRpcResult } from '../../../electron/engine/odoo/jsonrpc-transport';
import { decodeMethodCall } from '../../../electron/engine/xmlrpc';
import { plain, readTypedResponse } from '../odoo-sim/typed-xml';
import { ODOO19_FIXTURES_DIR } from '../../support/fixtures';

interface Transcript {
  name: string;
  request: { method: string; url: string; headers: Record<string, string>; body: unknown };
  status: number;
  headers: Record<string, string>;
  body: string;
}

function load(name: string): Transcript {
  const file = (suffix: string) => readFileSync(join(ODOO19_FIXTURES_DIR, `${name}${suffix}`), 'utf8');
  const headers: Record<string, string> = {};
  for (const line of file('.response.headers').split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const suffix = name.includes('-xmlrpc-')
    ? '.response.xml'
    : existsSync(join(ODOO19_FIXTURES_DIR, `${name}.response.html`))
      ? '.response.html'
      : '.response.json';
  return {
    name,
    request: JSON.parse(file('.request.json')) as Transcript['request'],
    status: Number(file('.status').trim()),
    headers,
    body: file(suffix),
  };
}

const NAMES = readdirSync(ODOO19_FIXTURES_DIR)
  .filter((f) => f.endsWith('.request.json'))
  .map((f) => f.replace(/\.request\.json$/, ''))
  .sort();

type Expected = { value: (v: OdooValue) => void } | { error: new (...args: never[]) => Error; message?: string };
const records = (ids: number[]) => ({ value: (v: OdooValue) => expect((v as { id: number }[]).map((r) => r.id)).toEqual(ids) });
const equals = (expected: unknown) => ({ value: (v: OdooValue) => expect(v).toEqual(expected) });
const version19 = { value: (v: OdooValue) => expect(v).toMatchObject({ server_version: '19.0', server_version_info: [19, 0, 0, 'final', 0, ''] }) };

const EXPECTED: Record<string, Expected> = {
  '01-json2-search_read-ok': records([34, 35, 30]),
  '02-json2-search_read-invalid-field': { error: OdooApplicationError, message: "Invalid field 'no_such_field' on 'sale.order.line'" },
  '03-json2-search_read-invalid-domain-field': {
    error: OdooApplicationError,
    message: "Invalid field sale.order.line.no_such_field in condition ('no_such_field', '=', 1)",
  },
  '04-json2-wrong-apikey': { error: OdooAccessDenied, message: 'Invalid apikey' },
  '05-json2-missing-authorization': { error: OdooAccessDenied },
  '06-json2-unknown-model': { error: OdooNotFound, message: "the model 'no.such.model' does not exist" },
  '07-json2-unknown-method': { error: OdooNotFound, message: "The method 'sale.order.line.no_such_method' does not exist" },
  '08-json2-private-method': { error: OdooAccessError },
  '09-json2-search_read-unexpected-kwarg-500': {
    error: OdooApplicationError,
    message: "BaseModel._read_format() got an unexpected keyword argument 'bogus_kw'",
  },
  '10-json2-read-unexpected-argument-422': { error: OdooApplicationError, message: "got an unexpected keyword argument 'bogus_kw'" },
  '11-json2-model-method-with-ids-422': { error: OdooApplicationError, message: 'cannot call sale.order.line.search_count with ids' },
  '12-json2-search_count-ok': equals(44),
  '13-json2-read-ids-ok': records([34, 35]),
  '14-json2-no-database-header-ok': records([4, 6]),
  '15-json2-usererror-unlink-confirmed-order': {
    error: OdooUserError,
    message: 'You can not delete a sent quotation or a confirmed sales order. You must first cancel it.',
  },
  '16-json2-invalid-json-body': { error: OdooApplicationError },
  '17-json2-get-method-404': { error: OdooNotFound },
  '18-json2-wrong-database-header': { error: OdooDatabaseNotFound },
  '19-json2-accesserror-acl-demo-user': { error: OdooAccessError },
  '20-json2-accesserror-record-rule-demo-user': { error: OdooAccessError },
  '21-jsonrpc-execute_kw-search_count-ok': equals(20),
  '22-jsonrpc-execute_kw-apikey-as-password-ok': records([34, 35]),
  '23-jsonrpc-common-authenticate-ok': equals(2),
  '24-jsonrpc-wrong-password': { error: OdooAccessDenied, message: 'Access Denied' },
  '25-jsonrpc-invalid-field': { error: OdooApplicationError, message: "Invalid field 'no_such_field' on 'sale.order.line'" },
  '26-jsonrpc-unknown-model': { error: OdooNotFound, message: "Object no.such.model doesn't exist" },
  '27-jsonrpc-common-version-ok': version19,
  '28-xmlrpc-common-version-ok': version19,
  '29-xmlrpc-common-authenticate-ok': equals(2),
  '30-xmlrpc-execute_kw-search_count-ok': equals(44),
  '31-xmlrpc-execute_kw-unknown-model-fault': { error: OdooNotFound, message: "Object no.such.model doesn't exist" },
  '32-xmlrpc-execute_kw-wrong-password-fault': { error: OdooAccessDenied, message: 'Access Denied' },
  // the version routes: GET /web/version as JSON-2's version (normalised to common.version's shape)
  '33-web-version-get': equals({ server_version: '19.0', server_version_info: [19, 0, 0, 'final', 0, ''], server_serie: '19.0', protocol_version: 1 }),
  // what the client sent before issue 17 (a JSON-RPC POST): a 400 HTML page, a transport error
  '34-web-version-post-jsonrpc-400': { error: OdooTransportError, message: `HTTP 400 Bad Request from <url>/web/version version` },
  '35-json-version-get': equals({ server_version: '19.0', server_version_info: [19, 0, 0, 'final', 0, ''], server_serie: '19.0', protocol_version: 1 }),
  '36-webclient-version_info-jsonrpc': version19,
  // recorded later, as the client sends them (see recordedValue)
  '37-json2-web-version-get-as-client': equals({
    server_version: '19.0',
    server_version_info: [19, 0, 0, 'final', 0, ''],
    server_serie: '19.0',
    protocol_version: 1,
  }),
  ...Object.fromEntries(
    NAMES.filter((name) => /^(3[89]|[45]\d|6[013-9]|7[0-4])-/.test(name)).map((name) => [
      name,
      { value: (v: OdooValue) => expect(v).toEqual(recordedValue(name)) },
    ]),
  ),
  '62-unknown-route-get-404': { error: OdooTransportError, message: 'HTTP 404 Not Found from <url>/no/such/route' },
};

/** The value a recorded success carries: JSON-2's bare body, JSON-RPC's `result`, XML-RPC's param. */
function recordedValue(name: string): unknown {
  const body = load(name).body;
  if (name.includes('-xmlrpc-')) {
    const response = readTypedResponse(body);
    return response.kind === 'value' ? plain(response.value) : response;
  }
  const parsed = JSON.parse(body) as { result?: unknown };
  return name.includes('-jsonrpc-') ? parsed.result : parsed;
}

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let server: http.Server;
let url: string;
let current: Transcript;
let seen: Seen | null = null;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const headers = Object.fromEntries(
        Object.entries(current.headers).filter(([name]) => !['content-length', 'connection', 'date', 'server'].includes(name)),
      );
      res.writeHead(current.status, headers);
      res.end(current.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The recorded request, replayed through the transport of its protocol. */
async function replay(t: Transcript): Promise<OdooValue> {
  const path = new URL(t.request.url).pathname;
  const options = { url, timeoutMs: 5000 };
  if (path === '/web/version' && t.request.method === 'GET') {
    const transport = new Json2Transport({ ...options, apiKey: 'recorded-key' });
    try {
      return await transport.version();
    } finally {
      transport.close();
    }
  }
  if (t.request.method === 'GET' && path !== '/json/version' && !path.startsWith('/json/2/')) {
    // a route the client never calls (an unknown one): the status as the transports report it
    const http = new HttpExchange({ url });
    try {
      const answer = await http.send({ path, method: 'GET', headers: t.request.headers, body: Buffer.alloc(0), timeoutMs: 5000, label: '' });
      throw httpStatusError(answer, http.where(path, ''));
    } finally {
      http.close();
    }
  }
  if (path === '/web/version' || path === '/json/version' || path === '/web/webclient/version_info') {
    // routes no transport sends as recorded: the exchange, read as the client reads each
    const http = new HttpExchange({ url });
    try {
      const body = t.request.body === null ? Buffer.alloc(0) : Buffer.from(JSON.stringify(t.request.body));
      const answer = await http.send({ path, method: t.request.method as 'GET' | 'POST', headers: t.request.headers, body, timeoutMs: 5000, label: 'version' });
      const where = http.where(path, 'version');
      return t.request.method === 'GET' ? commonVersionShape(JSON.parse(answer.body.toString('utf8')) as OdooValue, where) : jsonRpcResult(answer, where);
    } finally {
      http.close();
    }
  }
  if (path.startsWith('/json/2/')) {
    const [model, method] = path.slice('/json/2/'.length).split('/');
    const db = t.request.headers['X-Odoo-Database'];
    const transport = new Json2Transport({ ...options, apiKey: 'recorded-key', db });
    const body = typeof t.request.body === 'object' && t.request.body !== null ? (t.request.body as Record<string, OdooValue>) : {};
    try {
      return await transport.executeKw({ db: '', uid: 0, password: '' }, { model, method, args: [], kwargs: body });
    } finally {
      transport.close();
    }
  }
  if (path === '/jsonrpc') {
    const { service, method, args } = (t.request.body as { params: { service: 'common' | 'object'; method: string; args: OdooValue[] } }).params;
    const transport = new JsonRpcTransport(options);
    try {
      return await transport.call(service, method, args);
    } finally {
      transport.close();
    }
  }
  const service = path.endsWith('/common') ? 'common' : 'object';
  const { methodName, params } = decodeMethodCall(t.request.body as string);
  const transport = new XmlRpcTransport(options);
  try {
    return await transport.call(service, methodName, params);
  } finally {
    transport.close();
  }
}

describe('Odoo 19 transcripts through the transports', () => {
  it('covers every recorded case', () => {
    expect(NAMES).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(NAMES)('%s', async (name) => {
    current = load(name);
    const expected = EXPECTED[name];
    const outcome = await replay(current).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    // the transport asked for what the recording asked for (a GET or a bad body are the recorder's own requests)
    expect(seen?.path).toBe(new URL(current.request.url).pathname);
    const json2 = new URL(current.request.url).pathname.startsWith('/json/2/');
    if (json2 && !name.startsWith('05-')) expect(seen?.headers.authorization).toBe('bearer recorded-key');
    if (json2) expect(seen?.headers['x-odoo-database']).toBe(current.request.headers['X-Odoo-Database']);
    if (json2 && typeof current.request.body === 'object') expect(JSON.parse(seen!.body)).toEqual(current.request.body);
    if (name.includes('-jsonrpc-')) expect(JSON.parse(seen!.body).params).toEqual((current.request.body as { params: unknown }).params);

    if ('value' in expected) {
      if ('error' in outcome) throw outcome.error;
      expected.value(outcome.value);
    } else {
      expect('error' in outcome, 'the call should have failed').toBe(true);
      const error = (outcome as { error: Error }).error;
      expect(error).toBeInstanceOf(expected.error);
      if (expected.message !== undefined) expect(error.message).toBe(expected.message.replace('<url>', url));
    }
  });

  it('a wrong X-Odoo-Database names the database', async () => {
    current = load('18-json2-wrong-database-header');
    const error = await replay(current).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OdooDatabaseNotFound);
    expect((error as Error).message).toContain('nosuchdb');
  });
});
