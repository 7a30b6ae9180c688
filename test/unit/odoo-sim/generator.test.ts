import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../electron/engine/clock';
import { ChangeGenerator, CHANGE_KINDS } from '../../../electron/engine/odoo-sim/change-generator';
import { Database } from '../../../electron/engine/odoo-sim/database';
import { generate } from '../../../electron/engine/odoo-sim/generator';
import { OdooOrm } from '../../../electron/engine/odoo-sim/orm';

function book(seed: number, orders = 300, linesPerOrder = 6) {
  const clock = new ManualClock('2026-05-10T12:00:00Z');
  const orm = new OdooOrm(new Database(), clock);
  const counts = generate(orm.db, { seed, orders, linesPerOrder, now: clock.now() });
  return { orm, clock, counts };
}

const dump = (orm: OdooOrm) =>
  (['res.partner', 'product.product', 'sale.order', 'sale.order.line'] as const).map((m) =>
    orm.searchRead(m, [], { order: 'id', context: { active_test: false } }),
  );

function validCnpj(vat: string): boolean {
  const d = vat.replace(/\D/g, '').split('').map(Number);
  const check = (n: number) => {
    const w = n === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const s = w.reduce((acc, x, i) => acc + x * d[i], 0) % 11;
    return s < 2 ? 0 : 11 - s;
  };
  return d.length === 14 && check(12) === d[12] && check(13) === d[13];
}

describe('data generator', () => {
  it('is deterministic for a seed, and differs between seeds', () => {
    expect(dump(book(42).orm)).toEqual(dump(book(42).orm));
    expect(dump(book(43).orm)).not.toEqual(dump(book(42).orm));
  });

  it('makes exactly orders × linesPerOrder lines', () => {
    const { orm, counts } = book(1, 250, 7);
    expect(counts.orders).toBe(250);
    expect(counts.lines).toBe(1750);
    expect(orm.count('sale.order.line')).toBe(1750);
  });

  it('has the realistic oddities: sections/notes without product, duplicate products, products without code, partners without vat, mixed states', () => {
    const { orm } = book(5, 400, 6);
    const lines = orm.searchRead('sale.order.line', [], {
      order: 'id',
      fields: ['order_id', 'product_id', 'display_type', 'product_uom_qty', 'price_subtotal', 'state'],
    });
    const sections = lines.filter((l) => l.display_type === 'line_section');
    const notes = lines.filter((l) => l.display_type === 'line_note');
    expect(sections.length).toBeGreaterThan(0);
    expect(notes.length).toBeGreaterThan(0);
    expect([...sections, ...notes].every((l) => l.product_id === false && l.price_subtotal === 0)).toBe(true);
    const perOrder = new Map<number, number[]>();
    for (const l of lines) {
      if (l.product_id === false) continue;
      const order = (l.order_id as [number, string])[0];
      perOrder.set(order, [...(perOrder.get(order) ?? []), (l.product_id as [number, string])[0]]);
    }
    expect([...perOrder.values()].some((products) => new Set(products).size < products.length)).toBe(true);
    expect(orm.searchCount('product.product', [['default_code', '=', false]])).toBeGreaterThan(0);
    expect(orm.searchCount('product.product', [['default_code', '!=', false]])).toBeGreaterThan(0);
    const partners = orm.searchRead('res.partner', [], { fields: ['name', 'vat'] });
    expect(partners.some((p) => p.vat === false)).toBe(true);
    expect(partners.filter((p) => p.vat !== false).every((p) => validCnpj(p.vat as string))).toBe(true);
    expect(partners.every((p) => /(Ltda|ME|EIRELI|S\.A\.|EPP)$/.test(p.name as string))).toBe(true);
    const states = new Set(orm.searchRead('sale.order', [], { fields: ['state'] }).map((o) => o.state));
    expect([...states].sort()).toEqual(['cancel', 'done', 'draft', 'sale', 'sent']);
    // a line's state is its order's state
    const orderState = new Map(orm.searchRead('sale.order', [], { fields: ['state'] }).map((o) => [o.id, o.state]));
    expect(lines.every((l) => l.state === orderState.get((l.order_id as [number, string])[0]))).toBe(true);
  });

  it('keeps every date in the past and totals consistent', () => {
    const { orm } = book(9, 200, 5);
    expect(orm.searchCount('sale.order.line', [['write_date', '>', '2026-05-10 12:00:00']])).toBe(0);
    expect(orm.searchCount('sale.order', [['write_date', '>', '2026-05-10 12:00:00']])).toBe(0);
    for (const order of orm.searchRead('sale.order', [], { fields: ['amount_total', 'order_line'], limit: 50 })) {
      const sum = orm.read('sale.order.line', order.order_line as number[], ['price_subtotal']).reduce((s, l) => s + (l.price_subtotal as number), 0);
      expect(order.amount_total).toBeCloseTo(sum, 2);
    }
  });
});

describe('change generator', () => {
  it('is deterministic on a driven clock', () => {
    const run = () => {
      const { orm, clock } = book(3, 200, 5);
      const changes = new ChangeGenerator(orm, clock, { seed: 11 });
      const log = [];
      for (let i = 0; i < 30; i++) {
        clock.advance(20_000);
        log.push(...changes.tick(5));
      }
      return { log, data: dump(orm) };
    };
    expect(run()).toEqual(run());
  });

  it('makes every kind of change, each stamped with the clock time', () => {
    const { orm, clock } = book(3, 300, 5);
    const changes = new ChangeGenerator(orm, clock, { seed: 2 });
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      clock.advance(15_000);
      for (const change of changes.tick(3)) {
        seen.add(change.kind);
        if (change.kind !== 'late_commit' && change.committed) expect(change.writeDate).toBe(clock.now().toISOString().slice(0, 19).replace('T', ' '));
      }
    }
    expect([...seen].sort()).toEqual([...CHANGE_KINDS].sort());
    expect(orm.count('sale.order')).toBeGreaterThan(0);
  });

  it('late commits: write_date in the past, visible only once the clock passes the commit time', () => {
    const { orm, clock } = book(3, 100, 4);
    const changes = new ChangeGenerator(orm, clock, {
      seed: 4,
      weights: {
        create_order: 0,
        edit_quantity: 0,
        deliver: 0,
        invoice: 0,
        confirm: 0,
        cancel: 0,
        delete_line: 0,
        delete_order: 0,
        edit_header: 1,
        late_commit: 1000,
      },
      lateCommitMinMs: 60_000,
      lateCommitMaxMs: 60_000,
    });
    const made = changes.tick(1);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ kind: 'late_commit', inner: 'edit_header', committed: false, writeDate: '2026-05-10 12:00:00' });
    expect(changes.pendingLateCommits()).toBe(1);
    expect(orm.search('sale.order', [['write_date', '>=', '2026-05-10 12:00:00']])).toEqual([]);
    clock.advance(30_000);
    changes.tick(0);
    expect(orm.search('sale.order', [['write_date', '>=', '2026-05-10 12:00:00']])).toEqual([]);
    clock.advance(30_000);
    const committed = changes.tick(0);
    expect(committed).toHaveLength(1);
    expect(committed[0].committed).toBe(true);
    expect(orm.search('sale.order', [['write_date', '>=', '2026-05-10 12:00:00']])).toEqual([made[0].orderId]);
    expect(orm.get('sale.order', made[0].orderId)?.write_date).toBe('2026-05-10 12:00:00');
  });

  it('runs in real time with start/stop', async () => {
    const { orm } = book(3, 50, 3);
    const changes = new ChangeGenerator(orm, { now: () => new Date() }, { seed: 1 });
    changes.start(6000); // 100/s
    expect(changes.running).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    changes.stop();
    expect(changes.running).toBe(false);
    const count = changes.count;
    expect(count).toBeGreaterThan(5);
    await new Promise((r) => setTimeout(r, 100));
    expect(changes.count).toBe(count);
  });
});
