import { describe, expect, it } from 'vitest';
import { shareSubscription } from '../../../renderer/src/api/event-hub';

/** An upstream like one EventSource: counts how often it is opened and closed, and can emit. */
function fakeUpstream() {
  const state = { opened: 0, closed: 0, emit: (_event: string) => undefined as void };
  const subscribe = (listener: (event: string) => void) => {
    state.opened++;
    state.emit = listener;
    return () => {
      state.closed++;
    };
  };
  return { state, subscribe };
}

describe('shareSubscription', () => {
  it('several listeners share one upstream subscription and each gets every event', () => {
    const { state, subscribe } = fakeUpstream();
    const onEvent = shareSubscription(subscribe);
    const a: string[] = [];
    const b: string[] = [];
    onEvent((event) => a.push(event));
    onEvent((event) => b.push(event));
    state.emit('run-started');
    state.emit('log');
    expect(state.opened).toBe(1);
    expect(a).toEqual(['run-started', 'log']);
    expect(b).toEqual(['run-started', 'log']);
  });

  it('closes the upstream when the last listener leaves, and opens it again for a new one', () => {
    const { state, subscribe } = fakeUpstream();
    const onEvent = shareSubscription(subscribe);
    const offA = onEvent(() => undefined);
    const offB = onEvent(() => undefined);
    offA();
    expect(state.closed).toBe(0);
    offB();
    expect(state.closed).toBe(1);
    offB();
    expect(state.closed).toBe(1);
    onEvent(() => undefined);
    expect(state.opened).toBe(2);
  });

  it('a listener that left gets nothing more; the same function subscribed twice is two subscriptions', () => {
    const { state, subscribe } = fakeUpstream();
    const onEvent = shareSubscription(subscribe);
    const got: string[] = [];
    const listener = (event: string) => got.push(event);
    const first = onEvent(listener);
    onEvent(listener);
    state.emit('one');
    first();
    state.emit('two');
    expect(got).toEqual(['one', 'one', 'two']);
  });

  it('a listener that throws does not keep the event from the others; the error still surfaces', () => {
    const { state, subscribe } = fakeUpstream();
    const onEvent = shareSubscription(subscribe);
    const got: string[] = [];
    onEvent(() => {
      throw new Error('boom');
    });
    onEvent((event) => got.push(event));
    expect(() => state.emit('paused')).toThrow('boom');
    expect(got).toEqual(['paused']);
  });
});
