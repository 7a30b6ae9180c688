/**
 * The command line: `npm run --silent cli -- <command>`. Commands and exit codes are
 * contracts (DESIGN.md): `run` exits 0 done, 1 failed, 2 skipped because the lock is held.
 * Logs go to stderr as JSON lines; results go to stdout (as JSON with `--json`).
 */
import { hostname, userInfo } from 'node:os';
import type { RunRequest } from '../../../shared/console-schemas';
import { ConfigError, loadConfig } from '../config';
import { Engine } from '../engine';
import { InvalidWindowError, planRecoveryWindow, type WindowField } from '../sync/window-planner';
import { UsageError, booleanFlag, integerFlag, isoFlag, parseArgs, stringFlag } from './args';
import { formatLock, formatReport, formatStatus } from './format';

const USAGE = `usage: npm run --silent cli -- <command>

  run [--window MIN | --from ISO --to ISO] [--json]   one sync now (exit 0 done, 1 failed, 2 lock held)
  status [--json]                                      last runs, watermark, gaps, lock, mode
  reconcile [--json]                                   compare every Odoo order with the table
  lock status [--json]                                 who holds the lock, TTL, fence
  lock release --token T [--reason R]                  release only if the lock still has token T
  lock release --force --reason R                      release whatever holds it (audited)
  pause --reason R | resume                            stop / restart scheduled runs
  scheduler [--run-now]                                the service: a run every SYNC_INTERVAL_MINUTES
  serve [--port P] [--host H]                          scheduler + browser console (other hosts need CONSOLE_TOKEN)
  demo-odoo [--port P] [--orders N] [--lines-per-order M] [--changes-per-minute K] [--seed S]
                                                       an Odoo simulator (db demo, admin/admin)`;

/** The `run` flag for each field of a run request, to name it when the window is refused. */
const WINDOW_FLAGS: Record<WindowField, string> = { from: '--from', to: '--to', minutes: '--window' };

function actor(): string {
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers): keep $USER
  }
  return `cli:${user}@${hostname()}`;
}

function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

async function withEngine<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await Engine.open(loadConfig());
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run': {
      const args = parseArgs('run', rest, { boolean: ['json'], value: ['window', 'from', 'to'] });
      const minutes = integerFlag(args, 'window', 1, 60 * 24 * 365);
      const from = isoFlag(args, 'from');
      const to = isoFlag(args, 'to');
      if (minutes !== undefined && (from || to)) throw new UsageError('use either --window MIN or --from ISO --to ISO, not both');
      if ((from === undefined) !== (to === undefined)) throw new UsageError('--from and --to go together');
      // an impossible range is refused before the engine (database, Odoo) is opened; the engine checks again
      if (from && to) planRecoveryWindow(new Date(from), new Date(to), new Date());
      const request: RunRequest =
        minutes !== undefined ? { kind: 'window', minutes } : from && to ? { kind: 'range', from, to } : { kind: 'planned', trigger: 'manual' };
      const report = await withEngine((engine) => engine.runSync(request, { actor: actor() }));
      print(booleanFlag(args, 'json'), report, formatReport(report));
      return report.exitCode;
    }
    case 'reconcile': {
      const args = parseArgs('reconcile', rest, { boolean: ['json'] });
      const report = await withEngine((engine) => engine.reconcile({ actor: actor() }));
      print(booleanFlag(args, 'json'), report, formatReport(report));
      return report.exitCode;
    }
    case 'status': {
      const args = parseArgs('status', rest, { boolean: ['json'] });
      const status = await withEngine((engine) => engine.status());
      print(booleanFlag(args, 'json'), status, formatStatus(status));
      return 0;
    }
    case 'lock':
      return lockCommand(rest);
    case 'pause': {
      const args = parseArgs('pause', rest, { value: ['reason'] });
      const reason = stringFlag(args, 'reason');
      if (!reason) throw new UsageError('pause needs --reason "…" (it is shown in status and audited)');
      await withEngine((engine) => engine.pause(actor(), reason));
      print(false, null, `scheduled runs paused: ${reason}`);
      return 0;
    }
    case 'resume': {
      parseArgs('resume', rest);
      await withEngine((engine) => engine.resume(actor()));
      print(false, null, 'scheduled runs resumed');
      return 0;
    }
    case 'scheduler': {
      const args = parseArgs('scheduler', rest, { boolean: ['run-now'] });
      const { runSchedulerService } = await import('../scheduler/service');
      return runSchedulerService(loadConfig(), { runNow: booleanFlag(args, 'run-now') });
    }
    case 'serve': {
      const args = parseArgs('serve', rest, { value: ['port', 'host'] });
      const { runHttpHost } = await import('../http/serve');
      return runHttpHost(loadConfig(), { port: integerFlag(args, 'port', 0, 65535) ?? 8787, host: stringFlag(args, 'host') ?? '127.0.0.1' });
    }
    case 'demo-odoo': {
      const args = parseArgs('demo-odoo', rest, { value: ['port', 'orders', 'lines-per-order', 'changes-per-minute', 'seed', 'host'] });
      const { runDemoOdoo } = await import('./demo-odoo');
      return runDemoOdoo({
        port: integerFlag(args, 'port', 0, 65535) ?? 8069,
        host: stringFlag(args, 'host') ?? '127.0.0.1',
        orders: integerFlag(args, 'orders', 0, 10_000_000) ?? 500,
        linesPerOrder: integerFlag(args, 'lines-per-order', 1, 1000) ?? 6,
        changesPerMinute: integerFlag(args, 'changes-per-minute', 0, 1_000_000) ?? 30,
        seed: integerFlag(args, 'seed', 0, 2 ** 31) ?? 42,
      });
    }
    case undefined:
    case 'help':
    case '--help':
      print(false, null, USAGE);
      return command === undefined ? 1 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

async function lockCommand(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'status') {
    const args = parseArgs('lock status', rest, { boolean: ['json'] });
    const lock = await withEngine((engine) => engine.lockStatus());
    print(booleanFlag(args, 'json'), lock, formatLock(lock));
    return 0;
  }
  if (sub === 'release') {
    const args = parseArgs('lock release', rest, { boolean: ['force', 'json'], value: ['token', 'reason'] });
    const token = stringFlag(args, 'token');
    const force = booleanFlag(args, 'force');
    const reason = stringFlag(args, 'reason');
    if (!token && !force) throw new UsageError('lock release needs --token T (from `lock status`) or --force --reason "…"');
    if (force && !reason) throw new UsageError('lock release --force needs --reason "…" (it is audited)');
    const result = await withEngine((engine) => engine.releaseLock({ expectedToken: token, force, actor: actor(), reason: reason ?? 'released by token' }));
    const text = result.released
      ? `lock released (was ${result.previous?.owner ?? 'free'}, run ${result.previous?.runId ?? '—'}); fence now ${result.fence ?? '—'}`
      : result.current
        ? `NOT released: the lock is now held by ${result.current.owner} with token ${result.current.token} (run ${result.current.runId ?? '—'})`
        : 'NOT released: the lock is free';
    print(booleanFlag(args, 'json'), result, text);
    return result.released ? 0 : 1;
  }
  throw new UsageError('lock needs a subcommand: status | release');
}

// Run when executed directly (`tsx electron/engine/cli/main.ts …`), not when imported by tests.
if (process.argv[1] && /cli[\\/]main\.[cm]?[jt]s$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => exitAfterOutput(code),
    (error: unknown) => {
      if (error instanceof UsageError) process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      else if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
      else if (error instanceof InvalidWindowError)
        process.stderr.write(`invalid window (${error.fields.map((field) => WINDOW_FLAGS[field]).join('/')}): ${error.message}\n`);
      else process.stderr.write(`Erro: ${error instanceof Error ? error.message : String(error)}\n`);
      exitAfterOutput(1);
    },
  );
}

/**
 * process.exit() drops what a pipe has not taken yet (a `status --json` or a log line beyond the
 * pipe's buffer would reach a monitoring check cut): exit once stdout and stderr are flushed.
 */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
