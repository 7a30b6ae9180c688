/**
 * The tray icon: its colour follows the state (the health verdict, or paused / running), its
 * tooltip says the verdict, the last success and the next run, and its menu is the short list
 * an operator needs without opening the console. On macOS the icon is a template image (the
 * system tints it), so there the state is in the tooltip and the menu's status line.
 */
import { join } from 'node:path';
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { EngineStatus } from '../../shared/engine-types';
import { describeCause } from '../../shared/failure-text';
import type { Locale, Messages } from '../../shared/messages';
import { upcomingRun } from '../../shared/next-run';

export type TrayState = 'ok' | 'warn' | 'critical' | 'paused' | 'running';

/** Crítico always shows; otherwise a run in progress, then a paused schedule, then the verdict. */
export function trayState(status: EngineStatus | null): TrayState {
  if (!status) return 'paused';
  if (status.health.level === 'critical') return 'critical';
  if (status.running) return 'running';
  if (status.paused) return 'paused';
  return status.health.level;
}

/** The icon file for a state (Electron picks the @2x sibling on high-density screens). */
export function trayIconPath(iconDir: string, state: TrayState, platform: NodeJS.Platform = process.platform): string {
  return join(iconDir, platform === 'darwin' ? 'trayTemplate.png' : `tray-${state}.png`);
}

function formatTime(at: string | number | null, locale: Locale, never: string): string {
  if (at === null) return never;
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(at));
}

/** "Carteira Sync Console — Atenção · última sincronização 29/11 14:30 · próxima 30/11 15:00" */
export function trayTooltip(status: EngineStatus | null, m: Messages, locale: Locale): string {
  const title = status?.mode === 'demo' ? `${m.app.title} (DEMO)` : m.app.title;
  if (!status) return title;
  const t = m.desktop.tray;
  const lastSuccess = status.lastSuccess ? (status.lastSuccess.finishedAt ?? status.lastSuccess.startedAt) : null;
  // the last run failed: why, in a few words (the console and the notification say what to do)
  const failed = status.lastRun?.status === 'failed' && status.lastRun.cause ? t.lastFailed(describeCause(status.lastRun.cause, m).title) : null;
  const parts = [
    `${title} — ${m.health.level[status.health.level]}`,
    ...(failed ? [failed] : []),
    t.lastSuccess(formatTime(lastSuccess, locale, t.never)),
    // never in the past (a skipped slot): the next slot after the status's now
    status.paused
      ? t.paused
      : t.nextRun(formatTime(upcomingRun(status.scheduler?.nextRunAt, status.settings.intervalMinutes, Date.parse(status.now)), locale, '—')),
  ];
  return parts.join(' · ');
}

export interface TrayActions {
  syncNow(): void;
  recoverLastTwoHours(): void;
  /** opens the console on the release dialog (the reason and the confirmation are asked there) */
  openRelease(): void;
  /** opens the console on the pause dialog (a pause is audited with a reason) */
  openPause(): void;
  /** opens the console on the resume dialog (a resume is audited with a reason, like a pause) */
  openResume(): void;
  openConsole(): void;
  setOpenAtLogin(open: boolean): void;
  quit(): void;
}

/** The menu, top to bottom, as the operator reads it. */
export function trayMenuTemplate(status: EngineStatus | null, openAtLogin: boolean, m: Messages, actions: TrayActions): MenuItemConstructorOptions[] {
  const t = m.desktop.tray;
  const state = trayState(status);
  const statusLine = status
    ? [t.status(m.health.level[status.health.level]), state === 'running' ? t.running : null, status.paused ? t.paused : null].filter(Boolean).join(' · ')
    : m.app.connecting;
  return [
    { id: 'status', label: statusLine, enabled: false },
    { type: 'separator' },
    { id: 'sync-now', label: t.syncNow, click: () => actions.syncNow() },
    { id: 'recover-2h', label: t.recoverTwoHours, click: () => actions.recoverLastTwoHours() },
    { id: 'release-lock', label: t.releaseLock, click: () => actions.openRelease() },
    status?.paused ? { id: 'resume', label: t.resume, click: () => actions.openResume() } : { id: 'pause', label: t.pause, click: () => actions.openPause() },
    { type: 'separator' },
    { id: 'open-console', label: t.openConsole, click: () => actions.openConsole() },
    { id: 'open-at-login', label: t.openAtLogin, type: 'checkbox', checked: openAtLogin, click: (item) => actions.setOpenAtLogin(item.checked) },
    { type: 'separator' },
    { id: 'quit', label: t.quit, click: () => actions.quit() },
  ];
}

export interface TrayController {
  update(status: EngineStatus | null): void;
  destroy(): void;
}

export function createTrayController(options: {
  iconDir: string;
  messages: () => Messages;
  locale: () => Locale;
  openAtLogin: () => boolean;
  actions: TrayActions;
}): TrayController {
  const image = (state: TrayState) => {
    const icon = nativeImage.createFromPath(trayIconPath(options.iconDir, state));
    if (process.platform === 'darwin') icon.setTemplateImage(true);
    return icon;
  };
  const tray = new Tray(image('paused'));
  let shown: TrayState | null = null;
  let last: EngineStatus | null = null;
  tray.on('click', () => options.actions.openConsole());

  const update = (status: EngineStatus | null) => {
    last = status;
    const state = trayState(status);
    if (state !== shown) tray.setImage(image(state));
    shown = state;
    tray.setToolTip(trayTooltip(status, options.messages(), options.locale()));
    // The checkbox reads the OS's login-item setting each time, so the menu never lies.
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(last, options.openAtLogin(), options.messages(), options.actions)));
  };
  update(null);
  return { update, destroy: () => tray.destroy() };
}
