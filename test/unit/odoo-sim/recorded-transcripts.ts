/**
 * Every recorded exchange with a real Odoo under `test/fixtures/odoo/`, in its two layouts:
 * - the top folder (Odoo 16, XML-RPC): `NN-name.request.xml` (the POST body) and
 *   `NN-name.response.xml` (the body; HTTP 200, headers not recorded);
 * - the sub-folders (`odoo19/`, `odoo16-version/`, …): `NN-name.request.json` (`{method, url,
 *   headers, body}`), `NN-name.status`, `NN-name.response.headers` and the body as
 *   `.response.json`, `.response.html` or `.response.xml` (XML-RPC also has a JSON wrapper).
 * A file is part of the case whose name comes before its first dot.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ODOO_FIXTURES_DIR } from '../../support/fixtures';

export interface FixtureSet {
  /** folder below `test/fixtures/odoo/` ('' = the top folder) */
  dir: string;
  /** the Odoo the exchanges were recorded from */
  serverVersion: '16.0' | '19.0';
  layout: 'xml' | 'json';
}

/** Every folder of recorded exchanges; a folder missing here fails the conformance test. */
export const FIXTURE_SETS: readonly FixtureSet[] = [
  { dir: '', serverVersion: '16.0', layout: 'xml' },
  { dir: 'odoo19', serverVersion: '19.0', layout: 'json' },
  { dir: 'odoo16-version', serverVersion: '16.0', layout: 'json' },
  { dir: 'odoo16', serverVersion: '16.0', layout: 'json' },
];

export interface RecordedExchange {
  set: FixtureSet;
  name: string;
  request: { method: string; path: string; headers: Record<string, string>; body: string | null };
  status: number;
  /** lower-case names; empty where headers were not recorded */
  headers: Record<string, string>;
  body: string;
  bodyKind: 'json' | 'xml' | 'html';
}

export function setPath(set: FixtureSet): string {
  return join(ODOO_FIXTURES_DIR, set.dir);
}

/** The sub-folders of the fixtures folder (each must be a known set). */
export function fixtureFolders(): string[] {
  return readdirSync(ODOO_FIXTURES_DIR)
    .filter((entry) => statSync(join(ODOO_FIXTURES_DIR, entry)).isDirectory())
    .sort();
}

/** Every file of a set but its README. */
export function fixtureFiles(set: FixtureSet): string[] {
  return readdirSync(setPath(set))
    .filter((entry) => entry !== 'README.md' && statSync(join(setPath(set), entry)).isFile())
    .sort();
}

/** The cases of a set: the names before the first dot of its files. */
export function caseNames(set: FixtureSet): string[] {
  return [...new Set(fixtureFiles(set).map((file) => file.slice(0, file.indexOf('.'))))].sort();
}

function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && !line.startsWith('HTTP/')) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export function loadExchange(set: FixtureSet, name: string): RecordedExchange {
  const file = (suffix: string) => readFileSync(join(setPath(set), `${name}${suffix}`), 'utf8');
  if (set.layout === 'xml') {
    const request = file('.request.xml');
    const service = /<methodName>(version|authenticate|login)<\/methodName>/.test(request) ? 'common' : 'object';
    return {
      set,
      name,
      request: { method: 'POST', path: `/xmlrpc/2/${service}`, headers: { 'Content-Type': 'text/xml' }, body: request },
      status: 200,
      headers: {},
      body: file('.response.xml'),
      bodyKind: 'xml',
    };
  }
  const recorded = JSON.parse(file('.request.json')) as { method: string; url: string; headers: Record<string, string>; body: unknown };
  const files = new Set(fixtureFiles(set));
  const headers = parseHeaders(file('.response.headers'));
  const suffix = files.has(`${name}.response.xml`) ? 'xml' : files.has(`${name}.response.html`) ? 'html' : 'json';
  // an HTML answer may have been stored as .response.json (odoo19/18): the content type says what it is
  const bodyKind = /^text\/html/i.test(headers['content-type'] ?? '') ? 'html' : suffix;
  const url = new URL(recorded.url);
  const body = recorded.body === null ? null : typeof recorded.body === 'string' ? recorded.body : JSON.stringify(recorded.body);
  return {
    set,
    name,
    request: { method: recorded.method, path: url.pathname + url.search, headers: recorded.headers, body: recorded.method === 'GET' ? null : body },
    status: Number(file('.status').trim()),
    headers,
    body: file(`.response.${suffix}`),
    bodyKind,
  };
}

/** Every case of every set. */
export function allExchanges(): RecordedExchange[] {
  return FIXTURE_SETS.filter((set) => set.dir === '' || fixtureFolders().includes(set.dir)).flatMap((set) =>
    caseNames(set).map((name) => loadExchange(set, name)),
  );
}
