/**
 * A stand-in for the `electron` module (there is no Electron binary here): the main process's
 * modules run against it under `vi.mock('electron', …)`, and it records what they asked of
 * Electron — BrowserWindow options and calls, IPC handlers, tray images, tooltips and menus,
 * notifications, login items, safeStorage — so tests can read it back and act as Electron would
 * (emit `second-instance`, click a menu item, invoke an IPC channel from some frame).
 *
 * Usage in a test file:
 *   vi.mock('electron', async () => (await import('../../support/fake-electron')).electronModule);
 *   import { fake } from '../../support/fake-electron';
 */
import { EventEmitter } from 'node:events';
import type { MenuItemConstructorOptions } from 'electron';

type Listener = (...args: never[]) => unknown;

class Emitter {
  protected readonly emitter = new EventEmitter();
  on(event: string, listener: Listener): this {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return this;
  }
  once(event: string, listener: Listener): this {
    this.emitter.once(event, listener as (...args: unknown[]) => void);
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    return this.emitter.emit(event, ...args);
  }
  listenerCount(event: string): number {
    return this.emitter.listenerCount(event);
  }
}

export class FakeFrame {
  constructor(public url: string) {}
}

export class FakeWebContents extends Emitter {
  readonly sent: { channel: string; payload: unknown }[] = [];
  mainFrame = new FakeFrame('about:blank');
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
}

export class FakeBrowserWindow extends Emitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  visible = false;
  focused = 0;
  minimized = false;
  destroyed = false;
  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused++;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** what Electron does when the user clicks the close button: a cancellable `close` */
  userCloses(): { prevented: boolean } {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.emit('closed');
    }
    return { prevented };
  }
}

export type InvokeHandler = (event: { sender: unknown; senderFrame: FakeFrame | null }, input: unknown) => unknown;

export class FakeTray extends Emitter {
  static instances: FakeTray[] = [];
  images: string[] = [];
  tooltip = '';
  menu: MenuItemConstructorOptions[] = [];
  destroyed = false;
  constructor(image: { path: string }) {
    super();
    this.images.push(image.path);
    FakeTray.instances.push(this);
  }
  setImage(image: { path: string }): void {
    this.images.push(image.path);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: MenuItemConstructorOptions[] }): void {
    this.menu = menu.template;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** clicks the menu item with this id, as the OS would (a checkbox flips first) */
  click(id: string): void {
    const item = this.menu.find((entry) => entry.id === id);
    if (!item?.click) throw new Error(`no clickable tray item "${id}" (items: ${this.menu.map((entry) => entry.id ?? entry.type).join(', ')})`);
    const clicked = { ...item, checked: item.type === 'checkbox' ? !item.checked : item.checked };
    (item.click as unknown as (menuItem: typeof clicked) => void)(clicked);
  }
}

export class FakeNotification extends Emitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  shown = false;
  constructor(readonly options: { title: string; body: string }) {
    super();
    FakeNotification.instances.push(this);
  }
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  show(): void {
    this.shown = true;
  }
}

/** A reversible stand-in for OS encryption: the ciphertext never contains the plain text. */
const safeStorageState = { available: true, backend: 'gnome_libsecret' as string };
const safeStorage = {
  isEncryptionAvailable: () => safeStorageState.available,
  getSelectedStorageBackend: () => safeStorageState.backend,
  encryptString: (plain: string) => Buffer.concat([Buffer.from('FAKE-OS-CRYPT:'), Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a)]),
  decryptString: (cipher: Buffer) => Buffer.from(cipher.subarray('FAKE-OS-CRYPT:'.length).map((byte) => byte ^ 0x5a)).toString('utf8'),
};

class FakeApp extends Emitter {
  singleInstance = true;
  quitCalls = 0;
  exitCodes: number[] = [];
  loginItems: { openAtLogin: boolean }[] = [];
  openAtLogin = false;
  userData = '/nonexistent';
  isPackaged = false;
  /** back to a fresh app: no listeners, defaults */
  reset(): void {
    this.emitter.removeAllListeners();
    this.singleInstance = true;
    this.quitCalls = 0;
    this.exitCodes = [];
    this.loginItems = [];
    this.openAtLogin = false;
    this.userData = '/nonexistent';
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  quit(): void {
    this.quitCalls++;
    // Electron emits before-quit, whose listeners may prevent it
    this.emit('before-quit', { preventDefault: () => undefined });
  }
  exit(code: number): void {
    this.exitCodes.push(code);
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`fake app: no path ${name}`);
    return this.userData;
  }
  getLocale(): string {
    return 'pt-BR';
  }
  /** where an unpackaged app's code lives (a space in it, as user folders have) */
  getAppPath(): string {
    return '/opt/operador/Carteira Sync';
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { openAtLogin: this.openAtLogin };
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItems.push(settings);
    this.openAtLogin = settings.openAtLogin;
  }
}

const handlers = new Map<string, InvokeHandler>();
const app = new FakeApp();
const dialogErrors: { title: string; content: string }[] = [];

/** What the tests read and drive. */
export const fake = {
  get app() {
    return app;
  },
  handlers,
  dialogErrors,
  safeStorage: safeStorageState,
  windows: FakeBrowserWindow.instances,
  trays: FakeTray.instances,
  notifications: FakeNotification.instances,
  /** calls an IPC channel as the renderer would, from `frame` of `sender` */
  invoke(channel: string, input: unknown, from: { sender: unknown; senderFrame: FakeFrame | null }): Promise<unknown> {
    const handler = handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`no IPC handler on ${channel}`));
    return Promise.resolve().then(() => handler(from, input));
  },
  reset(): void {
    app.reset();
    handlers.clear();
    dialogErrors.length = 0;
    FakeBrowserWindow.instances.length = 0;
    FakeTray.instances.length = 0;
    FakeNotification.instances.length = 0;
    FakeNotification.supported = true;
    safeStorageState.available = true;
    safeStorageState.backend = 'gnome_libsecret';
  },
};

export const electronModule = {
  app,
  BrowserWindow: FakeBrowserWindow,
  Tray: FakeTray,
  Notification: FakeNotification,
  Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) },
  nativeImage: {
    createFromPath: (path: string) => ({
      path,
      template: false,
      setTemplateImage(flag: boolean) {
        this.template = flag;
      },
    }),
  },
  ipcMain: {
    handle: (channel: string, handler: InvokeHandler) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
  },
  safeStorage,
  session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
  powerMonitor: new Emitter(),
  dialog: { showErrorBox: (title: string, content: string) => dialogErrors.push({ title, content }) },
};
