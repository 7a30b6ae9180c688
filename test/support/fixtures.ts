/**
 * Where the recorded Odoo transcripts live: `test/fixtures/odoo/` in this repository
 * (Odoo 16 XML-RPC bodies at its top level, Odoo 19 JSON-2 / JSON-RPC / XML-RPC in `odoo19/`).
 * Computed from this file's location, so it works wherever the repository is cloned.
 * `ODOO_FIXTURES_DIR` points every reader at another set of the same layout (e.g. a fresh recording).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ODOO_FIXTURES_DIR = process.env.ODOO_FIXTURES_DIR
  ? resolve(process.env.ODOO_FIXTURES_DIR)
  : join(dirname(fileURLToPath(import.meta.url)), '../fixtures/odoo');

export const ODOO19_FIXTURES_DIR = join(ODOO_FIXTURES_DIR, 'odoo19');
