/**
 * Issue 16.8: an error text quoted from Odoo is bounded where it is recorded, logged and
 * returned. A scripted Odoo answers the run's orders read with a 4 MB error (an XML-RPC fault
 * string, a JSON-RPC error, a JSON-2 error body); through the real CLI, `sync_runs.error`, the
 * run's report, the log and `status` hold at most a few kB with a marker saying it was cut,
 * and the whole text is in the log at debug level only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFault } from '../../../electron/engine/xmlrpc';
import { runCli } from '../../support/cli-process';
import type { OdooProtocol, ScriptedAnswer } from './helpers/scripted-odoo-proxy';
import { startScriptedRun, type ScriptedRun } from './helpers/scripted-run';

/** "A few kB": what the store, the status and the log may hold of one error text. */
const LIMIT = 4096;
const HUGE = 4 * 1024 * 1024;
const hugeText = `Pedido bloqueado pela regra de crédito: ${'cliente sem limite; '.repeat(HUGE / 20)}fim`;
const CUT_MARKER = /cut: \d+ more characters/;

/** The 4 MB error, in each protocol's own words. */
function hugeError(original: ScriptedAnswer, protocol: OdooProtocol): ScriptedAnswer {
  const exception = {
    name: 'odoo.exceptions.UserError',
    message: hugeText,
    arguments: [hugeText],
    context: {},
    debug: `Traceback (most recent call last):\n${hugeText}`,
  };
  switch (protocol) {
    case 'xmlrpc':
      return { status: 200, contentType: 'text/xml', body: Buffer.from(encodeFault(2, hugeText)) };
    case 'jsonrpc': {
      const { id } = JSON.parse(original.body.toString('utf8')) as { id: unknown };
      const envelope = { jsonrpc: '2.0', id, error: { code: 200, message: 'Odoo Server Error', data: exception } };
      return { status: 200, contentType: 'application/json', body: Buffer.from(JSON.stringify(envelope)) };
    }
    case 'json2':
      return { status: 422, contentType: 'application/json; charset=utf-8', body: Buffer.from(JSON.stringify(exception)) };
  }
}

describe.each(['xmlrpc', 'jsonrpc', 'json2'] as const)('a 4 MB Odoo error over %s', (protocol) => {
  let scripted: ScriptedRun;
  let env: Record<string, string>;
  beforeAll(async () => {
    scripted = await startScriptedRun(protocol, hugeError, { label: 'errtext', seed: 8, odooTimeoutSeconds: 20 });
    env = { ...scripted.env, LOG_LEVEL: 'info' };
  });
  afterAll(() => scripted?.close());

  it('16.8: sync_runs.error, the report, the log and the status hold at most a few kB, marked as cut', async () => {
    const result = await runCli(['run', '--json'], env);
    expect(result.code, result.stderr.slice(0, 2000)).toBe(1);
    expect(scripted.odoo.rewritten(), result.stderr.slice(0, 3000)).toBeGreaterThan(0);

    const { rows } = await scripted.db.query<{ error: string }>(`SELECT error FROM sync_runs WHERE status = 'failed' ORDER BY id DESC LIMIT 1`);
    expect(rows[0].error.length).toBeLessThanOrEqual(LIMIT);
    expect(rows[0].error).toContain('Pedido bloqueado pela regra de crédito');
    expect(rows[0].error).toMatch(CUT_MARKER);

    const report = JSON.parse(result.stdout) as { run: { error: string } };
    expect(report.run.error.length).toBeLessThanOrEqual(LIMIT);
    expect(report.run.error).toMatch(CUT_MARKER);
    // the log: every line bounded, the failure logged with the runbook's words
    for (const line of result.stderr.split('\n')) expect(line.length).toBeLessThanOrEqual(2 * LIMIT);
    expect(result.stderr).toContain('Erro na sincronização:');

    const status = await runCli(['status', '--json'], env);
    // 1 or 2: a failed run is Atenção or Crítico
    expect([1, 2], status.stderr.slice(0, 2000)).toContain(status.code);
    expect(status.stdout.length).toBeLessThan(64 * 1024);
    const failed = (JSON.parse(status.stdout) as { recentRuns: { status: string; error: string | null }[] }).recentRuns.find((run) => run.status === 'failed');
    expect(failed?.error?.length).toBeLessThanOrEqual(LIMIT);
    expect(failed?.error).toMatch(CUT_MARKER);
  });

  it('16.8: the whole text is in the log at debug level only', async () => {
    const result = await runCli(['run', '--json'], { ...env, LOG_LEVEL: 'debug' });
    expect(result.code).toBe(1);
    const records = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; event: string; msg: string; [field: string]: unknown });
    const whole = records.filter((record) => JSON.stringify(record).includes(hugeText));
    expect(whole.length).toBeGreaterThan(0);
    expect(whole.every((record) => record.level === 'debug')).toBe(true);
  });
});
