/**
 * Odoo's errors as XML-RPC faults, with the codes and strings the transcripts show:
 * 1 = any other exception (string = Python traceback), 2 = UserError / MissingError /
 * unknown model (string = message), 3 = AccessDenied, 4 = AccessError.
 */

export class OdooSimFault extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(faultString);
    this.name = 'OdooSimFault';
  }
}

/** Python `repr` of a domain value, for messages like `Invalid field x in leaf ('x', '=', 1)`. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const body = value
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(quote === "'" ? /'/g : /"/g, `\\${quote}`);
    return `${quote}${body}${quote}`;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (value instanceof Date) return pyRepr(value.toISOString());
  if (typeof value === 'object') {
    const inner = (value as { value?: unknown }).value;
    if (typeof inner === 'number') return String(inner);
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

export function pyTuple(values: readonly unknown[]): string {
  return values.length === 1 ? `(${pyRepr(values[0])},)` : `(${values.map(pyRepr).join(', ')})`;
}

function frame(file: string, line: number, fn: string, code: string, marks?: number): string {
  // Python 3.11 underlines the call on the right of `x = ` / `return `; a bare call gets no marks.
  const prefix = /^(?:[\w.]+ = |return )/.exec(code)?.[0] ?? '';
  const head = `  File "${file}", line ${line}, in ${fn}\n    ${code}`;
  if (!prefix) return head;
  return `${head}\n    ${' '.repeat(prefix.length)}${'^'.repeat(marks ?? code.length - prefix.length)}`;
}

const DISPATCH_FRAMES = [
  frame('/opt/odoo/odoo/addons/base/controllers/rpc.py', 147, 'xmlrpc_2', 'response = self._xmlrpc(service)'),
  frame('/opt/odoo/odoo/addons/base/controllers/rpc.py', 127, '_xmlrpc', 'result = dispatch_rpc(service, method, params)'),
  frame('/opt/odoo/odoo/http.py', 369, 'dispatch_rpc', 'return dispatch(method, params)'),
  frame('/opt/odoo/odoo/service/model.py', 37, 'dispatch', 'res = execute_kw(db, uid, *params[3:])'),
  frame('/opt/odoo/odoo/service/model.py', 59, 'execute_kw', 'return execute(db, uid, obj, method, *args, **kw or {})'),
  frame('/opt/odoo/odoo/service/model.py', 65, 'execute', 'res = execute_cr(cr, uid, obj, method, *args, **kw)'),
  frame('/opt/odoo/odoo/service/model.py', 50, 'execute_cr', 'result = retrying(partial(odoo.api.call_kw, recs, method, args, kw), env)'),
  frame('/opt/odoo/odoo/service/model.py', 133, 'retrying', 'result = func()'),
  frame('/opt/odoo/odoo/api.py', 464, 'call_kw', 'result = _call_kw_model(method, model, args, kwargs)'),
  frame('/opt/odoo/odoo/api.py', 435, '_call_kw_model', 'result = method(recs, *args, **kwargs)'),
];

const SEARCH_FRAMES = [
  frame('/opt/odoo/odoo/models.py', 1519, 'search', 'res = self._search(domain, offset=offset, limit=limit, order=order, count=count)'),
  frame('/opt/odoo/addons/analytic/models/analytic_mixin.py', 71, '_search', 'return super()._search(args, offset, limit, order, count, access_rights_uid)'),
  frame('/opt/odoo/odoo/models.py', 4682, '_search', 'query = self._where_calc(domain)'),
  frame('/opt/odoo/odoo/models.py', 4447, '_where_calc', 'return expression.expression(domain, self).query', 'expression.expression(domain, self)'.length),
  frame('/opt/odoo/odoo/osv/expression.py', 447, '__init__', 'self.parse()'),
];

/** Odoo's fault 1: a Python traceback whose last line is the exception. */
export function pythonTraceback(frames: readonly string[], exceptionLine: string): OdooSimFault {
  return new OdooSimFault(1, `Traceback (most recent call last):\n${[...DISPATCH_FRAMES, ...frames].join('\n')}\n${exceptionLine}\n`);
}

/** Unknown name in `fields` (transcript 11). */
export function invalidReadField(model: string, field: string, via: string): OdooSimFault {
  const frames: string[] = [];
  if (via === 'search_read') {
    frames.push(frame('/opt/odoo/odoo/models.py', 5030, 'search_read', 'result = records.read(fields, **read_kwargs)'));
  }
  frames.push(`  File "/opt/odoo/odoo/models.py", line 2985, in read\n    raise ValueError("Invalid field %r on model %r" % (name, self._name))`);
  return pythonTraceback(frames, `ValueError: Invalid field ${pyRepr(field)} on model ${pyRepr(model)}`);
}

/** Unknown field in a domain leaf (transcript 12). */
export function invalidDomainField(model: string, field: string, leaf: readonly unknown[], via: string): OdooSimFault {
  const frames: string[] = [];
  if (via === 'search_read') {
    frames.push(frame('/opt/odoo/odoo/models.py', 5013, 'search_read', 'records = self.search(domain or [], offset=offset, limit=limit, order=order)'));
  }
  frames.push(...SEARCH_FRAMES);
  frames.push(
    `  File "/opt/odoo/odoo/osv/expression.py", line 674, in parse\n    raise ValueError("Invalid field %s.%s in leaf %s" % (model._name, path[0], str(leaf)))`,
  );
  return pythonTraceback(frames, `ValueError: Invalid field ${model}.${field} in leaf ${pyTuple(leaf)}`);
}

/** A malformed domain (bad operator, bad term, unbalanced operators). */
export function invalidDomain(message: string, via: string): OdooSimFault {
  const frames: string[] = [];
  if (via === 'search_read') {
    frames.push(frame('/opt/odoo/odoo/models.py', 5013, 'search_read', 'records = self.search(domain or [], offset=offset, limit=limit, order=order)'));
  }
  frames.push(...SEARCH_FRAMES);
  return pythonTraceback(frames, `ValueError: ${message}`);
}

export function invalidOrder(order: string): OdooSimFault {
  return pythonTraceback(
    [],
    `ValueError: Invalid "order" specified (${order}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`,
  );
}

export function badArguments(message: string): OdooSimFault {
  return pythonTraceback([], `TypeError: ${message}`);
}

export function unknownModel(model: string): OdooSimFault {
  return new OdooSimFault(2, `Object ${model} doesn't exist`);
}

export function missingRecord(model: string, ids: readonly number[], uid: number): OdooSimFault {
  return new OdooSimFault(2, `Record does not exist or has been deleted.\n(Record: ${model}${pyTuple(ids)}, User: ${uid})`);
}

export function userError(message: string): OdooSimFault {
  return new OdooSimFault(2, message);
}

export function accessDenied(): OdooSimFault {
  return new OdooSimFault(3, 'Access Denied');
}

/** Odoo's fault 4 (an `AccessError`: an access right or a record rule refuses the user). */
export function accessError(message: string): OdooSimFault {
  return new OdooSimFault(4, message);
}

/**
 * The fault in the words of the simulated version: Odoo 19 says two ValueErrors differently
 * from 16 (`Invalid field 'x' on 'model'`, `… in condition (…)`: transcripts odoo19/02, 03, 25).
 */
export function inVersionWords(error: unknown, serverVersion: string): unknown {
  if (!(error instanceof OdooSimFault) || Number(serverVersion.split('.')[0]) < 19) return error;
  const text = error.faultString
    .replace(/(ValueError: Invalid field '[^'\n]*') on model ('[^'\n]*')\n$/, '$1 on $2\n')
    .replace(/(ValueError: Invalid field \S+) in leaf (.*)\n$/, '$1 in condition $2\n');
  return text === error.faultString ? error : new OdooSimFault(error.faultCode, text);
}
