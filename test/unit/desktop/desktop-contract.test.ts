/**
 * Desktop-only methods stay desktop-only: they have their own table, their own IPC channels, and
 * the headless HTTP host (whose routes loop over the console table) answers 404 for them without
 * reaching the engine. And the renderer's Content-Security-Policy stays strict.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { consoleContract, consoleEvents, consoleMethods, consoleRoute, desktopContract, desktopMethods } from '../../../shared/console-contract';
import { startHttpHost, type HttpHost } from '../../../electron/engine/http/http-host';
import type { ConsoleService } from '../../../electron/engine/console';
import { CSP } from '../../../electron.vite.config';

describe('desktop-only contract', () => {
  it('has its own methods and channels, none shared with the console table', () => {
    expect(desktopMethods.sort()).toEqual(['getSettings', 'saveSettings', 'testConnection']);
    expect(desktopMethods.filter((method) => (consoleMethods as string[]).includes(method))).toEqual([]);
    const consoleChannels = new Set([...consoleMethods.map((method) => consoleContract[method].channel), consoleEvents.channel]);
    for (const method of desktopMethods) {
      expect(desktopContract[method].channel).toMatch(/^desktop:/);
      expect(consoleChannels.has(desktopContract[method].channel)).toBe(false);
    }
  });

  describe('on the headless HTTP host', () => {
    let host: HttpHost;
    let staticDir: string;
    const dispatch = vi.fn(async () => ({}));
    beforeAll(async () => {
      staticDir = await mkdtemp(join(tmpdir(), 'carteira-static-'));
      await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>console</title>');
      const service: ConsoleService = { dispatch, onEvent: () => () => undefined };
      host = await startHttpHost(service, { port: 0, host: '127.0.0.1', staticDir });
    });
    afterAll(async () => {
      await host?.close();
      await rm(staticDir, { recursive: true, force: true });
    });

    it('answers 404 to every desktop method, by GET or POST, without asking the engine', async () => {
      for (const method of desktopMethods) {
        const get = await fetch(`${host.url}/api/${method}`);
        const post = await fetch(`${host.url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        expect([method, get.status, post.status]).toEqual([method, 404, 404]);
      }
      expect(dispatch).not.toHaveBeenCalled();
      // …while a console method is routed
      expect((await fetch(`${host.url}${consoleRoute('getStatus')}`)).status).toBe(200);
      expect(dispatch).toHaveBeenCalledWith('getStatus', undefined, expect.any(String));
    });
  });
});

describe('Content-Security-Policy of the renderer', () => {
  const directives = new Map(
    CSP.split(';')
      .map((part) => part.trim().split(/\s+/) as [string, ...string[]])
      .map(([name, ...values]) => [name, values]),
  );

  it('allows scripts, connections and everything else from our own origin only; no eval, no inline script, no plugins', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(CSP).not.toMatch(/unsafe-eval|\*|http:|https:/);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
  });
});
