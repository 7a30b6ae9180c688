import { describe, expect, it } from 'vitest';
import { UsageError, booleanFlag, integerFlag, isoFlag, parseArgs, stringFlag } from '../../../electron/engine/cli/args';
import { main } from '../../../electron/engine/cli/main';

const spec = { boolean: ['json', 'force'], value: ['token', 'reason'] };

function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseArgs', () => {
  it('reads switches and values, separate or inline; the last repetition wins', () => {
    const args = parseArgs('lock release', ['--token', 'abc', '--json', '--reason=stuck at 3 a.m.', '--token=def'], spec);
    expect(stringFlag(args, 'token')).toBe('def');
    expect(stringFlag(args, 'reason')).toBe('stuck at 3 a.m.');
    expect(booleanFlag(args, 'json')).toBe(true);
    expect(booleanFlag(args, 'force')).toBe(false);
    expect(stringFlag(args, 'json')).toBeUndefined();
  });

  it('a value may start with a single dash, not with two (that is the next flag)', () => {
    expect(stringFlag(parseArgs('x', ['--reason', '-ok'], spec), 'reason')).toBe('-ok');
    expect(stringFlag(parseArgs('x', ['--reason=--ok'], spec), 'reason')).toBe('--ok');
    expect(usageError(() => parseArgs('lock release', ['--token', '--force'], spec))).toBe('lock release: --token needs a value');
  });

  it('names the flag and the command in each error', () => {
    expect(usageError(() => parseArgs('run', ['--bogus'], { boolean: ['json'], value: ['window'] }))).toBe(
      'run: unknown option --bogus (it takes --json, --window)',
    );
    expect(usageError(() => parseArgs('resume', ['-x'], {}))).toBe('resume: unknown option -x (it takes no options)');
    expect(usageError(() => parseArgs('lock release', ['--token'], spec))).toBe('lock release: --token needs a value');
    expect(usageError(() => parseArgs('lock status', ['--json=yes'], spec))).toBe('lock status: --json takes no value');
    expect(usageError(() => parseArgs('run', ['now'], spec))).toBe('run: unexpected argument "now"');
    expect(usageError(() => parseArgs('run', ['--', '--json'], spec))).toBe('run: unexpected argument "--json"');
    expect(usageError(() => parseArgs('run', ['--constructor'], spec))).toMatch(/^run: unknown option --constructor/);
  });

  it('validates whole numbers and ISO times on top', () => {
    const args = parseArgs('run', ['--token', '12', '--reason', '2026-05-01T09:00:00-03:00'], spec);
    expect(integerFlag(args, 'token', 1, 60)).toBe(12);
    expect(isoFlag(args, 'reason')).toBe('2026-05-01T12:00:00.000Z');
    expect(usageError(() => integerFlag(args, 'token', 1, 10))).toBe('--token must be a whole number between 1 and 10 (got 12)');
    expect(usageError(() => isoFlag(parseArgs('run', ['--reason', 'yesterday'], spec), 'reason'))).toMatch(/^--reason must be an ISO time/);
  });
});

describe('CLI usage errors', () => {
  it('are refused before anything is opened', async () => {
    await expect(main(['run', '--bogus'])).rejects.toThrow('run: unknown option --bogus (it takes --json, --window, --from, --to)');
    await expect(main(['lock', 'release', '--token'])).rejects.toThrow('lock release: --token needs a value');
    await expect(main(['run', '--window', '5', '--from', '2026-01-01T00:00:00Z'])).rejects.toBeInstanceOf(UsageError);
    await expect(main(['lock', 'release'])).rejects.toThrow(/needs --value 'VALUE' .*--token T/);
    await expect(main(['nope'])).rejects.toThrow('unknown command "nope"');
  });

  it('an impossible range is an InvalidWindowError, before the engine opens', async () => {
    await expect(main(['run', '--from', '2026-01-02T00:00:00Z', '--to', '2026-01-01T00:00:00Z'])).rejects.toMatchObject({
      name: 'InvalidWindowError',
      fields: ['from', 'to'],
    });
  });
});
