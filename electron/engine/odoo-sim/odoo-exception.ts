/**
 * Odoo's errors as the JSON protocols show them (see test/fixtures/odoo/odoo19): an object
 * `{name, message, arguments, context, debug}` (JSON-RPC inside `error.data` of a 200;
 * JSON-2 as the body), and for JSON-2 the HTTP status that carries the class.
 */
import { OdooSimFault } from './errors';

export interface OdooException {
  /** Python class, e.g. `odoo.exceptions.UserError`, `builtins.ValueError` */
  name: string;
  message: string;
  /** the traceback */
  debug: string;
  /** JSON-2's status for it */
  status: number;
  /** werkzeug's HTTP exceptions carry their status in `arguments` too */
  werkzeug?: boolean;
}

export function exceptionBody(e: OdooException): { name: string; message: string; arguments: unknown[]; context: object; debug: string } {
  return { name: e.name, message: e.message, arguments: e.werkzeug ? [e.message, e.status] : [e.message], context: {}, debug: e.debug };
}

const WERKZEUG: Record<number, string> = {
  400: 'werkzeug.exceptions.BadRequest',
  401: 'werkzeug.exceptions.Unauthorized',
  404: 'werkzeug.exceptions.NotFound',
  422: 'werkzeug.exceptions.UnprocessableEntity',
};

/** An HTTP error JSON-2 raises itself (bad key, unknown model or method, wrong arguments). */
export function httpException(status: number, message: string): OdooException {
  const name = WERKZEUG[status] ?? 'werkzeug.exceptions.HTTPException';
  return {
    name,
    message,
    status,
    werkzeug: true,
    debug: `Traceback (most recent call last):\n  File "/opt/odoo/odoo/http.py", line 2273, in _serve_db\n${name}: ${status}: ${message}\n`,
  };
}

export function accessErrorException(message: string): OdooException {
  return { name: 'odoo.exceptions.AccessError', message, status: 403, debug: `Traceback (most recent call last):\nodoo.exceptions.AccessError: ${message}\n` };
}

/** What a simulator fault (XML-RPC code + string) is as an Odoo exception. */
export function exceptionOf(error: unknown): OdooException {
  if (!(error instanceof OdooSimFault)) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: 'builtins.Exception', message, status: 500, debug: `Traceback (most recent call last):\nException: ${message}\n` };
  }
  const text = error.faultString;
  switch (error.faultCode) {
    case 2: {
      const missing = text.startsWith('Record does not exist');
      return {
        name: missing ? 'odoo.exceptions.MissingError' : 'odoo.exceptions.UserError',
        message: text,
        status: missing ? 404 : 422,
        debug: `Traceback (most recent call last):\nodoo.exceptions.UserError: ${text}\n`,
      };
    }
    case 3:
      return { name: 'odoo.exceptions.AccessDenied', message: text, status: 401, debug: `odoo.exceptions.AccessDenied: ${text}\n` };
    case 4:
      return { name: 'odoo.exceptions.AccessError', message: text, status: 403, debug: text };
    default: {
      // fault 1: a traceback whose last line is `ValueError: message`
      const lines = text.trimEnd().split('\n');
      const last = lines[lines.length - 1] ?? text;
      const match = /^([A-Za-z_][\w.]*): (.*)$/.exec(last);
      const cls = match ? match[1] : 'Exception';
      const name = cls.includes('.') ? cls : `builtins.${cls}`;
      const message = match ? match[2] : last;
      const notFound = cls === 'AttributeError' && /does not exist/.test(message);
      return { name, message, status: notFound ? 404 : 500, debug: text };
    }
  }
}
