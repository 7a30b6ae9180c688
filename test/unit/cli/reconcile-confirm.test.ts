/** Issue 16.1: the CLI's confirmation of a held reconciliation needs its reason, and only with the flag. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../electron/engine/cli/args';
import { main } from '../../../electron/engine/cli/main';

describe('reconcile --confirm-deactivation', () => {
  it('is refused before anything is opened without --reason, and --reason alone is refused too', async () => {
    await expect(main(['reconcile', '--confirm-deactivation'])).rejects.toThrow('reconcile --confirm-deactivation needs --reason "…" (it is audited)');
    await expect(main(['reconcile', '--reason', 'x'])).rejects.toThrow('reconcile: --reason goes with --confirm-deactivation');
    await expect(main(['reconcile', '--confirm-deactivation', '--reason'])).rejects.toBeInstanceOf(UsageError);
  });
});
