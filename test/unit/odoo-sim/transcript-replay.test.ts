/**
 * Replays every recorded Odoo 16 request against the simulator over real HTTP and compares
 * the answer with the recorded one field by field and type by type (int vs double vs
 * string vs boolean), fault codes and strings included.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/engine/clock';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';
import { fixtureNames, prepareFor, readFixture, seedFromFixtures } from './fixture-seed';
import { readTypedResponse, typedDiff } from './typed-xml';

const names = fixtureNames();

async function post(sim: OdooSimulator, name: string): Promise<{ status: number; type: string | null; body: string }> {
  const request = readFixture(name, 'request');
  const service = /<methodName>(version|authenticate|login)<\/methodName>/.test(request) ? 'common' : 'object';
  const response = await fetch(`${sim.url}/xmlrpc/2/${service}`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: request });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

describe('transcript replay against the simulator', () => {
  let sim: OdooSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('finds the transcripts', () => {
    expect(names.length).toBeGreaterThanOrEqual(17);
  });

  it.each(names)('%s', async (name) => {
    sim = await startOdooSimulator({ db: 'carteira', orders: 0, clock: new ManualClock('2026-11-29T17:05:00Z') });
    seedFromFixtures(sim);
    prepareFor(name, sim);
    const { status, type, body } = await post(sim, name);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/xml/);
    const expected = readTypedResponse(readFixture(name, 'response'));
    const actual = readTypedResponse(body);
    expect(actual.kind).toBe(expected.kind);
    if (expected.kind === 'fault' && actual.kind === 'fault') {
      expect(actual.code).toBe(expected.code);
      expect(actual.string).toBe(expected.string);
      return;
    }
    if (expected.kind === 'value' && actual.kind === 'value') {
      expect(typedDiff(actual.value, expected.value)).toEqual([]);
    }
  });

  it.each(names)('%s is byte-for-byte identical', async (name) => {
    sim = await startOdooSimulator({ db: 'carteira', orders: 0, clock: new ManualClock('2026-11-29T17:05:00Z') });
    seedFromFixtures(sim);
    prepareFor(name, sim);
    const { body } = await post(sim, name);
    expect(body).toBe(readFixture(name, 'response'));
  });
});
