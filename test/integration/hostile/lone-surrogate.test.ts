/**
 * Issue 16.9: one Unicode rule on every protocol. A lone surrogate in an Odoo string (no
 * character at all) was stored as U+FFFD when it came over JSON (`"\ud800"`), while XML-RPC
 * refused the same thing (`&#xD800;`). Through the real CLI and a scripted Odoo that puts one in
 * the first order's name: every protocol fails the run with an error naming model, method, row
 * and field, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli-process';
import type { OdooProtocol, ScriptedAnswer } from './helpers/scripted-odoo-proxy';
import { startScriptedRun, type ScriptedRun } from './helpers/scripted-run';

/** The first order's name starts with a lone high surrogate, in each protocol's notation. */
function loneSurrogateInName(original: ScriptedAnswer, protocol: OdooProtocol): ScriptedAnswer {
  const text = original.body.toString('utf8');
  const [pattern, insert] = protocol === 'xmlrpc' ? [/<name>name<\/name>\s*<value><string>/, '&#xD800;'] : [/"name":\s*"/, '\\ud800'];
  const found = pattern.exec(text);
  if (!found) return original; // a read of this model without names (ids and write dates)
  const end = found.index + found[0].length;
  return { ...original, body: Buffer.from(text.slice(0, end) + insert + text.slice(end)) };
}

describe.each(['xmlrpc', 'jsonrpc', 'json2'] as const)('a lone surrogate over %s', (protocol) => {
  let scripted: ScriptedRun;
  beforeAll(async () => {
    scripted = await startScriptedRun(protocol, loneSurrogateInName, { label: 'surrogate', seed: 9, odooTimeoutSeconds: 10 });
  });
  afterAll(() => scripted?.close());

  it('16.9: fails the run naming model, method, row and field; stores nothing, no U+FFFD', async () => {
    const result = await runCli(['run'], scripted.env);
    expect(scripted.odoo.rewritten(), result.stderr.slice(0, 3000)).toBeGreaterThan(0);
    expect(result.code, result.stderr.slice(0, 3000)).toBe(1);
    expect(result.stderr).toMatch(/sale\.order\.search_read: malformed (XML-RPC|JSON) answer from .*: row 0 field \\"name\\": .*U\+D800/);
    const { rows } = await scripted.db.query<{ n: string; replaced: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE nome_cliente LIKE '%' || chr(65533) || '%' OR num_pedido LIKE '%' || chr(65533) || '%') AS replaced FROM carteira`,
    );
    expect(Number(rows[0].n)).toBe(0);
    expect(Number(rows[0].replaced)).toBe(0);
  });
});
