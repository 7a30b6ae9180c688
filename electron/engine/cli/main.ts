/**
 * The command line: `npm run --silent cli -- <command>`. Commands and exit codes are
 * contracts (DESIGN.md): `run` exits 0 done, 1 failed, 2 skipped because the lock is held.
 * Logs go to stderr as JSON lines; results go to stdout (as JSON with `--json`).
 */
import { hostname, userInfo } from 'node:os';
import { valueSha1 as valueSha1Of } from '../lock/lock-holder';
import type { RunRequest } from '../../../shared/console-schemas';
import { ConfigError, loadConfig } from '../config';
import { startFailureText } from '../start-failure';
import { InvalidWindowError, planRecoveryWindow, type WindowField } from '../sync/window-planner';
import { UsageError, booleanFlag, integerFlag, isoFlag, parseArgs, stringFlag } from './args';
import { formatLock, formatReport, formatStatus } from './format';
import { commandHelp, isHelpTopic, lockHelp, overviewHelp } from './help';
import { releaseText } from './lock-text';
import { withCliEngine, type CliEngine } from './service-door';
import { STATUS_UNKNOWN_EXIT, statusExitCode } from './status-exit';

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

/** An engine of this process, or the running service's when it has the embedded database open (service-door.ts, issue 18.3). */
function withEngine<T>(work: (engine: CliEngine) => Promise<T>): Promise<T> {
  return withCliEngine(loadConfig(), work);
}

/** `--help` or `-h` anywhere among a command's arguments asks for its help, not for the command. */
const asksHelp = (argv: readonly string[]) => argv.includes('--help') || argv.includes('-h');

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') return help(rest);
  if (command === 'lock') {
    const [sub] = rest;
    if (asksHelp(rest)) return help(sub === 'status' || sub === 'release' ? [command, sub] : [command]);
  } else if (command !== undefined && asksHelp(rest)) {
    return help([command]);
  }
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
      const args = parseArgs('reconcile', rest, { boolean: ['json', 'confirm-deactivation'], value: ['reason'] });
      const reason = stringFlag(args, 'reason');
      const confirm = booleanFlag(args, 'confirm-deactivation');
      if (confirm && !reason) throw new UsageError('reconcile --confirm-deactivation needs --reason "…" (it is audited)');
      if (reason !== undefined && !confirm) throw new UsageError('reconcile: --reason goes with --confirm-deactivation');
      const who = actor();
      const report = await withEngine((engine) =>
        engine.reconcile(confirm ? { actor: who, confirmDeactivation: { actor: who, reason: reason! } } : { actor: who }),
      );
      print(booleanFlag(args, 'json'), report, formatReport(report));
      return report.exitCode;
    }
    case 'status': {
      const args = parseArgs('status', rest, { boolean: ['json'] });
      const status = await withEngine((engine) => engine.status());
      print(booleanFlag(args, 'json'), status, formatStatus(status));
      // the monitoring-plugin convention: 0 OK, 1 Atenção, 2 Crítico (3 when no status: see exitCodeOnError)
      return statusExitCode(status);
    }
    case 'lock':
      return lockCommand(rest);
    case 'pause': {
      const args = parseArgs('pause', rest, { value: ['reason'] });
      const reason = stringFlag(args, 'reason');
      if (!reason) throw new UsageError('pause needs --reason "…" (it is shown in status and audited)');
      await withEngine((engine) => engine.pause(actor(), reason));
      print(false, null, `Execuções agendadas pausadas: ${reason}`);
      return 0;
    }
    case 'resume': {
      const args = parseArgs('resume', rest, { value: ['reason'] });
      const reason = stringFlag(args, 'reason');
      if (!reason) throw new UsageError('resume needs --reason "…" (it is audited, like a pause)');
      await withEngine((engine) => engine.resume(actor(), reason));
      print(false, null, `Execuções agendadas retomadas: ${reason}`);
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
      print(false, null, overviewHelp());
      return 1;
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
    const args = parseArgs('lock release', rest, { boolean: ['force', 'json'], value: ['token', 'value', 'value-sha1', 'reason'] });
    const token = stringFlag(args, 'token');
    const value = stringFlag(args, 'value');
    const valueSha1 = stringFlag(args, 'value-sha1');
    const force = booleanFlag(args, 'force');
    const reason = stringFlag(args, 'reason');
    const ways = [token !== undefined, value !== undefined, valueSha1 !== undefined, force].filter(Boolean).length;
    if (ways === 0)
      throw new UsageError(`lock release needs --value 'VALUE' (the raw value from \`lock status\`), --value-sha1 H, --token T or --force --reason "…"`);
    if (ways > 1) throw new UsageError('lock release: give one of --value, --value-sha1, --token, --force');
    if (!reason && token === undefined) throw new UsageError('lock release needs --reason "…" (it is audited)');
    if (valueSha1 !== undefined && !/^[0-9a-f]{40}$/.test(valueSha1)) throw new UsageError('--value-sha1 must be 40 hex digits (as `lock status` shows it)');
    // the value as typed is compared by its exact UTF-8 bytes (through their SHA-1, in one Lua script)
    const expectedValueSha1 = value !== undefined ? valueSha1Of(value) : valueSha1;
    const result = await withEngine((engine) =>
      engine.releaseLock({ expectedToken: token, expectedValueSha1, force, actor: actor(), reason: reason ?? 'released by token' }),
    );
    print(booleanFlag(args, 'json'), result, releaseText(result));
    return result.released ? 0 : 1;
  }
  throw new UsageError('lock needs a subcommand: status | release');
}

/** `help`, `help <command>`, `<command> --help`: its page (or the overview), exit 0. */
function help(topic: readonly string[]): number {
  const name = topic.filter((word) => !word.startsWith('-')).join(' ');
  if (name === '') print(false, null, overviewHelp());
  else if (name === 'lock') print(false, null, lockHelp());
  else if (isHelpTopic(name)) print(false, null, commandHelp(name));
  else throw new UsageError(`no help for "${name}": unknown command`);
  return 0;
}

/** What the process exits with when a command throws: `status` says UNKNOWN (3) to a monitoring check, the rest 1. */
function exitCodeOnError(command: string | undefined): number {
  return command === 'status' ? STATUS_UNKNOWN_EXIT : 1;
}

// Run when executed directly (`tsx electron/engine/cli/main.ts …`), not when imported by tests.
if (process.argv[1] && /cli[\\/]main\.[cm]?[jt]s$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => exitAfterOutput(code),
    (error: unknown) => {
      if (error instanceof UsageError) process.stderr.write(`${error.message}\n\n${overviewHelp()}\n`);
      else if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
      else if (error instanceof InvalidWindowError)
        process.stderr.write(`janela inválida (${error.fields.map((field) => WINDOW_FLAGS[field]).join('/')}): ${error.message}\n`);
      // the cause in pt-BR and what to do (a database missing, a port in use…), then the error's own text (issue 18.2)
      else process.stderr.write(startFailureText(error, () => loadConfig()));
      exitAfterOutput(exitCodeOnError(process.argv[2]));
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
