/**
 * One engine event subscription shared by every listener in the console: the first listener
 * opens the upstream (one EventSource over HTTP, one IPC listener in Electron), the last one
 * to leave closes it. Pure: the upstream is whatever `subscribe` function it is given.
 */
export type Unsubscribe = () => void;

/** Every listener gets the event, even when one before it throws; the first failure is rethrown after. */
function deliver<Event>(listeners: ((event: Event) => void)[], event: Event): void {
  let failure: { error: unknown } | null = null;
  for (const listener of listeners) {
    try {
      listener(event);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}

export function shareSubscription<Event>(subscribe: (listener: (event: Event) => void) => Unsubscribe): (listener: (event: Event) => void) => Unsubscribe {
  const listeners = new Set<(event: Event) => void>();
  let close: Unsubscribe | null = null;
  return (listener) => {
    // A wrapper per call: the same function subscribed twice is two subscriptions, each with its own unsubscribe.
    const entry = (event: Event) => listener(event);
    listeners.add(entry);
    if (!close) close = subscribe((event) => deliver([...listeners], event));
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      listeners.delete(entry);
      if (listeners.size === 0 && close) {
        const closing = close;
        close = null;
        closing();
      }
    };
  };
}
