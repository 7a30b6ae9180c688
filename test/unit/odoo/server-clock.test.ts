/**
 * Odoo's clock as the engine estimates it: the `Date` header of an answer less the round trip
 * (a time Odoo had certainly reached when the request left), never this host's wall clock;
 * nothing without a valid header.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/engine/clock';
import { OdooClient } from '../../../electron/engine/odoo';
import { HttpExchange } from '../../../electron/engine/odoo/http-exchange';
import { startOdooSimulator } from '../../../electron/engine/odoo-sim';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A server answering after `delayMs` with the given Date header (none when null). */
async function serverWithDate(date: string | null, delayMs: number): Promise<string> {
  const server = http.createServer((_req, res) => {
    setTimeout(() => {
      res.sendDate = false;
      res.writeHead(200, { 'Content-Type': 'application/json', ...(date === null ? {} : { Date: date }) });
      res.end('{}');
    }, delayMs);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const send = (exchange: HttpExchange) => exchange.send({ path: '/x', headers: {}, body: Buffer.alloc(0), timeoutMs: 5000, label: 'x' });

describe("Odoo's clock from its Date header", () => {
  it('is the header less the round trip: never later than Odoo was when the request left', async () => {
    const stamped = Date.parse('Mon, 30 Nov 2026 00:00:10 GMT');
    const exchange = new HttpExchange({ url: await serverWithDate('Mon, 30 Nov 2026 00:00:10 GMT', 300) });
    try {
      expect(exchange.serverTimeAtLeast()).toBeNull();
      await send(exchange);
      const floor = exchange.serverTimeAtLeast()!.getTime();
      expect(floor).toBeLessThanOrEqual(stamped - 300);
      expect(floor).toBeGreaterThan(stamped - 2000);
    } finally {
      exchange.close();
    }
  });

  it('is unknown without a Date header, or with one that is no date', async () => {
    for (const date of [null, 'yesterday']) {
      const exchange = new HttpExchange({ url: await serverWithDate(date, 0) });
      try {
        await send(exchange);
        expect(exchange.serverTimeAtLeast()).toBeNull();
      } finally {
        exchange.close();
      }
    }
  });

  it.each(['json2', 'jsonrpc', 'xmlrpc'] as const)("OdooClient.serverTimeAtLeast over %s follows Odoo's clock, not this host's", async (protocol) => {
    const clock = new ManualClock('2031-03-04T05:06:07Z'); // Odoo's clock, years away from this host's
    const sim = await startOdooSimulator({ port: 0, orders: 1, linesPerOrder: 1, clock, serverVersion: '19.0' });
    const client = new OdooClient({ url: sim.url, db: sim.db, username: sim.login, password: sim.password, apiKey: sim.apiKey, protocol });
    try {
      const odooNow = (await client.serverTimeAtLeast())!.getTime();
      expect(odooNow).toBeLessThanOrEqual(clock.now().getTime());
      expect(odooNow).toBeGreaterThan(clock.now().getTime() - 2000);
    } finally {
      client.close();
      await sim.close();
    }
  });
});
