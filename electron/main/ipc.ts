/**
 * The console contract over IPC: one handler per method of the table (shared/console-contract.ts)
 * plus the desktop-only ones, each refusing any sender but our own window's top frame. Inputs are
 * validated by whoever handles them (the console service's schemas), as for HTTP.
 */
import { ipcMain } from 'electron';
import { consoleContract, consoleMethods, type ConsoleMethod } from '../../shared/console-contract';
import { causeOfError, markCause } from '../../shared/failure-cause';
import type { ConsoleWindow } from './window';

/** Thrown to a sender that is not our console; the renderer sees only this message. */
export const REFUSED = 'IPC refused: unknown sender';

export interface IpcRoutes {
  /** the console service of the engine running now (it changes when settings restart the engine) */
  dispatch(method: ConsoleMethod, input: unknown): Promise<unknown>;
}

export function registerConsoleIpc(window: Pick<ConsoleWindow, 'trusted'>, routes: IpcRoutes): void {
  for (const method of consoleMethods) {
    ipcMain.handle(consoleContract[method].channel, (event, input: unknown) => {
      if (!window.trusted(event)) throw new Error(REFUSED);
      return routes.dispatch(method, input).catch((error: unknown) => {
        // IPC keeps only an error's message: an engine failure's cause rides at its end (issue 18.2)
        const cause = causeOfError(error);
        throw cause ? new Error(markCause(error instanceof Error ? error.message : String(error), cause)) : error;
      });
    });
  }
}

/** A handler for one extra channel (desktop-only methods), behind the same sender check. */
export function registerTrustedHandler(window: Pick<ConsoleWindow, 'trusted'>, channel: string, handle: (input: unknown) => Promise<unknown>): void {
  ipcMain.handle(channel, (event, input: unknown) => {
    if (!window.trusted(event)) throw new Error(REFUSED);
    return handle(input);
  });
}
