/**
 * The long-running doors (`serve`, `scheduler`) look at the lock once at start: a Redis that
 * answers but refuses us (password, ACL user, database index) stops them there, in one line,
 * rather than failing every scheduled run. An unreachable Redis does not: the fallback
 * covers outages.
 */
import type { Engine } from './engine';
import { RedisRefusedError } from './lock';

export async function refuseMisconfiguredLock(engine: Engine): Promise<void> {
  try {
    await engine.lockStatus();
  } catch (error) {
    if (!(error instanceof RedisRefusedError)) return;
    await engine.close();
    throw error;
  }
}
