/**
 * The Electron main process's entry (out/main/index.js). The shell is split by concern:
 *   app.ts            lifecycle: single instance, engine + scheduler, quit, engine restart
 *   window.ts         the console window (secure webPreferences, panels, close-to-tray)
 *   ipc.ts            the console contract over IPC, senders checked
 *   tray.ts           icon by state, tooltip, menu
 *   notifications.ts  desktop notifications from the health verdict
 *   settings.ts       the settings file (secrets only through safeStorage) + settings-ipc.ts
 * Security (DESIGN.md): contextIsolation + sandbox + no nodeIntegration; the preload exposes only
 * the contract's methods; a strict CSP (electron.vite.config.ts); every IPC call must come from
 * our window's top frame at our own URL; navigation, new windows, <webview> and permission
 * requests are denied for every web contents.
 */
import { runDesktopApp } from './app';

void runDesktopApp();
