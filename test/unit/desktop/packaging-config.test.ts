/**
 * The electron-builder configuration (electron-builder.json, used by `npm run dist`) stays valid
 * without running electron-builder here (it downloads Electron): the installers the issue asks
 * for, the pinned Electron version equal to the optional dependency's, the icon set present and
 * large enough, the tray icons shipped where the main process looks for them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ID } from '../../../electron/main/app-id';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, unknown>;
const config = read('electron-builder.json') as {
  appId: string;
  electronVersion: string;
  files: string[];
  extraResources: { from: string; to: string }[];
  linux: { target: string[]; icon: string; maintainer: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  [key: string]: unknown;
};
const pkg = read('package.json') as {
  optionalDependencies: Record<string, string>;
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
  main: string;
};

/** Width and height from a PNG's IHDR. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(join(ROOT, file));
  expect(bytes.subarray(1, 4).toString('ascii'), file).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** electron-builder's top-level options this config may use (a typo would be silently ignored by a loose reader). */
const KNOWN_KEYS = new Set([
  'appId', 'productName', 'executableName', 'electronVersion', 'directories', 'files', 'extraResources', 'asar', 'asarUnpack',
  'linux', 'deb', 'win', 'nsis', 'mac', 'dmg',
]); // prettier-ignore

describe('electron-builder.json', () => {
  it('uses only known options and a reverse-DNS appId', () => {
    expect(Object.keys(config).filter((key) => !KNOWN_KEYS.has(key))).toEqual([]);
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z0-9]+){2,}$/);
    expect(config.appId).toBe(APP_ID); // the AppUserModelID Windows shows our notifications under
  });

  it('builds AppImage and deb (Linux), NSIS (Windows), dmg (macOS)', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer).toBeTruthy(); // deb refuses to build without one
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('pins the Electron version of the optional dependency (the package may be absent where the binary cannot be downloaded)', () => {
    expect(pkg.dependencies.electron).toBeUndefined();
    expect(config.electronVersion).toBe(pkg.optionalDependencies.electron);
    expect(config.electronVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('packs the build output (the package main) and not the electron package itself', () => {
    expect(pkg.main).toMatch(/^out\//);
    expect(config.files).toEqual(expect.arrayContaining(['out/**/*', 'package.json', '!node_modules/electron/**']));
    expect(pkg.scripts.dist).toMatch(/^electron-vite build && npx --yes electron-builder@\d+\.\d+\.\d+ --config electron-builder.json$/);
  });

  it('has an application icon of at least 512 px for every platform, and ships the tray icons as resources/icons', () => {
    for (const icon of new Set([config.linux.icon, config.win.icon, config.mac.icon])) {
      const { width, height } = pngSize(icon);
      expect(width).toBe(height);
      expect(width).toBeGreaterThanOrEqual(512);
    }
    // app.ts looks for them in process.resourcesPath/icons when packaged
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'resources/icons', to: 'icons' })]);
    for (const state of ['ok', 'warn', 'critical', 'paused', 'running']) {
      expect(pngSize(`resources/icons/tray-${state}.png`)).toEqual({ width: 16, height: 16 });
      expect(pngSize(`resources/icons/tray-${state}@2x.png`)).toEqual({ width: 32, height: 32 });
    }
    expect(pngSize('resources/icons/trayTemplate.png')).toEqual({ width: 16, height: 16 });
    expect(pngSize('resources/icons/trayTemplate@2x.png')).toEqual({ width: 32, height: 32 });
  });
});
