/** The tray's pure parts: which state (icon) wins, the tooltip and the menu in both languages. */
import { describe, expect, it, vi } from 'vitest';
import { trayIconPath, trayMenuTemplate, trayState, trayTooltip, type TrayActions } from '../../../electron/main/tray';
import { messages } from '../../../shared/messages';
import { inTimeZone, progress, run, status } from '../renderer/fixtures';

vi.mock('electron', async () => (await import('../../support/fake-electron')).electronModule);

const verdict = (level: 'ok' | 'warn' | 'critical') => ({ level, rules: [] });
const actions = (): TrayActions => ({
  syncNow: vi.fn(),
  recoverLastTwoHours: vi.fn(),
  openRelease: vi.fn(),
  openPause: vi.fn(),
  openResume: vi.fn(),
  openConsole: vi.fn(),
  setOpenAtLogin: vi.fn(),
  quit: vi.fn(),
});

describe('tray', () => {
  inTimeZone('UTC');
  it('shows Crítico above all, then a run in progress, then a paused schedule, then the verdict', () => {
    const paused = { reason: 'x', by: 'a@b', at: '2025-01-15T13:00:00.000Z' };
    expect(trayState(status({ health: verdict('critical'), running: progress(), paused }))).toBe('critical');
    expect(trayState(status({ health: verdict('warn'), running: progress(), paused }))).toBe('running');
    expect(trayState(status({ health: verdict('warn'), paused }))).toBe('paused');
    expect(trayState(status({ health: verdict('warn') }))).toBe('warn');
    expect(trayState(status({ health: verdict('ok') }))).toBe('ok');
    expect(trayState(null)).toBe('paused');
  });

  it('uses one coloured icon per state, and the template image on macOS', () => {
    expect(trayIconPath('/icons', 'warn', 'linux')).toBe('/icons/tray-warn.png');
    expect(trayIconPath('/icons', 'critical', 'win32')).toBe('/icons/tray-critical.png');
    expect(trayIconPath('/icons', 'critical', 'darwin')).toBe('/icons/trayTemplate.png');
  });

  it('names the cause of a failed last run, in a few words (issue 18.2)', () => {
    const failed = run({
      status: 'failed',
      problem: 'failed',
      error: 'database "x" does not exist',
      cause: { code: 'pgDatabaseNotFound', target: 'db:5432/x' },
    });
    const current = status({ health: verdict('warn'), lastRun: failed, lastSuccess: null, scheduler: null });
    expect(trayTooltip(current, messages['pt-BR'], 'pt-BR')).toContain(
      'Atenção · última execução falhou: O banco de dados PostgreSQL db:5432/x não existe. · última sincronização nunca',
    );
    expect(trayTooltip(current, messages.en, 'en')).toContain('last run failed: The PostgreSQL database db:5432/x does not exist.');
    // a skip is no failure
    const skipped = run({ status: 'skipped', problem: 'lockHeld', cause: { code: 'lockHeld', target: 'x' } });
    expect(trayTooltip(status({ health: verdict('warn'), lastRun: skipped }), messages['pt-BR'], 'pt-BR')).not.toContain('falhou');
  });

  it('says the verdict, the last success and the next run (English too)', () => {
    const current = status({
      health: verdict('warn'),
      lastSuccess: run({ finishedAt: '2025-01-15T13:00:43.000Z' }),
      scheduler: { active: true, intervalMinutes: 30, nextRunAt: '2025-01-15T14:30:00.000Z', nextReconcileAt: null },
    });
    expect(trayTooltip(current, messages.en, 'en')).toBe('Carteira Sync Console — Warning · last sync 01/15, 01:00 PM · next 01/15, 02:30 PM');
    expect(trayTooltip(current, messages['pt-BR'], 'pt-BR')).toBe('Carteira Sync Console — Atenção · última sincronização 15/01, 13:00 · próxima 15/01, 14:30');
    expect(trayTooltip(status({ health: verdict('ok'), lastSuccess: null, paused: { reason: null, by: null, at: null } }), messages['pt-BR'], 'pt-BR')).toBe(
      'Carteira Sync Console — OK · última sincronização nunca · agendamento pausado',
    );
  });

  it('issue 18.6: never a next run in the past (a skipped slot): the next slot after now', () => {
    // status now 14:00 UTC; the scheduler still said 13:30
    const stale = status({ scheduler: { active: true, intervalMinutes: 30, nextRunAt: '2025-01-15T13:30:00.000Z', nextReconcileAt: null } });
    expect(trayTooltip(stale, messages['pt-BR'], 'pt-BR')).toContain('próxima 15/01, 14:30');
  });

  it('lists the menu in English when the system speaks it; the status line says a run or a pause', () => {
    const menu = trayMenuTemplate(status({ health: verdict('ok'), running: progress() }), true, messages.en, actions());
    expect(menu.filter((item) => item.type !== 'separator').map((item) => item.label)).toEqual([
      'Status: OK · running',
      'Sync now',
      'Recover last 2 h',
      'Force lock release…',
      'Pause schedule…',
      'Open console',
      'Start with the system',
      'Quit',
    ]);
    expect(menu.find((item) => item.id === 'open-at-login')).toMatchObject({ type: 'checkbox', checked: true });
    expect(menu.find((item) => item.id === 'status')).toMatchObject({ enabled: false });
  });
});
