/**
 * ConsoleApi over the headless host's HTTP + SSE API, generated from the console contract:
 * each method is a request on its route with its verb; events arrive on one event stream.
 */
import {
  consoleContract,
  consoleEvents,
  consoleMethods,
  consoleRoute,
  type ConsoleApi,
  type ConsoleCalls,
  type ConsoleMethod,
} from '../../../shared/console-contract';
import type { EngineEvent } from '../../../shared/engine-types';
import { consoleToken } from './console-token';

async function call(method: ConsoleMethod, input: unknown): Promise<unknown> {
  const token = consoleToken();
  const { verb } = consoleContract[method];
  const response = await fetch(consoleRoute(method), {
    method: verb,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: verb === 'POST' ? JSON.stringify(input ?? {}) : undefined,
  });
  const text = await response.text();
  let payload: { result?: unknown; error?: string; cause?: unknown } | null = null;
  try {
    payload = JSON.parse(text) as { result?: unknown; error?: string; cause?: unknown };
  } catch {
    // not JSON (a proxy's error page, a host that is not ours): report the status and the start of the text
  }
  if (!response.ok || payload === null) {
    const failure = new Error(payload?.error ?? `HTTP ${response.status}: ${text.slice(0, 200)}`);
    // the engine's cause of it, when it knows one (read back by api/engine-error.ts)
    throw payload?.cause ? Object.assign(failure, { failureCause: payload.cause }) : failure;
  }
  return payload.result;
}

export function httpConsoleApi(): ConsoleApi {
  // One loop over the table builds every method; the table's types say what each takes and gives.
  const calls = Object.fromEntries(consoleMethods.map((method) => [method, (input?: unknown) => call(method, input)])) as ConsoleCalls;
  return {
    ...calls,
    onEvent: (listener) => {
      const token = consoleToken();
      const source = new EventSource(token ? `${consoleEvents.path}?token=${encodeURIComponent(token)}` : consoleEvents.path);
      source.onmessage = (message) => listener(JSON.parse(message.data as string) as EngineEvent);
      return () => source.close();
    },
  };
}
