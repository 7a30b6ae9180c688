/**
 * The console window: secure by construction, one instance, opened at a panel on request, and
 * kept in the tray when closed (the schedule keeps running; the app says so the first time).
 *
 * Built by electron-vite as ESM (out/main/index.js, "type": "module"), so paths are taken from
 * `import.meta.dirname`; the preload is emitted as CommonJS (out/preload/index.cjs) because a
 * sandboxed preload cannot be an ES module. See electron.vite.config.ts.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { ConsolePanel } from '../../shared/desktop-settings';

const PRELOAD_PATH = join(import.meta.dirname, '../preload/index.cjs');
const RENDERER_HTML = join(import.meta.dirname, '../renderer/index.html');

export type { ConsolePanel } from '../../shared/desktop-settings';

export interface ConsoleWindow {
  /** shows (creating it if needed) and focuses the window, at `panel` when given */
  show(panel?: ConsolePanel): void;
  /** IPC is accepted only from this window's top frame, showing our own renderer */
  trusted(event: IpcMainInvokeEvent): boolean;
  send(channel: string, payload: unknown): void;
  /** from now on closing really closes (quitting) */
  allowClose(): void;
}

export interface ConsoleWindowOptions {
  /** electron-vite's dev server URL (only under `electron-vite dev`) */
  devUrl: string | null;
  preloadPath?: string;
  rendererHtml?: string;
  /** the window was hidden into the tray by its close button */
  onHiddenToTray(): void;
}

export function createConsoleWindow(options: ConsoleWindowOptions): ConsoleWindow {
  const preloadPath = options.preloadPath ?? PRELOAD_PATH;
  const rendererHtml = options.rendererHtml ?? RENDERER_HTML;
  const rendererUrl = options.devUrl ? new URL(options.devUrl) : pathToFileURL(rendererHtml);
  let window: BrowserWindow | null = null;
  let closing = false;

  const urlAt = (panel?: ConsolePanel): string => {
    const url = new URL(rendererUrl);
    url.hash = panel ? `panel=${panel}` : '';
    return url.toString();
  };

  function create(panel?: ConsolePanel): BrowserWindow {
    const created = new BrowserWindow({
      width: 1360,
      height: 900,
      // the smallest layout the e2e suite checks (axe-clean, nothing clipped)
      minWidth: 1024,
      minHeight: 700,
      title: 'Carteira Sync Console',
      show: false,
      // Written out literally (not built by a helper) so electronegativity can check them.
      webPreferences: {
        preload: preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
      },
    });
    created.once('ready-to-show', () => created.show());
    created.on('close', (event) => {
      if (closing) return;
      // Stay in the tray: the schedule keeps running.
      event.preventDefault();
      created.hide();
      options.onHiddenToTray();
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    void created.loadURL(urlAt(panel));
    return created;
  }

  function isOwnRendererUrl(raw: string): boolean {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (rendererUrl.protocol === 'file:') return url.protocol === 'file:' && url.pathname === rendererUrl.pathname;
    return url.origin === rendererUrl.origin;
  }

  return {
    show(panel) {
      if (!window || window.isDestroyed()) {
        window = create(panel);
        return;
      }
      // A hash change is an in-page navigation: the console stays, and opens the panel.
      if (panel) void window.loadURL(urlAt(panel));
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    trusted(event) {
      const frame = event.senderFrame;
      return (
        window !== null &&
        !window.isDestroyed() &&
        event.sender === window.webContents &&
        frame !== null &&
        frame === window.webContents.mainFrame &&
        isOwnRendererUrl(frame.url)
      );
    },
    send(channel, payload) {
      if (window && !window.isDestroyed()) window.webContents.send(channel, payload);
    },
    allowClose() {
      closing = true;
    },
  };
}
