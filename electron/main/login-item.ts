/**
 * "Iniciar com o sistema". Electron's login items exist on macOS and Windows only; on Linux
 * the desktop's own way is an XDG autostart entry (`~/.config/autostart/<name>.desktop`),
 * which GNOME, KDE, XFCE and the others start at login.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';

export interface LoginItem {
  readonly openAtLogin: boolean;
  setOpenAtLogin(open: boolean): void;
}

const ENTRY_NAME = 'carteira-sync-console.desktop';

export function loginItem(platform: NodeJS.Platform = process.platform, autostartDir = xdgAutostartDir()): LoginItem {
  if (platform !== 'linux')
    return {
      get openAtLogin() {
        return app.getLoginItemSettings().openAtLogin;
      },
      setOpenAtLogin: (open) => app.setLoginItemSettings({ openAtLogin: open }),
    };
  const entry = join(autostartDir, ENTRY_NAME);
  return {
    get openAtLogin() {
      return existsSync(entry);
    },
    setOpenAtLogin: (open) => {
      if (!open) return rmSync(entry, { force: true });
      mkdirSync(autostartDir, { recursive: true });
      writeFileSync(entry, desktopEntry(launchCommand()));
    },
  };
}

function xdgAutostartDir(): string {
  return join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart');
}

/** What starts this app again: the AppImage file itself, the installed binary, or Electron with the app's folder (development). */
function launchCommand(): string[] {
  if (process.env.APPIMAGE) return [process.env.APPIMAGE];
  return app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()];
}

export function desktopEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Carteira Sync Console',
    `Exec=${command.map(quoteExecArgument).join(' ')}`,
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** The desktop entry spec's quoting: `%` doubled (a field code otherwise); an argument with reserved characters in double quotes, `"`, `` ` ``, `$` escaped and `\` written four times. */
function quoteExecArgument(argument: string): string {
  const literal = argument.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(literal)) return literal;
  return `"${literal.replace(/[\\"`$]/g, (char) => (char === '\\' ? '\\\\\\\\' : `\\${char}`))}"`;
}
