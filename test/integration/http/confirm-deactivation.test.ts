/**
 * Issue 16.1 over the console's HTTP door: confirming a held reconciliation takes a reason (400
 * and nothing done without one), runs the reconciliation, and is audited with the door's actor.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createConsoleService } from '../../../electron/engine/console';
import { startHttpHost, type HttpHost } from '../../../electron/engine/http/http-host';
import { recordRule } from '../../support/record-rule';
import { createSyncHarness, type SyncHarness } from '../../support/sync-harness';

let h: SyncHarness;
let host: HttpHost;
beforeAll(async () => {
  h = await createSyncHarness({ backend: 'pglite', orders: 10, changeWeights: {} });
  host = await startHttpHost(createConsoleService(h.engine, 'console-test'), { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await host?.close();
  await h?.close();
});

const post = (method: string, body: unknown) =>
  fetch(`${host.url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

it('a held reconciliation is confirmed over HTTP with a reason, audited with the door’s actor (anonymous@<ip> without a token)', async () => {
  expect((await h.engine.runSync()).run.status).toBe('succeeded');
  const rule = recordRule(h.sim);
  rule.on();
  const held = (await (await post('reconcile', {})).json()) as { result: { run: { problem: string } } };
  expect(held.result.run.problem).toBe('deactivationHeld');
  const runsBefore = (await h.store.listRuns()).length;

  const refused = await post('confirmDeactivation', { reason: ' ' });
  expect(refused.status).toBe(400);
  expect(((await refused.json()) as { error: string }).error).toBe('confirmDeactivation: reason: a reason is required');
  expect(await h.store.listRuns()).toHaveLength(runsBefore);
  expect((await h.engine.audit()).filter((entry) => entry.action === 'reconcile.confirm_deactivation')).toEqual([]);

  const confirmed = await post('confirmDeactivation', { reason: 'filial fechada' });
  expect(confirmed.status).toBe(200);
  const { result } = (await confirmed.json()) as { result: { run: { id: number; status: string; trigger: string } } };
  expect(result.run).toMatchObject({ status: 'succeeded', trigger: 'reconcile' });
  expect((await h.store.totals()).active).toBe(0);
  const [audit] = await h.engine.audit();
  expect(audit).toMatchObject({
    actor: 'anonymous@127.0.0.1',
    action: 'reconcile.confirm_deactivation',
    reason: 'filial fechada',
    details: { runId: result.run.id },
  });
  rule.off();
});
