/** Issue 18.2: an engine call's failure read back with its cause, from either door; the status state keeps it. */
import { describe, expect, it } from 'vitest';
import { markCause } from '../../../shared/failure-cause';
import { engineErrorOf } from '../../../renderer/src/api/engine-error';
import { initialEngineStatus, statusFailed, statusReceived } from '../../../renderer/src/hooks/engine-status-state';
import { status } from './fixtures';

const CAUSE = { code: 'pgUnreachable', target: 'db:5432/carteira' } as const;

describe('engine errors', () => {
  it('over HTTP: the cause the client attached', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { failureCause: CAUSE });
    expect(engineErrorOf(error)).toEqual({ message: 'connect ECONNREFUSED 10.0.0.5:5432', cause: CAUSE });
  });

  it("over IPC: the mark at the message's end, Electron's prefix taken off", () => {
    const error = new Error(`Error invoking remote method 'console:getStatus': Error: ${markCause('connect ECONNREFUSED 10.0.0.5:5432', CAUSE)}`);
    expect(engineErrorOf(error)).toEqual({ message: 'connect ECONNREFUSED 10.0.0.5:5432', cause: CAUSE });
  });

  it('without one (the engine unreachable, a proxy page, a mark that is not ours): the message as it is', () => {
    expect(engineErrorOf(new Error('Failed to fetch'))).toEqual({ message: 'Failed to fetch', cause: null });
    expect(engineErrorOf(new Error('x\n[[failure-cause]]{"code":"nope"}')).cause).toBeNull();
    expect(engineErrorOf(new Error('x\n[[failure-cause]]not json')).cause).toBeNull();
    expect(engineErrorOf('plain').message).toBe('plain');
  });

  it('the status state keeps the cause until a status arrives', () => {
    const failed = statusFailed(initialEngineStatus, 'connect ECONNREFUSED', CAUSE);
    expect(failed).toMatchObject({ fetchError: 'connect ECONNREFUSED', fetchCause: CAUSE });
    expect(statusReceived(failed, status(), Date.now())).toMatchObject({ fetchError: null, fetchCause: null });
  });
});
