/**
 * The preload bridge: exposes exactly the console contract's methods to the sandboxed
 * renderer, each as an IPC call on its channel (and, as `desktopApi`, the desktop-only settings
 * methods), and nothing else (no ipcRenderer, no Node).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  consoleContract,
  consoleEvents,
  consoleMethods,
  desktopContract,
  desktopMethods,
  type ConsoleApi,
  type ConsoleCalls,
  type DesktopCalls,
} from '../../shared/console-contract';
import type { EngineEvent } from '../../shared/engine-types';

// One loop over the table builds every method; the table's types say what each takes and gives.
const calls = Object.fromEntries(
  consoleMethods.map((method) => [method, (input?: unknown) => ipcRenderer.invoke(consoleContract[method].channel, input)]),
) as ConsoleCalls;

const api: ConsoleApi = {
  ...calls,
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, payload: EngineEvent) => listener(payload);
    ipcRenderer.on(consoleEvents.channel, forward);
    return () => ipcRenderer.off(consoleEvents.channel, forward);
  },
};

contextBridge.exposeInMainWorld('consoleApi', api);

// The desktop-only methods (settings): the console shows "Configurações" only where this exists.
const desktopApi = Object.fromEntries(
  desktopMethods.map((method) => [method, (input?: unknown) => ipcRenderer.invoke(desktopContract[method].channel, input)]),
) as DesktopCalls;
contextBridge.exposeInMainWorld('desktopApi', desktopApi);
