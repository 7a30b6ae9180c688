/**
 * How the console reaches the engine: the Electron preload bridge when present, else the
 * headless host's HTTP + SSE API on the same origin. Same interface either way; `onEvent`
 * shares one upstream subscription (one EventSource) among all the console's listeners.
 */
import type { ConsoleApi } from '../../../shared/console-contract';
import { shareSubscription } from './event-hub';
import { httpConsoleApi } from './http-client';

declare global {
  interface Window {
    consoleApi?: ConsoleApi;
  }
}

const transport: ConsoleApi = window.consoleApi ?? httpConsoleApi();

export const consoleApi: ConsoleApi = { ...transport, onEvent: shareSubscription((listener) => transport.onEvent(listener)) };
