/**
 * Issue 16.9: reasons with C1 controls (U+0085, U+009B, which `status` printed raw to a
 * terminal), line/paragraph separators, bidi overrides, or nothing visible (a lone zero-width
 * space) are refused at every door of a real `serve` and of the CLI, before anything acts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli-process';
import { send, startServe, type ServeProcess } from './helpers/serve-process';

const REFUSED = [
  'parar\u0085agora',
  'parar\u009b31m',
  'linha\u2028quebrada',
  'par\u2029ágrafo',
  'fatura \u202Etxt.exe',
  'a\u2066b\u2069',
  '\u200B',
  'a\uD800b',
];

describe('operator text at the doors', () => {
  let serve: ServeProcess;
  beforeAll(async () => {
    serve = await startServe();
  });
  afterAll(async () => {
    await serve?.stop();
  });

  const paused = async () => (JSON.parse((await send(serve.port, { path: '/api/getStatus' })).body) as { result: { paused: unknown } }).result.paused;

  it('the API refuses each reason with a 400 naming the field; nothing is paused or released', async () => {
    for (const reason of REFUSED) {
      const pause = await send(serve.port, {
        method: 'POST',
        path: '/api/pause',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reason }),
      });
      expect(pause.status, JSON.stringify(reason)).toBe(400);
      expect((JSON.parse(pause.body) as { error: string }).error).toMatch(/^pause: reason: /);
      const release = await send(serve.port, {
        method: 'POST',
        path: '/api/releaseLock',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ force: true, reason }),
      });
      expect(release.status, JSON.stringify(reason)).toBe(400);
    }
    expect(await paused()).toBeNull();
  });

  it('the CLI refuses them too', async () => {
    for (const reason of ['parar\u0085agora', 'parar\u009b31m', '\u200B']) {
      const result = await runCli(['pause', '--reason', reason], serve.env);
      expect(result.code, JSON.stringify(reason)).not.toBe(0);
      expect(result.stderr).toMatch(/reason: /);
    }
    expect(await paused()).toBeNull();
  });
});
