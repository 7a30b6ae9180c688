/**
 * Picks how the console reaches the engine: the Electron preload bridge when present,
 * else the headless host's HTTP + SSE API on the same origin. Same interface either way.
 */
import type { CONSOLE_CHANNELS, ConsoleApi } from '../../shared/console-api';
import type { EngineEvent } from '../../shared/engine-types';

declare global {
  interface Window {
    consoleApi?: ConsoleApi;
  }
}

/**
 * The headless host's CONSOLE_TOKEN, when it has one: opened as `…/#token=…` (a fragment is
 * never sent to the server), kept for this tab only, and removed from the address bar.
 */
function consoleToken(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('consoleToken', fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem('consoleToken');
}

async function call<T>(method: keyof typeof CONSOLE_CHANNELS, body?: unknown): Promise<T> {
  const token = consoleToken();
  const response = await fetch(`/api/${method}`, {
    method: body === undefined && method.startsWith('get') ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined || method.startsWith('get') ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let payload: { result?: T; error?: string } | null = null;
  try {
    payload = JSON.parse(text) as { result?: T; error?: string };
  } catch {
    // not JSON (a proxy's error page, a host that is not ours): report the status and the start of the text
  }
  if (!response.ok || payload === null) throw new Error(payload?.error ?? `HTTP ${response.status}: ${text.slice(0, 200)}`);
  return payload.result as T;
}

function httpApi(): ConsoleApi {
  return {
    getStatus: () => call('getStatus'),
    getLock: () => call('getLock'),
    getRecentLog: () => call('getRecentLog'),
    runSync: (request) => call('runSync', request),
    reconcile: () => call('reconcile', {}),
    pause: (input) => call('pause', input),
    resume: () => call('resume', {}),
    releaseLock: (input) => call('releaseLock', input),
    onEvent: (listener) => {
      const token = consoleToken();
      const source = new EventSource(token ? `/api/events?token=${encodeURIComponent(token)}` : '/api/events');
      source.onmessage = (message) => listener(JSON.parse(message.data as string) as EngineEvent);
      return () => source.close();
    },
  };
}

export const consoleApi: ConsoleApi = window.consoleApi ?? httpApi();
