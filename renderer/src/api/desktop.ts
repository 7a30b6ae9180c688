/**
 * The desktop-only methods (settings), exposed by the Electron preload as `window.desktopApi`.
 * Absent on the headless host: there the console shows no "Configurações" (its configuration is
 * the environment), and the HTTP host has no such routes.
 */
import type { DesktopCalls } from '../../../shared/console-contract';

declare global {
  interface Window {
    desktopApi?: DesktopCalls;
  }
}

export const desktopApi: DesktopCalls | null = window.desktopApi ?? null;
