import { OdooError, OdooResponseError } from './errors';
import type { OdooClient, OdooKwargs } from './client';
import { domainToWire } from './domain';
import { parseRecords, type RecordOf, type RecordSchema } from './validate';

export interface PageOptions<S extends RecordSchema> {
  fields: readonly string[];
  /** zod schema or hand-written reader for ONE record (its output need not keep the id). */
  schema: S;
  pageSize: number;
  context?: OdooKwargs;
  /** further search_read keywords, e.g. `{ load: '' }` (many2one as bare ids, no display names computed) */
  kwargs?: OdooKwargs;
  /**
   * The domain cannot match more rows than this (`id in` a list of n ids, the lines an order
   * listed): the read ends once that many arrived, without asking for an empty page.
   */
  upTo?: number;
  /** The deliberate end of a read: more rows than this fail it (an Odoo that never stops paging). */
  bound?: ReadBound;
}

/** The most rows one paged read may bring, and the setting that sets it (named in the message). */
export interface ReadBound {
  maxRows: number;
  /** e.g. `SYNC_MAX_ORDERS_PER_RUN=1000000`, or `100 × SYNC_MAX_ORDERS_PER_RUN` */
  setting: string;
}

/**
 * A read went past its deliberate bound: Odoo kept answering pages (a proxy or module that
 * ignores the `id >` leaf, a runaway import) or the volume is beyond what the setting allows.
 * Failing here, with what to do, is better than a run that ends when memory does.
 */
export class OdooReadBoundExceeded extends OdooError {
  constructor(
    readonly read: { model: string; rows: number; bound: ReadBound; what?: string },
    context: { model?: string; method?: string } = {},
  ) {
    const { model, rows, bound } = read;
    const what = read.what ?? `registros de ${model}`;
    super(
      `Leitura do Odoo interrompida: ${model}.search_read já trouxe ${rows.toLocaleString('pt-BR')} ${what} nesta execução, ` +
        `acima do limite de ${bound.maxRows.toLocaleString('pt-BR')} (${bound.setting}). ` +
        'O Odoo (ou um proxy/módulo à frente dele) continua paginando sem fim, ou o volume é real e maior que o limite: ' +
        'verifique o servidor; se o volume for real, aumente SYNC_MAX_ORDERS_PER_RUN. Nada foi dado como sincronizado. ' +
        `(Odoo read stopped: ${model} returned more than ${bound.maxRows} rows in this run, the bound set by ${bound.setting}; ` +
        'check the server, or raise SYNC_MAX_ORDERS_PER_RUN if the volume is real.)',
      context,
    );
  }
}

/**
 * All records matching `domain`, one page at a time, keyed by `id > lastId` with
 * `order: 'id asc'`. Not offset paging (rows shift when others change between pages) and
 * not a `(write_date, id)` keyset: Odoo gives every row of a transaction the same
 * write_date, so thousands of rows share one value. Memory follows the page size.
 *
 * The read ends on an EMPTY page (or once `upTo` rows arrived), never on a short one: a
 * server that caps search_read below the page size (a proxy, a module, a `limit` rule)
 * answers short pages long before the end, and taking one for the end loses the rest
 * silently. Costs one more call when the last page is short.
 */
export async function* pageByIdAsc<S extends RecordSchema>(
  /** the client, or anything that calls it (e.g. through a limit on parallel calls) */
  client: Pick<OdooClient, 'executeKw'>,
  model: string,
  domain: readonly unknown[],
  options: PageOptions<S>,
): AsyncGenerator<RecordOf<S>[], void, undefined> {
  if (!Number.isInteger(options.pageSize) || options.pageSize < 1) throw new TypeError('pageSize must be a positive integer');
  const fields = options.fields.includes('id') ? [...options.fields] : [...options.fields, 'id'];
  const base = domainToWire(domain);
  const context = { model, method: 'search_read' };
  let lastId = 0;
  let read = 0;
  for (;;) {
    const limit = options.upTo === undefined ? options.pageSize : Math.min(options.pageSize, options.upTo - read);
    if (limit <= 0) return;
    const kwargs: OdooKwargs = { ...options.kwargs, fields, order: 'id asc', limit };
    if (options.context) kwargs.context = options.context;
    const rows = await client.executeKw(model, 'search_read', [[['id', '>', lastId], ...base]], kwargs);
    // Ids must rise strictly, or a server ignoring `order` would make this loop forever:
    // checked in the validation's one pass over the rows.
    const records = parseRecords(rows, options.schema, context, (row, i) => {
      const id = row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as { id?: unknown }).id : undefined;
      if (typeof id !== 'number' || id <= lastId) {
        throw new OdooResponseError(
          `${model}.search_read: row ${i} field "id": expected an id above ${lastId} (order id asc), got ${String(id)}`,
          context,
          i,
          'id',
        );
      }
      lastId = id;
    });
    if (records.length === 0) return;
    read += records.length;
    if (options.bound && read > options.bound.maxRows) throw new OdooReadBoundExceeded({ model, rows: read, bound: options.bound }, context);
    yield records;
  }
}
