/*
 * Every way an Odoo call can fail, as classes the sync can branch on. Messages name the
 * model and method when known and never contain the password (it is never interpolated).
 * A message quotes Odoo's words cut to a few kB (`boundText`): it is recorded in the run,
 * logged and shown in every status. The whole text stays on the error (`faultString`).
 */
import { boundText } from '../bounded-text';

export interface OdooCallContext {
  model?: string;
  method?: string;
}

/** The call's context, plus the error this one rewraps (kept as `cause`). */
export type OdooErrorOptions = OdooCallContext & ErrorOptions;

export class OdooError extends Error {
  model?: string;
  method?: string;

  constructor(message: string, context: OdooErrorOptions = {}) {
    super(boundText(message), 'cause' in context ? { cause: context.cause } : undefined);
    this.name = new.target.name;
    this.model = context.model;
    this.method = context.method;
  }
}

/**
 * Records which call failed once the client knows it. Transport and response errors also
 * get a `model.method: ` prefix; fault messages stay exactly Odoo's words.
 */
export function withCallContext<E extends OdooError>(error: E, context: OdooCallContext): E {
  if (error.model === undefined && error.method === undefined && (context.model || context.method)) {
    error.model = context.model;
    error.method = context.method;
    if (!(error instanceof OdooFault)) {
      const where = [context.model, context.method].filter(Boolean).join('.');
      error.message = `${where}: ${error.message}`;
    }
  }
  return error;
}

export type OdooTransportErrorKind = 'connection-refused' | 'connection-reset' | 'timeout' | 'http-status' | 'truncated' | 'network';

/** The call did not produce an XML-RPC answer. `retryable` says whether trying again can help. */
export class OdooTransportError extends OdooError {
  constructor(
    message: string,
    readonly kind: OdooTransportErrorKind,
    readonly retryable: boolean,
    readonly status?: number,
    context?: OdooErrorOptions,
  ) {
    super(message, context);
  }
}

/** Odoo answered with an XML-RPC fault. Never retried: the same call faults again. */
export class OdooFault extends OdooError {
  constructor(
    message: string,
    readonly code: number,
    /** The fault string as sent (for code 1, the whole Python traceback). */
    readonly faultString: string,
    context?: OdooCallContext,
  ) {
    super(message, context);
  }
}

/** Fault 1: a server-side exception, e.g. `Invalid field 'x' on model 'sale.order.line'`. */
export class OdooApplicationError extends OdooFault {}
/** Fault 2: unknown model, missing record, or a UserError. */
export class OdooUserError extends OdooFault {}
/**
 * A missing model, method or route: XML-RPC fault 2 `Object x doesn't exist`, JSON-RPC's
 * UserError of the same words, JSON-2's 404. A UserError, so code branching on those still holds.
 */
export class OdooNotFound extends OdooUserError {}
/** Fault 3: wrong credentials on execute_kw (JSON-2: 401, a bad or missing API key). */
export class OdooAccessDenied extends OdooFault {}
/** Fault 4: the user lacks rights on the model or record. */
export class OdooAccessError extends OdooFault {}

/** `authenticate` answered False. */
export class OdooLoginRefused extends OdooError {
  constructor(
    readonly username: string,
    readonly db: string,
  ) {
    super(`Odoo refused login for user ${username} on database ${db}`);
  }
}

/** Odoo has no database of that name: Odoo's own PostgreSQL error (XML-RPC, JSON-RPC) or JSON-2's HTML 404, told in our words. */
export class OdooDatabaseNotFound extends OdooError {
  constructor(
    readonly db: string,
    readonly url: string,
    options?: OdooErrorOptions,
  ) {
    super(`Odoo database ${db} not found on ${url} (ODOO_DB)`, options);
  }
}

/** Odoo answered, but not with what the call promises (malformed XML, wrong shape, bad field). */
export class OdooResponseError extends OdooError {
  constructor(
    message: string,
    context?: OdooErrorOptions,
    /** Row index in the response and the field path, when the problem is in a record. */
    readonly row?: number,
    readonly field?: string,
  ) {
    super(message, context);
  }
}

/** The last meaningful line of a Python traceback, without its `ValueError: ` style prefix. */
export function lastTracebackLine(faultString: string): string {
  const lines = faultString
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const last = lines.length > 0 ? lines[lines.length - 1] : faultString;
  return last.replace(/^(?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|Exception|Warning|Denied): /, '');
}

export function faultError(code: number, faultString: string, context?: OdooCallContext): OdooFault {
  switch (code) {
    case 1:
      if (MISSING_METHOD.test(faultString)) return new OdooNotFound(lastTracebackLine(faultString), code, faultString, context);
      return new OdooApplicationError(lastTracebackLine(faultString), code, faultString, context);
    case 2:
      if (MISSING_MODEL.test(faultString.trim())) return new OdooNotFound(faultString.trim(), code, faultString, context);
      return new OdooUserError(faultString.trim(), code, faultString, context);
    case 3:
      return new OdooAccessDenied(faultString.trim(), code, faultString, context);
    case 4:
      return new OdooAccessError(lastTracebackLine(faultString), code, faultString, context);
    default:
      return new OdooFault(`fault ${code}: ${lastTracebackLine(faultString)}`, code, faultString, context);
  }
}

const MISSING_MODEL = /^Object \S+ doesn't exist$/;
/** Odoo's words for a method the model lacks (`AttributeError: The method 'x' does not exist …`). */
const MISSING_METHOD = /AttributeError: The method '[^']+' does not exist[^\n]*\s*$/;

/** An Odoo exception as the JSON protocols describe it (JSON-RPC `error.data`, JSON-2's error body). */
export interface OdooExceptionBody {
  /** Python class, e.g. `odoo.exceptions.AccessError`, `werkzeug.exceptions.NotFound`. */
  name: string;
  message: string;
  /** The traceback. */
  debug?: string;
}

/**
 * Maps an Odoo exception from JSON-RPC or JSON-2 onto the classes XML-RPC faults give, with
 * the fault code XML-RPC would have sent. `status` is JSON-2's HTTP status (JSON-RPC: none),
 * which carries the class there: 401 denied, 403 access, 404 not found, 422 user error or
 * wrong arguments, 400/500 anything else.
 */
export function odooExceptionError(body: OdooExceptionBody, status?: number): OdooFault {
  const { name, message } = body;
  const text = body.debug && body.debug.length > 0 ? body.debug : message;
  const short = name.replace(/^.*\./, '');
  if (status === 401 || short === 'AccessDenied' || short === 'Unauthorized') return new OdooAccessDenied(message, 3, text);
  if (status === 403 || short === 'AccessError' || short === 'Forbidden') return new OdooAccessError(message, 4, text);
  if (status === 404 || short === 'NotFound' || MISSING_MODEL.test(message) || MISSING_METHOD.test(`${short}: ${message}`))
    return new OdooNotFound(message, 2, text);
  if (['UserError', 'MissingError', 'ValidationError', 'RedirectWarning'].includes(short)) return new OdooUserError(message, 2, text);
  return new OdooApplicationError(message, 1, text);
}
