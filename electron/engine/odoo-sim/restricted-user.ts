/**
 * The second user of Odoo's demo data, "Marc Demo": a salesman who sees only his own orders
 * and no system parameters (transcripts odoo19/19 and 20). The simulator's orders have no
 * salesman, so none are his: searches find nothing and reading, writing or deleting one by
 * id is a record-rule AccessError. Products and partners he reads like the admin.
 */
import type { XmlRpcValue } from '../xmlrpc';
import { accessError, type OdooSimFault } from './errors';
import { MODELS, isModelName } from './models';

export interface SimUser {
  uid: number;
  name: string;
  login: string;
  password: string;
  /** JSON-2's bearer token; also accepted as the password */
  apiKey: string;
}

/** Models that exist in Odoo but that only the admin may read (the simulator holds none of their records). */
const ADMIN_ONLY: Record<string, string> = { 'ir.config_parameter': 'System Parameter' };
const OWN_DOCUMENTS_ONLY = new Set(['sale.order', 'sale.order.line']);
const SEARCHES = new Set(['search', 'search_read', 'search_count']);
const OPERATIONS: Record<string, string> = { read: 'read', write: 'write', unlink: 'unlink', action_confirm: 'write', action_cancel: 'write' };

/** The restricted user's answer when it differs from the admin's: a result, an error, or null (run it as the admin would). */
export function restrictedOutcome(user: SimUser, model: string, method: string): { result: XmlRpcValue } | { error: OdooSimFault } | null {
  const adminOnly = ADMIN_ONLY[model];
  if (adminOnly !== undefined) {
    return {
      error: accessError(
        `You are not allowed to access '${adminOnly}' (${model}) records.\n\nThis operation is allowed for the following groups:\n\t- Role / Administrator\n\nContact your administrator to request access if necessary.`,
      ),
    };
  }
  if (!OWN_DOCUMENTS_ONLY.has(model) || !isModelName(model)) return null;
  if (SEARCHES.has(method)) return { result: method === 'search_count' ? 0 : [] };
  const operation = OPERATIONS[method];
  if (operation === undefined) return null;
  return {
    error: accessError(
      `Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, ${user.name} (id=${user.uid}) doesn't have '${operation}' access to:\n- ${MODELS[model].description} (${model})\n\nIf you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.`,
    ),
  };
}
