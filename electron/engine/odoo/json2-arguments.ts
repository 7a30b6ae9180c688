/**
 * JSON-2 takes named arguments only, and the records a method runs on as `ids`. The client
 * speaks `execute_kw` (positional `args` + `kwargs`), so positional arguments are named here
 * after the ORM signatures; a method missing from the table must be called with kwargs only.
 */
import type { OdooMethodCall, OdooValue } from './transport';

interface Signature {
  /** a record method: its first positional argument is the ids */
  records: boolean;
  /** names of the other positional arguments, in order */
  names: readonly string[];
}

const SIGNATURES: Record<string, Signature> = {
  search_read: { records: false, names: ['domain', 'fields', 'offset', 'limit', 'order'] },
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

/** The JSON-2 body of an `execute_kw` call. */
export function json2Body(call: OdooMethodCall): { [key: string]: OdooValue } {
  const body: { [key: string]: OdooValue } = {};
  if (call.args.length > 0) {
    const signature = SIGNATURES[call.method];
    if (!signature) throw new TypeError(`${call.model}.${call.method}: JSON-2 needs named arguments; pass them as kwargs`);
    const args = [...call.args];
    if (signature.records) body.ids = args.shift() as OdooValue;
    if (args.length > signature.names.length) throw new TypeError(`${call.model}.${call.method}: too many positional arguments (${call.args.length})`);
    args.forEach((value, i) => {
      body[signature.names[i]] = value;
    });
  }
  for (const [name, value] of Object.entries(call.kwargs)) {
    if (name in body) throw new TypeError(`${call.model}.${call.method}: argument ${name} given twice`);
    body[name] = value;
  }
  return body;
}
