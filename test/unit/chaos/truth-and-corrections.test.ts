/**
 * The soak's Odoo-side faults of issue 16 (master-data corrections, a write_date in 2099, two
 * orders with one name) and what the independent oracle makes of them: the rows carry the
 * master data as Odoo has it now, an order's newest change includes its customer's and
 * products', and a shared key is one claimant's row, whole, with the others reported.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/engine/clock';
import { startOdooSimulator, type OdooSimulator } from '../../../electron/engine/odoo-sim';
import type { CarteiraRecord } from '../../../electron/engine/store/types';
import { orderTruths } from '../../chaos/oracle';
import { carteiraProblems, expectedClaims, type ExpectedRow } from '../../support/carteira-truth';

const START = '2026-06-01T12:00:00Z';
let sim: OdooSimulator | null = null;
let clock: ManualClock;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function simulator(): Promise<OdooSimulator> {
  clock = new ManualClock(START);
  sim = await startOdooSimulator({ port: 0, clock, orders: 40, linesPerOrder: 4, seed: 9, serverVersion: '16.0' });
  clock.advance(60_000);
  return sim;
}

/** The table row the engine would write for an expected row. */
function recordOf(row: ExpectedRow, changes: Partial<CarteiraRecord> = {}): CarteiraRecord {
  return {
    numPedido: row.numPedido,
    codProduto: row.codProduto,
    nomeProduto: row.nomeProduto,
    cnpjCliente: row.cnpjCliente,
    nomeCliente: row.nomeCliente,
    qtdProdutoPedido: String(row.quantity),
    qtdEntregue: String(row.delivered),
    qtdFaturada: String(row.invoiced),
    qtdSaldoProdutoPedido: String(row.saldo),
    precoProdutoPedido: '1',
    valorProdutoPedido: String(row.value),
    statusPedido: row.status,
    dataPedido: null,
    dataEntrega: null,
    odooOrderId: row.orderId,
    odooWriteDate: new Date(START),
    ativo: row.ativo,
    syncRunId: 1,
    updatedAt: new Date(START),
    ...changes,
  };
}

const tableOf = (s: OdooSimulator) => [...expectedClaims(s).values()].flatMap((rows) => rows.map((row) => recordOf(row)));
const nowMs = () => clock.now().getTime();

describe('master-data corrections', () => {
  it('a customer renamed: its orders change (rows, newest change) while their write_dates stay', async () => {
    const s = await simulator();
    const before = tableOf(s);
    const truthsBefore = orderTruths(s);
    const change = s.changes.editMasterData('partner_name')!;
    expect(change).toMatchObject({ kind: 'edit_master_data', edit: 'partner_name', model: 'res.partner' });
    const orders = s.orm.searchRead('sale.order', [['id', 'in', change.orderIds!]], { fields: ['partner_id', 'write_date'] });
    expect(orders.length).toBe(change.orderIds!.length);
    const partnerId = (orders[0].partner_id as [number, string])[0];
    expect(orders.every((order) => (order.partner_id as [number, string])[0] === partnerId)).toBe(true);
    expect(s.orm.search('sale.order', [['partner_id', '=', partnerId]]).sort()).toEqual([...change.orderIds!].sort());
    const name = s.orm.read('res.partner', partnerId, ['name'])[0].name as string;
    expect(name).toMatch(/\(corrigido 1\)$/);
    const truths = orderTruths(s);
    for (const id of change.orderIds!) {
      expect(truths.get(id)!.newestWriteDate).toBe(nowMs());
      expect(truthsBefore.get(id)!.newestWriteDate).toBeLessThan(nowMs());
    }
    // an order the carteira does not hold yet is not brought in by its customer's correction
    const notHeld = orderTruths(s, new Set());
    for (const id of change.orderIds!) expect(notHeld.get(id)!.newestWriteDate).toBe(truthsBefore.get(id)!.newestWriteDate);
    // the table as it was: every row of those orders names the old customer
    const problems = carteiraProblems(before, expectedClaims(s));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.message.includes('nome_cliente') && change.orderIds!.includes(problem.orderIds[0]))).toBe(true);
  });

  it('a CNPJ corrected, a product code changed, a template renamed: each shows in the rows of the orders using it', async () => {
    const s = await simulator();
    const vat = s.changes.editMasterData('partner_vat')!;
    expect(carteiraProblems(tableOf(s), expectedClaims(s))).toEqual([]);
    const code = s.changes.editMasterData('product_code')!;
    expect(code.model).toBe('product.product');
    const template = s.changes.editMasterData('template_name')!;
    expect(template.model).toBe('product.template');
    for (const change of [vat, code, template]) expect(change.orderIds!.length).toBeGreaterThan(0);
    const truths = orderTruths(s);
    for (const id of [...code.orderIds!, ...template.orderIds!]) expect(truths.get(id)!.newestWriteDate).toBe(nowMs());
    const renamed = expectedClaims(s);
    const names = [...renamed.values()].flat().filter((row) => template.orderIds!.includes(row.orderId) && row.nomeProduto?.endsWith('(corrigido 3)'));
    expect(names.length).toBeGreaterThan(0);
  });

  it('a stale table is caught field by field, a code change as a new key and an old one still active', async () => {
    const s = await simulator();
    const table = tableOf(s);
    s.changes.editMasterData('product_code');
    const messages = carteiraProblems(table, expectedClaims(s)).map((problem) => problem.message);
    expect(messages.some((message) => message.endsWith('missing from carteira'))).toBe(true);
    expect(messages.some((message) => message.includes('gone from Odoo but still active'))).toBe(true);
  });
});

describe('a write_date in 2099', () => {
  it('stamps the line and its order in the future, and that is the order’s newest change', async () => {
    const s = await simulator();
    const at = new Date('2099-03-04T05:06:07Z');
    const change = s.changes.writeAt(at)!;
    expect(change).toMatchObject({ kind: 'write_at', writeDate: '2099-03-04 05:06:07' });
    const [line] = s.orm.read('sale.order.line', change.lineIds[0], ['write_date']);
    expect(line.write_date).toBe('2099-03-04 05:06:07');
    expect(orderTruths(s).get(change.orderId)!.newestWriteDate).toBe(at.getTime());
  });
});

describe('two orders with one name', () => {
  it('both claim the key; the row must be one claimant’s, whole, an open line before a closed one, and the other reported', async () => {
    const s = await simulator();
    const table = tableOf(s);
    const change = s.changes.duplicateOrderName()!;
    const [created, namesake] = change.orderIds!;
    const [a, b] = s.orm.read('sale.order', [created, namesake], ['name']);
    expect(a.name).toBe(b.name);
    const claims = expectedClaims(s);
    const [key, pair] = [...claims.entries()].find(([, rows]) => rows.length === 2)!;
    expect(pair.map((row) => row.orderId).sort()).toEqual([namesake, created].sort());
    const [numPedido, codProduto] = key.split('|');
    // the rule: an open line before a closed one, else the holder (the namesake, synced first)
    const namesakeClaim = pair.find((row) => row.orderId === namesake)!;
    const createdClaim = pair.find((row) => row.orderId === created)!;
    const keeper = namesakeClaim.ativo === createdClaim.ativo ? namesakeClaim : namesakeClaim.ativo ? namesakeClaim : createdClaim;
    const other = keeper === namesakeClaim ? createdClaim : namesakeClaim;
    const createdKeys = [...claims.values()].flat().filter((row) => row.orderId === created && row.key !== key);
    const synced = [...table.filter((row) => `${row.numPedido}|${row.codProduto}` !== key), recordOf(keeper), ...createdKeys.map((row) => recordOf(row))];
    const reported = [{ numPedido, codProduto, keptOrderId: keeper.orderId, skippedOrderId: other.orderId }];
    expect(carteiraProblems(synced, claims, reported)).toEqual([]);
    // not reported: the left-out order's problem
    expect(carteiraProblems(synced, claims, [])).toEqual([
      expect.objectContaining({ orderIds: [other.orderId], message: expect.stringMatching(/collision .* is not reported/) }),
    ]);
    // a merge of both is not one claimant's row
    const merged = synced.map((row) =>
      `${row.numPedido}|${row.codProduto}` === key ? { ...row, qtdProdutoPedido: String(pair[0].quantity + pair[1].quantity) } : row,
    );
    expect(carteiraProblems(merged, claims, reported).map((problem) => problem.message)).toEqual([expect.stringMatching(/qtd_produto_pedido/)]);
    // nor a row of an order that has no such key
    const stranger = synced.map((row) => (`${row.numPedido}|${row.codProduto}` === key ? { ...row, odooOrderId: 9999 } : row));
    expect(carteiraProblems(stranger, claims, reported)[0].message).toMatch(/the row is order 9999's/);
  });

  it('an open line is never left out for a closed one; between two open lines history decides', () => {
    const claim = (orderId: number, ativo: boolean): ExpectedRow => ({
      key: 'S1|P1',
      orderId,
      numPedido: 'S1',
      codProduto: 'P1',
      nomeProduto: 'p',
      cnpjCliente: null,
      nomeCliente: 'c',
      quantity: 5,
      delivered: 0,
      invoiced: ativo ? 0 : 5,
      saldo: ativo ? 5 : 0,
      value: 5,
      status: 'sale',
      ativo,
    });
    const closedAndOpen = new Map([['S1|P1', [claim(1, false), claim(2, true)]]]);
    const keptClosed = [{ numPedido: 'S1', codProduto: 'P1', keptOrderId: 1, skippedOrderId: 2 }];
    expect(carteiraProblems([recordOf(claim(1, false))], closedAndOpen, keptClosed)).toEqual([
      expect.objectContaining({ orderIds: [2], message: "S1|P1: the row is order 1's closed line, but order 2's line for it is open" }),
    ]);
    const keptOpen = [{ numPedido: 'S1', codProduto: 'P1', keptOrderId: 2, skippedOrderId: 1 }];
    expect(carteiraProblems([recordOf(claim(2, true))], closedAndOpen, keptOpen)).toEqual([]);
    const bothOpen = new Map([['S1|P1', [claim(1, true), claim(2, true)]]]);
    expect(carteiraProblems([recordOf(claim(1, true))], bothOpen, keptClosed)).toEqual([]);
    expect(carteiraProblems([recordOf(claim(2, true))], bothOpen, keptOpen)).toEqual([]);
  });
});
