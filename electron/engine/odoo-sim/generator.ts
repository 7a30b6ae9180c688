/**
 * Deterministic demo data: the same seed, order count and lines per order always give the
 * same partners, products, orders and lines. Brazilian-style customers (some without
 * CNPJ), products with codes (some without), section and note lines, the same product
 * twice in one order, mixed states, and `create_date`/`write_date` spread over the last
 * months with microseconds, all before the clock's "now".
 */
import { blankRow, type Database, type Row } from './database';
import { dateToMicros, truncateToSecond } from './datetime';
import { MODELS, type OrderState } from './models';
import { Random } from './random';

export interface GenerateOptions {
  seed: number;
  orders: number;
  /** Exactly this many lines per order (sections and notes included). */
  linesPerOrder: number;
  /** Everything generated lies before this instant. */
  now: Date;
  /** How far back the data reaches (default 120 days). */
  spanDays?: number;
}

export interface GeneratedCounts {
  partners: number;
  products: number;
  orders: number;
  lines: number;
}

const FIRST = [
  'Comercial',
  'Distribuidora',
  'Atacadão',
  'Supermercado',
  'Mercearia',
  'Farmácia',
  'Casa',
  'Empório',
  'Padaria',
  'Restaurante',
  'Hortifruti',
  'Açougue',
  'Loja',
  'Depósito',
  'Mercado',
  'Armazém',
];
const SURNAMES = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Rodrigues',
  'Ferreira',
  'Alves',
  'Pereira',
  'Lima',
  'Gomes',
  'Costa',
  'Ribeiro',
  'Martins',
  'Carvalho',
  'Almeida',
  'Lopes',
  'Soares',
  'Fernandes',
  'Vieira',
  'Barbosa',
  'Araújo',
  'Cardoso',
  'Nascimento',
  'Moreira',
];
const PLACES = ['', '', '', ' do Norte', ' Paulista', ' Mineira', ' do Vale', ' Central', ' da Serra', ' Bahia'];
const SUFFIXES = ['Ltda', 'ME', 'EIRELI', 'S.A.', 'Ltda', 'Ltda - EPP'];
const PRODUCTS = [
  'Arroz Tipo 1',
  'Feijão Carioca',
  'Óleo de Soja',
  'Café Torrado',
  'Açúcar Cristal',
  'Farinha de Trigo',
  'Macarrão Espaguete',
  'Leite Integral',
  'Sabão em Pó',
  'Detergente Neutro',
  'Papel Higiênico',
  'Biscoito Cream Cracker',
  'Molho de Tomate',
  'Sal Refinado',
  'Achocolatado',
  'Fubá Mimoso',
  'Azeite Extra Virgem',
  'Margarina',
  'Água Sanitária',
  'Refrigerante Cola',
];
const SIZES = ['500g', '1kg', '2kg', '5kg', '900ml', '1L', '2L', 'cx 12un', 'fardo 6un', 'pct 4un'];

/** A CNPJ with valid check digits, formatted `12.345.678/0001-95`. */
export function cnpj(random: Random): string {
  const d = Array.from({ length: 8 }, () => random.int(0, 9)).concat([0, 0, 0, random.int(1, 3)]);
  const check = (digits: number[], weights: number[]) => {
    const sum = digits.reduce((s, x, i) => s + x * weights[i], 0) % 11;
    return sum < 2 ? 0 : 11 - sum;
  };
  d.push(check(d, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
  d.push(check(d, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
  const s = d.join('');
  return `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}`;
}

export function partnerName(random: Random): string {
  return `${random.pick(FIRST)} ${random.pick(SURNAMES)}${random.pick(PLACES)} ${random.pick(SUFFIXES)}`;
}

const STATE_WEIGHTS: Record<OrderState, number> = { draft: 12, sent: 5, sale: 65, done: 8, cancel: 10 };

/** Fills an empty database. Returns what it made. */
export function generate(db: Database, options: GenerateOptions): GeneratedCounts {
  if (options.orders <= 0) return { partners: 0, products: 0, orders: 0, lines: 0 };
  const random = new Random(options.seed);
  const nowUs = dateToMicros(options.now);
  const spanUs = (options.spanDays ?? 120) * 86_400_000_000;
  const oldest = nowUs - spanUs;
  const HOUR = 3_600_000_000;

  // partners
  const partnerCount = Math.max(12, Math.min(20_000, Math.ceil(options.orders / 20)));
  const partners = db.table('res.partner');
  for (let i = 0; i < partnerCount; i++) {
    const row = blankRow(MODELS['res.partner']);
    row.id = partners.allocateId();
    row.name = partnerName(random);
    row.vat = random.chance(0.12) ? null : cnpj(random);
    row.active = true;
    row.create_date = oldest - random.int(1, 365) * 86_400_000_000 + random.int(0, 86_399_999_999);
    row.write_date = row.create_date;
    db.insert('res.partner', row);
  }

  // products
  const productCount = Math.max(30, Math.min(5_000, options.orders));
  const products = db.table('product.product');
  const productPrice: number[] = [0];
  const productLabel: string[] = [''];
  for (let i = 0; i < productCount; i++) {
    const row = blankRow(MODELS['product.product']);
    row.id = products.allocateId();
    const base = PRODUCTS[i % PRODUCTS.length];
    const size = SIZES[Math.floor(i / PRODUCTS.length) % SIZES.length];
    const variant = Math.floor(i / (PRODUCTS.length * SIZES.length));
    row.name = variant === 0 ? `${base} ${size}` : `${base} ${size} (${variant + 1})`;
    row.default_code = random.chance(0.1) ? null : `PRD-${String(row.id).padStart(5, '0')}`;
    row.active = true;
    row.create_date = oldest - random.int(1, 365) * 86_400_000_000;
    row.write_date = row.create_date;
    // one template per product, as Odoo makes for a product without variants (no randomness drawn)
    const template = blankRow(MODELS['product.template']);
    template.id = db.table('product.template').allocateId();
    template.name = row.name;
    template.active = true;
    template.create_date = row.create_date;
    template.write_date = row.write_date;
    db.insert('product.template', template);
    row.product_tmpl_id = template.id;
    db.insert('product.product', row);
    productPrice.push(Math.round(random.int(150, 50_000)) / 100);
    productLabel.push(row.default_code ? `[${row.default_code}] ${row.name}` : (row.name as string));
  }

  // orders and lines
  const orders = db.table('sale.order');
  const lineTable = db.table('sale.order.line');
  const lineDef = MODELS['sale.order.line'];
  const orderDef = MODELS['sale.order'];
  let lineCount = 0;
  for (let i = 0; i < options.orders; i++) {
    const order = blankRow(orderDef);
    order.id = orders.allocateId();
    order.name = `S${String(db.orderSequence++).padStart(5, '0')}`;
    order.partner_id = random.int(1, partnerCount);
    const state = random.weighted(STATE_WEIGHTS);
    order.state = state;
    // spread creation evenly over the span, in id order, with jitter
    const created = Math.min(nowUs - HOUR, oldest + Math.floor((spanUs * (i + random.next())) / Math.max(1, options.orders)));
    order.create_date = created;
    order.date_order = truncateToSecond(created);
    order.commitment_date = random.chance(0.6) ? truncateToSecond(created + random.int(7, 30) * 86_400_000_000) : null;
    order.client_order_ref = random.chance(0.4) ? `PC-${random.int(10_000, 99_999)}` : null;
    // last touch (confirmation, deliveries...) somewhere between creation and now
    const room = Math.max(0, Math.min(72 * HOUR, nowUs - 60_000_000 - created));
    const touched = state === 'draft' ? created : created + Math.floor(random.next() * room);
    order.write_date = touched;
    order.amount_total = 0;
    const lineIds: number[] = [];
    order.order_line = lineIds;
    db.insert('sale.order', order);

    const n = options.linesPerOrder;
    const withSection = n >= 3 && random.chance(0.1);
    const withNote = n >= 4 && random.chance(0.05);
    const duplicate = n >= 3 && random.chance(0.05);
    let total = 0;
    let previousProduct = 0;
    for (let j = 0; j < n; j++) {
      const line = blankRow(lineDef);
      line.id = lineTable.allocateId();
      line.order_id = order.id;
      line.sequence = 10 + j;
      line.state = state;
      line.create_date = created;
      const isSection = withSection && j === 0;
      const isNote = withNote && j === n - 1;
      if (isSection || isNote) {
        line.display_type = isSection ? 'line_section' : 'line_note';
        line.name = isSection ? `Seção ${random.pick(['Mercearia', 'Limpeza', 'Bebidas', 'Frios'])}` : 'Entregar pela manhã, doca 2';
        line.product_uom_qty = 0;
        line.qty_delivered = 0;
        line.qty_invoiced = 0;
        line.price_unit = 0;
        line.price_subtotal = 0;
        line.write_date = created;
      } else {
        const productId = duplicate && previousProduct !== 0 && j === n - 1 - (withNote ? 1 : 0) ? previousProduct : random.int(1, productCount);
        previousProduct = productId;
        line.product_id = productId;
        line.name = productLabel[productId];
        const qty = random.chance(0.15) ? random.int(1, 400) / 2 : random.int(1, 120);
        line.product_uom_qty = qty;
        let delivered = 0;
        if (state === 'done') delivered = qty;
        else if (state === 'sale' && random.chance(0.5)) delivered = Math.floor(qty * random.next());
        line.qty_delivered = delivered;
        line.qty_invoiced = delivered > 0 && random.chance(0.7) ? delivered : 0;
        line.price_unit = productPrice[productId];
        line.price_subtotal = Math.round(qty * (line.price_unit as number) * 100) / 100;
        total += line.price_subtotal as number;
        line.write_date = touched;
      }
      line.display_type ??= null;
      db.insert('sale.order.line', line);
      lineIds.push(line.id);
      lineCount++;
    }
    order.amount_total = Math.round(total * 100) / 100;
  }
  return { partners: partnerCount, products: productCount, orders: options.orders, lines: lineCount };
}

export type { Row };
