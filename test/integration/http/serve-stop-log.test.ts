/**
 * Issue 18.6: `serve` logged nothing when it stopped (only "Sinal SIGINT ignorado…" for a repeat).
 * An idle `serve` says in pt-BR that it got the signal and that it stopped; with a run in progress
 * it also says which run it waits for (runbook/repeated-signals.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../support/cli-process';
import { send, startServe } from '../hostile/helpers/serve-process';

describe('serve stopping', () => {
  it('logs the signal, then that it stopped, in pt-BR', { timeout: 90_000 }, async () => {
    const serve = await startServe();
    try {
      // the start-up catch-up run finishes first
      await waitFor(async () => {
        const status = JSON.parse((await send(serve.port, { path: '/api/getStatus' })).body) as { result: { running: unknown; recentRuns: unknown[] } };
        return status.result.running === null && status.result.recentRuns.length > 0;
      }, 'the first run to finish');
      serve.cli.child.kill('SIGTERM');
      const { code } = await serve.cli.done;
      expect(code).toBe(0);
      const lines = serve
        .stderr()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { event: string; msg: string });
      const stopping = lines.findIndex((line) => line.event === 'http.stopping');
      const stopped = lines.findIndex((line) => line.event === 'http.stopped');
      expect(lines[stopping]?.msg).toBe('Encerrando o console (SIGTERM): nenhuma nova execução');
      expect(lines[stopped]?.msg).toBe('Console encerrado');
      expect(stopping).toBeLessThan(stopped);
      expect(lines.some((line) => line.event === 'http.waiting_run')).toBe(false);
    } finally {
      await serve.stop();
    }
  });
});
