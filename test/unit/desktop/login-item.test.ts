/**
 * "Iniciar com o sistema": Electron's login item on macOS and Windows; on Linux, where Electron
 * has none, an XDG autostart entry that starts this app again.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { desktopEntry, loginItem } from '../../../electron/main/login-item';
import { fake } from '../../support/fake-electron';

vi.mock('electron', async () => (await import('../../support/fake-electron')).electronModule);

let dir: string;

beforeEach(async () => {
  fake.reset();
  dir = await mkdtemp(join(tmpdir(), 'carteira-autostart-'));
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('login item', () => {
  it('on Linux writes an XDG autostart entry that starts the app again, and removes it', async () => {
    vi.stubEnv('APPIMAGE', '');
    const item = loginItem('linux', join(dir, 'autostart'));
    expect(item.openAtLogin).toBe(false);
    item.setOpenAtLogin(true);
    expect(item.openAtLogin).toBe(true);
    const entry = await readFile(join(dir, 'autostart', 'carteira-sync-console.desktop'), 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=Carteira Sync Console\n');
    // not packaged: Electron with the app's folder (quoted: it has a space)
    expect(entry).toContain(`Exec=${process.execPath} "/opt/operador/Carteira Sync"\n`);
    item.setOpenAtLogin(false);
    expect(item.openAtLogin).toBe(false);
    expect(existsSync(join(dir, 'autostart', 'carteira-sync-console.desktop'))).toBe(false);
    expect(fake.app.loginItems).toEqual([]);
  });

  it('on Linux from an AppImage, starts the AppImage file', async () => {
    vi.stubEnv('APPIMAGE', '/opt/operador/Apps/Carteira-Sync.AppImage');
    loginItem('linux', dir).setOpenAtLogin(true);
    expect(await readFile(join(dir, 'carteira-sync-console.desktop'), 'utf8')).toContain('Exec=/opt/operador/Apps/Carteira-Sync.AppImage\n');
  });

  it('quotes Exec arguments as the desktop entry spec says', () => {
    expect(desktopEntry(['/opt/a b/app', '100%', 'x"$`\\y'])).toContain('Exec="/opt/a b/app" 100%% "x\\"\\$\\`\\\\\\\\y"\n');
  });

  it("on macOS and Windows uses Electron's login item", () => {
    const item = loginItem('darwin');
    item.setOpenAtLogin(true);
    expect(fake.app.loginItems).toEqual([{ openAtLogin: true }]);
    expect(item.openAtLogin).toBe(true);
  });
});
