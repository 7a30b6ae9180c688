/**
 * Issue 16.9, through the real CLI: a CONSOLE_TOKEN that could never authenticate (spaces
 * around it, characters beyond ASCII) and a SYNC_INITIAL_SINCE that is no real date or lies in
 * the future are refused at start, one clear line each, exit 1 (`serve` never listens).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli-process';

const problems = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('  - '));

describe('console token and initial date refused at start', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'carteira-config-edges-'));
    env = { CARTEIRA_DATA_DIR: dataDir, DEMO_ORDERS: '3', DEMO_CHANGES_PER_MINUTE: '0' };
  });
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('serve refuses a token with surrounding spaces or non-ASCII characters, without printing it', async () => {
    for (const token of [' console-token-0123456789 ', 'console-token-0123456789-ção', 'console-token-0123456789-€']) {
      const result = await runCli(['serve', '--port', '0'], { ...env, CONSOLE_TOKEN: token });
      expect(result.code, JSON.stringify(token)).toBe(1);
      expect(problems(result.stderr)).toEqual([expect.stringMatching(/^ {2}- CONSOLE_TOKEN must be visible ASCII characters only/)]);
      expect(result.stderr).not.toContain(token.trim());
      expect(result.stdout).not.toContain('Carteira Sync Console em');
    }
  });

  it('SYNC_INITIAL_SINCE: an impossible date and a future one', async () => {
    const impossible = await runCli(['status'], { ...env, SYNC_INITIAL_SINCE: '2026-02-31' });
    expect(impossible.code).not.toBe(0);
    expect(problems(impossible.stderr)).toEqual([expect.stringMatching(/SYNC_INITIAL_SINCE \(2026-02-31\) is not a real date/)]);
    const future = await runCli(['run'], { ...env, SYNC_INITIAL_SINCE: '2999-01-01' });
    expect(future.code).toBe(1);
    expect(problems(future.stderr)).toEqual([expect.stringMatching(/SYNC_INITIAL_SINCE \(2999-01-01\) is in the future/)]);
  });
});
