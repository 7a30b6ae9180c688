/**
 * How the long-running commands (`serve`, `scheduler`) learn they should stop.
 *
 * Ctrl-C in a terminal sends SIGINT to every process of the foreground group, and the launchers
 * in between (npm, scripts/start.mjs) pass a copy on as well: one key press can reach the command
 * two or three times within milliseconds. The first SIGINT or SIGTERM starts the graceful stop;
 * later ones are logged and ignored. They must never fall back to Node's default handler, which
 * would end the process in the middle of the stop (run aborted, engine not closed, the Redis lock
 * left until its TTL). No count of signals forces an exit, since a single key press already
 * produces several; the way out of a stop that hangs is SIGKILL (`kill -9`), after which the lock
 * expires with its TTL as after any crash.
 */
import type { Logger } from './logger';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Resolves with the first stop signal; the handlers stay installed, so repeats are ignored until the process exits. */
export function waitForStopSignal(logger: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first: NodeJS.Signals | null = null;
    const onSignal = (signal: NodeJS.Signals) => {
      if (first) {
        logger.info('process.signal_ignored', `Sinal ${signal} ignorado: o encerramento (${first}) já está em andamento`, { signal, stoppingOn: first });
        return;
      }
      first = signal;
      resolve(signal);
    };
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  });
}
