/**
 * Issue 16.9: the console must not be framed by another page (clickjacking of pause, release or
 * recovery where no token is set). Every answer of a real `serve`, whatever its status or kind,
 * says `X-Frame-Options: DENY` and `Content-Security-Policy: frame-ancestors 'none'`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw, send, startServe, type Answer, type ServeProcess } from './helpers/serve-process';

const TOKEN = 'frame-protection-token-0123456789';

const expectFrameDenied = (answer: Pick<Answer, 'headers' | 'status'>, what: string) => {
  expect(answer.headers['x-frame-options'], `${what} (${answer.status})`).toBe('DENY');
  expect(String(answer.headers['content-security-policy']), `${what} (${answer.status})`).toMatch(/(^|;\s*)frame-ancestors 'none'(;|$)/);
};

/** The headers of a raw answer (latin1 text), lower-cased names. */
const headersOf = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\r\n\r\n')[0]
      .split('\r\n')
      .slice(1)
      .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );

describe('frame protection on every answer of serve', () => {
  for (const withToken of [false, true]) {
    describe(withToken ? 'with CONSOLE_TOKEN' : 'without a token', () => {
      let serve: ServeProcess;
      const auth: Record<string, string> = withToken ? { authorization: `Bearer ${TOKEN}` } : {};
      beforeAll(async () => {
        serve = await startServe({ env: withToken ? { CONSOLE_TOKEN: TOKEN } : {} });
      });
      afterAll(async () => {
        await serve?.stop();
      });

      it('the app shell, static files, the API, its refusals, metrics and the event stream', async () => {
        const answers: [string, Answer][] = [
          ['app shell', await send(serve.port, { path: '/' })],
          ['missing file', await send(serve.port, { path: '/nothing-here.js' })],
          ['status', await send(serve.port, { path: '/api/getStatus', headers: auth })],
          ['unknown API', await send(serve.port, { path: '/api/nope', headers: auth })],
          ['wrong verb', await send(serve.port, { method: 'GET', path: '/api/pause', headers: auth })],
          [
            'bad input',
            await send(serve.port, { method: 'POST', path: '/api/pause', headers: { ...auth, 'content-type': 'application/json' }, body: '{"reason": ""}' }),
          ],
          ['foreign Host', await send(serve.port, { path: '/api/getStatus', headers: { ...auth, host: 'evil.example' } })],
          ['no token', await send(serve.port, { path: '/api/getStatus', headers: { authorization: 'Bearer wrong' } })],
          ['metrics', await send(serve.port, { path: '/metrics', headers: auth })],
          ['event stream', await send(serve.port, { path: withToken ? `/api/events?token=${TOKEN}` : '/api/events', closeEarly: true })],
        ];
        for (const [what, answer] of answers) expectFrameDenied(answer, what);
      });

      it('a request the HTTP parser refuses', async () => {
        const answer = await raw(serve.port, 'GET /\u0001 HTTP/1.1\r\n\r\n');
        expect(answer.status).toBe(400);
        expectFrameDenied({ status: answer.status, headers: headersOf(answer.text) }, 'parser refusal');
      });
    });
  }
});
