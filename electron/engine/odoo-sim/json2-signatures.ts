/**
 * JSON-2's argument rules (Odoo 19 binds the body to the method's signature): the records as
 * `ids` on record methods only (`ids` on a model method → 422), `context` everywhere, and any
 * other name the method does not take → 422 — except `search_read`, whose extra keywords go on
 * to `read` and fail there with a 500 TypeError (transcript 09).
 */
import { httpException, type OdooException } from './odoo-exception';

interface Signature {
  records: boolean;
  names: readonly string[];
}

const SIGNATURES: Record<string, Signature> = {
  // `load` goes on to _read_format, which takes it ('' = many2one as bare ids)
  search_read: { records: false, names: ['domain', 'fields', 'offset', 'limit', 'order', 'load'] },
  search: { records: false, names: ['domain', 'offset', 'limit', 'order'] },
  search_count: { records: false, names: ['domain', 'limit'] },
  fields_get: { records: false, names: ['allfields', 'attributes'] },
  create: { records: false, names: ['vals_list'] },
  read: { records: true, names: ['fields', 'load'] },
  write: { records: true, names: ['vals'] },
  unlink: { records: true, names: [] },
  action_confirm: { records: true, names: [] },
  action_cancel: { records: true, names: [] },
};

export function json2Arguments(model: string, method: string, body: Record<string, unknown>): { kwargs: Record<string, unknown> } | { error: OdooException } {
  const signature = SIGNATURES[method];
  if (!signature) return { error: httpException(404, `The method '${model}.${method}' does not exist`) };
  if ('ids' in body && !signature.records) return { error: httpException(422, `cannot call ${model}.${method} with ids`) };
  for (const name of Object.keys(body)) {
    if (name === 'ids' || name === 'context' || signature.names.includes(name)) continue;
    if (method === 'search_read') {
      return {
        error: {
          name: 'builtins.TypeError',
          message: `BaseModel._read_format() got an unexpected keyword argument '${name}'`,
          status: 500,
          debug: `Traceback (most recent call last):\nTypeError: BaseModel._read_format() got an unexpected keyword argument '${name}'\n`,
        },
      };
    }
    return { error: httpException(422, `got an unexpected keyword argument '${name}'`) };
  }
  return { kwargs: signature.records && !('ids' in body) ? { ...body, ids: [] } : body };
}
