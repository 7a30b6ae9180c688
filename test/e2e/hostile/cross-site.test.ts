/**
 * Issue 8, finding 2, as it was found: a page on another origin, open in the operator's
 * Chromium, drives the console of a real `serve` process on loopback. A `no-cors` fetch
 * with a text/plain body and a plain HTML form are what browsers send cross-site without a
 * preflight; neither may change anything.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, startServe, type ServeProcess } from '../../integration/hostile/helpers/serve-process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The attacker's page: fires both kinds of request at the console on load. */
const evilPage = (consoleUrl: string) => `<!doctype html><html><body>
<form id="f" method="POST" action="${consoleUrl}/api/pause" enctype="text/plain" target="sink">
  <input name='{"reason":"csrf by form","x":"' value='"}'>
</form>
<iframe name="sink"></iframe>
<script>
  fetch('${consoleUrl}/api/pause', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ reason: 'csrf by fetch' }) })
    .finally(() => { document.getElementById('f').submit(); setTimeout(() => { document.title = 'done'; }, 500); });
</script></body></html>`;

describe('a page on another origin', () => {
  let serve: ServeProcess;
  let evil: Server;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install it (apt-get install -y chromium); this test never skips`);
    serve = await startServe();
    evil = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(evilPage(serve.url));
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    evil?.close();
    await serve?.stop();
  });

  it('cannot pause the scheduler with a no-cors fetch or a form post', async () => {
    const page = await browser.newPage();
    // another origin: localhost instead of 127.0.0.1, another port
    await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
    await page.waitForFunction('document.title === "done"', undefined, { timeout: 15_000 });
    const status = await send(serve.port, { path: '/api/getStatus' });
    expect((JSON.parse(status.body) as { result: { paused: unknown } }).result.paused).toBeNull();
    expect(serve.alive()).toBe(true);
  });
});
