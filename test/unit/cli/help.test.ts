/**
 * Issue 18.6: `run --help` was a usage error and no command had help of its own. Every command
 * answers `--help` / `-h` (and `help <command>`) with its own help, pt-BR first and English
 * second, exit 0, before anything is opened.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_HELP } from '../../../electron/engine/cli/help';
import { main } from '../../../electron/engine/cli/main';

function captured(): { text: () => string } {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  return { text: () => out };
}

afterEach(() => vi.restoreAllMocks());

describe('per-command help', () => {
  it('`run --help` prints the help of run, pt-BR first, and exits 0', async () => {
    const out = captured();
    expect(await main(['run', '--help'])).toBe(0);
    const text = out.text();
    expect(text).toMatch(/^uso: npm run --silent cli -- run /);
    expect(text).toContain('--window MIN');
    expect(text).toContain('Uma sincronização agora');
    expect(text.indexOf('Uma sincronização agora')).toBeLessThan(text.indexOf('English'));
    expect(text).toContain('One sync now');
  });

  it('every command has its own help, through --help, -h and `help <command>`', async () => {
    const commands = ['run', 'status', 'reconcile', 'lock status', 'lock release', 'pause', 'resume', 'scheduler', 'serve', 'demo-odoo'];
    expect(Object.keys(COMMAND_HELP).sort()).toEqual([...commands].sort());
    for (const command of commands) {
      for (const ask of [
        [...command.split(' '), '--help'],
        [...command.split(' '), '-h'],
        ['help', ...command.split(' ')],
      ]) {
        const out = captured();
        expect(await main(ask), ask.join(' ')).toBe(0);
        expect(out.text(), ask.join(' ')).toContain(`uso: npm run --silent cli -- ${command}`);
        vi.restoreAllMocks();
      }
    }
  });

  it('`lock --help` lists its subcommands; the overall help is pt-BR first', async () => {
    let out = captured();
    expect(await main(['lock', '--help'])).toBe(0);
    expect(out.text()).toContain('lock status');
    expect(out.text()).toContain('lock release');
    vi.restoreAllMocks();
    out = captured();
    expect(await main(['--help'])).toBe(0);
    expect(out.text()).toMatch(/^uso: npm run --silent cli -- <comando>/);
    expect(out.text()).toContain('<comando> --help');
  });

  it('status documents its exit codes (monitoring-plugin convention)', () => {
    expect(COMMAND_HELP.status.pt).toContain('0 OK, 1 Atenção, 2 Crítico');
    expect(COMMAND_HELP.status.en).toContain('0 OK, 1 Warning, 2 Critical');
  });

  it('resume takes a reason, like pause', async () => {
    await expect(main(['resume'])).rejects.toThrow(/resume needs --reason/);
  });
});
