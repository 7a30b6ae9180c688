/**
 * The RPC services behind XML-RPC and JSON-RPC alike: `common` (version, authenticate,
 * login) and `object` (execute_kw, execute), checking database and credentials (the password,
 * or the API key in its place, as Odoo allows) before the ORM runs the method.
 */
import type { XmlRpcValue } from '../xmlrpc';
import { accessDenied, inVersionWords, pythonTraceback } from './errors';
import { ADMIN_UID, type OdooOrm, type OrmWire } from './orm';
import { restrictedOutcome, type SimUser } from './restricted-user';

export interface RpcConfig {
  db: string;
  login: string;
  password: string;
  /** the user's API key: accepted wherever the password is, and JSON-2's bearer token */
  apiKey: string;
  /** `16.0` or `19.0` (JSON-2 only from 19) */
  serverVersion: string;
  orm: OdooOrm;
  /** a salesman who sees only his own orders (restricted-user.ts) */
  restrictedUser: SimUser;
}

export function versionInfo(serverVersion: string): { [key: string]: XmlRpcValue } {
  const major = Number(serverVersion.split('.')[0]);
  return { server_version: serverVersion, server_version_info: [major, 0, 0, 'final', 0, ''], server_serie: serverVersion, protocol_version: 1 };
}

function isSecret(user: { password: string; apiKey: string }, password: unknown): boolean {
  return typeof password === 'string' && password.length > 0 && (password === user.password || password === user.apiKey);
}

export function dispatch(config: RpcConfig, service: 'common' | 'object', method: string, params: XmlRpcValue[], wire: OrmWire = 'xmlrpc'): XmlRpcValue {
  if (service === 'common') {
    switch (method) {
      case 'version':
        return versionInfo(config.serverVersion);
      case 'authenticate':
      case 'login': {
        const [db, login, password] = params;
        checkDb(config, db);
        if (login === config.login && isSecret(config, password)) return ADMIN_UID;
        const restricted = config.restrictedUser;
        return login === restricted.login && isSecret(restricted, password) ? restricted.uid : false;
      }
      case 'about':
        return 'See http://openerp.com';
      default:
        throw pythonTraceback([], `KeyError: 'exp_${method}'`);
    }
  }
  if (method !== 'execute_kw' && method !== 'execute') throw pythonTraceback([], `KeyError: 'exp_${method}'`);
  const [db, uid, password, model, ormMethod] = params;
  checkDb(config, db);
  const restricted = uid === config.restrictedUser.uid && isSecret(config.restrictedUser, password);
  if (!restricted && (uid !== ADMIN_UID || !isSecret(config, password))) throw accessDenied();
  if (typeof model !== 'string' || typeof ormMethod !== 'string') throw pythonTraceback([], 'TypeError: execute_kw() missing required positional arguments');
  if (restricted) {
    const outcome = restrictedOutcome(config.restrictedUser, model, ormMethod);
    if (outcome && 'error' in outcome) throw outcome.error;
    if (outcome) return outcome.result;
  }
  let args: readonly unknown[];
  let kwargs: Record<string, unknown> = {};
  if (method === 'execute_kw') {
    const rawArgs = params[5] ?? [];
    const rawKwargs = params[6] ?? {};
    if (!Array.isArray(rawArgs)) throw pythonTraceback([], 'TypeError: args must be a list');
    if (typeof rawKwargs !== 'object' || rawKwargs === null || Array.isArray(rawKwargs)) throw pythonTraceback([], 'TypeError: kwargs must be a dict');
    args = rawArgs;
    kwargs = rawKwargs as Record<string, unknown>;
  } else {
    args = params.slice(5);
  }
  return ormCall(config, () => config.orm.executeKw(model, ormMethod, args, kwargs, wire) as XmlRpcValue);
}

/** An ORM call whose errors are worded as the simulated version words them. */
export function ormCall(config: RpcConfig, call: () => XmlRpcValue): XmlRpcValue {
  try {
    return call();
  } catch (error) {
    throw inVersionWords(error, config.serverVersion);
  }
}

function checkDb(config: RpcConfig, db: unknown): void {
  if (db !== config.db) {
    throw pythonTraceback(
      [],
      `psycopg2.OperationalError: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "${String(db)}" does not exist`,
    );
  }
}
