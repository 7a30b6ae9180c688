/**
 * How the console reaches the engine: the Electron preload bridge when present, else the
 * headless host's HTTP + SSE API on the same origin. Same interface either way.
 */
import type { ConsoleApi } from '../../../shared/console-contract';
import { httpConsoleApi } from './http-client';

declare global {
  interface Window {
    consoleApi?: ConsoleApi;
  }
}

export const consoleApi: ConsoleApi = window.consoleApi ?? httpConsoleApi();
