/**
 * The preload bridge: exposes exactly the ConsoleApi methods to the sandboxed renderer,
 * nothing else (no ipcRenderer, no Node).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CONSOLE_CHANNELS, type ConsoleApi } from '../../shared/console-api';
import type { EngineEvent } from '../../shared/engine-types';

const api: ConsoleApi = {
  getStatus: () => ipcRenderer.invoke(CONSOLE_CHANNELS.getStatus),
  getLock: () => ipcRenderer.invoke(CONSOLE_CHANNELS.getLock),
  getRecentLog: () => ipcRenderer.invoke(CONSOLE_CHANNELS.getRecentLog),
  runSync: (request) => ipcRenderer.invoke(CONSOLE_CHANNELS.runSync, request),
  reconcile: () => ipcRenderer.invoke(CONSOLE_CHANNELS.reconcile),
  pause: (input) => ipcRenderer.invoke(CONSOLE_CHANNELS.pause, input),
  resume: () => ipcRenderer.invoke(CONSOLE_CHANNELS.resume),
  releaseLock: (input) => ipcRenderer.invoke(CONSOLE_CHANNELS.releaseLock, input),
  onEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, payload: EngineEvent) => listener(payload);
    ipcRenderer.on(CONSOLE_CHANNELS.event, forward);
    return () => ipcRenderer.off(CONSOLE_CHANNELS.event, forward);
  },
};

contextBridge.exposeInMainWorld('consoleApi', api);
