/**
 * The yardstick of `npm run bench -- full-load`: the barest client that reads the same rows
 * as a full load — every sale.order (the fields the sync maps), then every sale.order.line,
 * search_read by `id >` pages of 5,000, one call after the other, over one keep-alive socket,
 * decoded (JSON.parse, or our XML-RPC decoder) and counted, nothing validated, nothing written.
 * It stops on a short page, as a naive client does; the engine must not (issue 16.3).
 * `bareIds` asks as the engine does, with `load: ''` (many2one as bare ids: Odoo computes no
 * display names), the stricter yardstick.
 */
import http from 'node:http';
import https from 'node:https';
import type { OdooProtocol } from '../electron/engine/odoo';
import { LINE_FIELDS, ORDER_FIELDS } from '../electron/engine/sync/odoo-rows';
import { decodeMethodResponse, encodeMethodCall, type XmlRpcValue } from '../electron/engine/xmlrpc';

export interface OdooTarget {
  url: string;
  db: string;
  /** JSON-2's credential; the RPC protocols use it as the password when none is given */
  apiKey?: string;
  user?: string;
  password?: string;
}

export interface BareResult {
  orders: number;
  lines: number;
  calls: number;
}

const PAGE = 5000;

export async function bareRead(target: OdooTarget, protocol: OdooProtocol, bareIds = false): Promise<BareResult> {
  const base = new URL(target.url);
  const secure = base.protocol === 'https:';
  const agent = secure ? new https.Agent({ keepAlive: true, maxSockets: 1 }) : new http.Agent({ keepAlive: true, maxSockets: 1 });
  let calls = 0;
  const post = (path: string, headers: Record<string, string>, body: string): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      calls++;
      const request = (secure ? https : http).request(
        {
          hostname: base.hostname,
          port: base.port || undefined,
          path: base.pathname.replace(/\/+$/, '') + path,
          method: 'POST',
          agent,
          headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
        },
        (answer) => {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => (answer.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${answer.statusCode} from ${path}`))));
          answer.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const password = target.password || target.apiKey || '';
  const load: Record<string, string> = bareIds ? { load: '' } : {};

  let searchRead: (model: string, lastId: number, fields: string[]) => Promise<Array<{ id: number }>>;
  if (protocol === 'json2') {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Authorization: `bearer ${target.apiKey}`, 'X-Odoo-Database': target.db };
    searchRead = async (model, lastId, fields) =>
      JSON.parse(
        (
          await post(`/json/2/${model}/search_read`, headers, JSON.stringify({ domain: [['id', '>', lastId]], fields, order: 'id asc', limit: PAGE, ...load }))
        ).toString('utf8'),
      );
  } else if (protocol === 'jsonrpc') {
    const rpc = async (service: string, method: string, args: unknown[]) => {
      const answer = JSON.parse(
        (
          await post(
            '/jsonrpc',
            { 'Content-Type': 'application/json' },
            JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: calls }),
          )
        ).toString('utf8'),
      );
      if (answer.error) throw new Error(JSON.stringify(answer.error).slice(0, 300));
      return answer.result;
    };
    const uid = await rpc('common', 'authenticate', [target.db, target.user, password, {}]);
    searchRead = (model, lastId, fields) =>
      rpc('object', 'execute_kw', [target.db, uid, password, model, 'search_read', [[['id', '>', lastId]]], { fields, order: 'id asc', limit: PAGE, ...load }]);
  } else {
    const rpc = async (path: string, method: string, params: XmlRpcValue[]) => {
      const decoded = decodeMethodResponse(await post(path, { 'Content-Type': 'text/xml' }, encodeMethodCall(method, params)));
      if (decoded.kind === 'fault') throw new Error(decoded.message.slice(0, 300));
      return decoded.value;
    };
    const uid = (await rpc('/xmlrpc/2/common', 'authenticate', [target.db, target.user ?? '', password, {}])) as number;
    searchRead = async (model, lastId, fields) =>
      (await rpc('/xmlrpc/2/object', 'execute_kw', [
        target.db,
        uid,
        password,
        model,
        'search_read',
        [[['id', '>', lastId]]],
        { fields, order: 'id asc', limit: PAGE, ...load },
      ])) as unknown as Array<{
        id: number;
      }>;
  }
  const readAll = async (model: string, fields: string[]): Promise<number> => {
    let rows = 0;
    let lastId = 0;
    for (;;) {
      const page = await searchRead(model, lastId, fields);
      rows += page.length;
      if (page.length < PAGE) return rows;
      lastId = page[page.length - 1].id;
    }
  };
  try {
    const orders = await readAll('sale.order', [...ORDER_FIELDS, 'id']);
    const lines = await readAll('sale.order.line', [...LINE_FIELDS, 'id']);
    return { orders, lines, calls };
  } finally {
    agent.destroy();
  }
}
