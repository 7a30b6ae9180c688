import { OdooResponseError } from './errors';
import type { OdooClient, OdooKwargs } from './client';
import { domainToWire } from './domain';
import { parseRecords, type RecordOf, type RecordSchema } from './validate';

export interface PageOptions<S extends RecordSchema> {
  fields: readonly string[];
  /** zod schema or hand-written reader for ONE record (its output need not keep the id). */
  schema: S;
  pageSize: number;
  context?: OdooKwargs;
}

/**
 * All records matching `domain`, one page at a time, keyed by `id > lastId` with
 * `order: 'id asc'`. Not offset paging (rows shift when others change between pages) and
 * not a `(write_date, id)` keyset: Odoo gives every row of a transaction the same
 * write_date, so thousands of rows share one value. Memory follows the page size.
 */
export async function* pageByIdAsc<S extends RecordSchema>(
  client: OdooClient,
  model: string,
  domain: readonly unknown[],
  options: PageOptions<S>,
): AsyncGenerator<RecordOf<S>[], void, undefined> {
  if (!Number.isInteger(options.pageSize) || options.pageSize < 1) throw new TypeError('pageSize must be a positive integer');
  const fields = options.fields.includes('id') ? [...options.fields] : [...options.fields, 'id'];
  const base = domainToWire(domain);
  const context = { model, method: 'search_read' };
  let lastId = 0;
  for (;;) {
    const kwargs: OdooKwargs = { fields, order: 'id asc', limit: options.pageSize };
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
    yield records;
    if (records.length < options.pageSize) return;
  }
}
