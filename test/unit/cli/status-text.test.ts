/**
 * Issue 18.4: the CLI's `status`, `run` and `reconcile` were English with UTC `Z` times in a
 * Portuguese product. They speak pt-BR (the catalogue's words for statuses and triggers), with
 * this host's local time (the zone said once), grouped numbers, and the engine's own text only as
 * technical details.
 */
import { describe, expect, it } from 'vitest';
import { formatReport, formatRun, formatStatus } from '../../../electron/engine/cli/format';
import { inTimeZone, lock, progress, report, run, status } from '../renderer/fixtures';

inTimeZone('America/Sao_Paulo');

/** English words the old output used, and a UTC `Z` time. */
const ENGLISH =
  /\b(mode|database|watermark|rows|active|orders|schedule|every|window|overlap|next run|next reconcile|gaps|none|last runs|succeeded|failed|skipped|scheduled|full load|running|PAUSED|by)\b/;
const UTC_Z = /\d{2}:\d{2}(:\d{2})?(\.\d+)?Z\b/;

describe('CLI status in pt-BR and local time', () => {
  it('says the verdict, the place, the zone once, and local times', () => {
    const text = formatStatus(
      status({
        scheduler: { active: true, intervalMinutes: 30, nextRunAt: '2025-01-15T14:30:00.000Z', nextReconcileAt: '2025-01-16T03:00:00.000Z' },
        totals: { rows: 2892, active: 2455, orders: 500 },
      }),
    );
    expect(text).not.toMatch(ENGLISH);
    expect(text).not.toMatch(UTC_Z);
    expect(text.split('\n')).toEqual([
      'saúde: OK',
      'modo: ODOO   Odoo http://odoo.test, banco prod, protocolo auto (escolhido na primeira execução)',
      'banco de dados: PostgreSQL postgres://db/carteira',
      'horários locais (America/Sao_Paulo, UTC−03:00)',
      'marca d’água: 15/01/2025 10:00:00   carteira: 2.892 linhas, 2.455 ativas, 500 pedidos',
      'agenda: a cada 30 min, janela de 40 min (sobreposição de 10 min)',
      'próxima execução: 15/01/2025 11:30:00   próxima reconciliação: 16/01/2025 00:00:00',
      'lock: LIVRE (redis)',
      'lacunas: nenhuma',
      'últimas execuções (linhas: + novas, ~ alteradas, = sem mudança, - desativadas):',
      '  #7 sucesso     agendada               15/01/2025 09:00:00 → 10:00:00  34 pedidos, +9 ~23 =100 -1  lock redis, fence 9',
    ]);
  });

  it('a warning names its rules; pause, a run in progress, a scheduler elsewhere, gaps with the command that fills them', () => {
    const text = formatStatus(
      status({
        mode: 'demo',
        modeLabel: 'DEMO',
        odoo: { url: 'http://127.0.0.1:8069', db: 'demo', user: 'admin', protocol: 'json2' },
        database: { backend: 'pglite', target: '/var/lib/carteira/pglite-demo' },
        health: {
          level: 'critical',
          rules: [
            { id: 'gaps', level: 'critical', checked: true, value: 1, unit: 'count', warnAt: null, criticalAt: 1 },
            { id: 'failures', level: 'warn', checked: true, value: 1, unit: 'count', warnAt: 1, criticalAt: 2 },
            { id: 'duration', level: 'ok', checked: true, value: 1000, unit: 'ms', warnAt: 300000, criticalAt: null },
          ],
        },
        paused: { by: 'cli:ana@vm', reason: 'manutenção do Odoo', at: '2025-01-15T13:00:00.000Z' },
        scheduler: { active: false, intervalMinutes: 30, nextRunAt: '2025-01-15T14:30:00.000Z', nextReconcileAt: null },
        running: progress(),
        coverage: {
          range: { from: 0, to: 1 },
          covered: [],
          overlaps: [],
          gaps: [{ from: Date.parse('2025-01-14T23:00:00Z'), to: Date.parse('2025-01-15T01:30:00Z') }],
        },
      }),
    );
    expect(text).not.toMatch(ENGLISH);
    expect(text).not.toMatch(UTC_Z);
    const lines = text.split('\n');
    expect(lines[0]).toBe('saúde: Crítico (Lacunas na cobertura: Crítico; Falhas consecutivas: Atenção)');
    expect(lines[1]).toBe('modo: DEMO (Odoo simulado)   Odoo http://127.0.0.1:8069, banco demo, protocolo json2');
    expect(lines[2]).toBe('banco de dados: embutido (PGlite) /var/lib/carteira/pglite-demo');
    expect(text).toContain('agenda: a cada 30 min, janela de 40 min (sobreposição de 10 min)   PAUSADO por cli:ana@vm: manutenção do Odoo');
    expect(text).toContain('próxima execução: nenhuma (pausado)   próxima reconciliação: —   (se um serviço de agendamento estiver rodando)');
    expect(text).toContain('em andamento: execução #8 (manual), 10/40 pedidos');
    expect(text).toContain('lacunas: 14/01/2025 20:00:00 → 22:30:00  (preencha: run --from 2025-01-14T20:00:00-03:00 --to 2025-01-14T22:30:00-03:00)');
  });
});

describe('CLI run lines in pt-BR', () => {
  it('a full load, a failure with its reason and the engine text as technical details, a skip', () => {
    expect(formatRun(run({ fullLoad: true, windowFrom: null, trigger: 'manual', lockBackend: 'local', degraded: true, fence: 2 }))).toBe(
      '#7 sucesso     manual                 carga completa → 15/01/2025 10:00:00  34 pedidos, +9 ~23 =100 -1  lock local (DEGRADADO), fence 2',
    );
    const failed = formatRun(run({ status: 'failed', problem: 'failed', error: 'connect ECONNREFUSED 127.0.0.1:8069', trigger: 'catch-up' }));
    expect(failed.split('\n')).toEqual([
      '#7 falhou      recuperação de atraso  15/01/2025 09:00:00 → 10:00:00  34 pedidos, +9 ~23 =100 -1  lock redis, fence 9',
      '      Falhou: a marca d’água não avançou; a próxima execução cobre a mesma janela de novo.',
      '      detalhes técnicos: connect ECONNREFUSED 127.0.0.1:8069',
    ]);
    const skipped = formatRun(run({ status: 'skipped', problem: 'recent', error: 'x', ordersSeen: 0, lockBackend: null, fence: null }));
    expect(skipped.split('\n')[0]).toBe('#7 pulada      agendada               15/01/2025 09:00:00 → 10:00:00  0 pedidos, +9 ~23 =100 -1');
    expect(skipped).toContain('Pulada: outra execução acabou de rodar (proteção contra disparo duplo).');
    expect(formatRun(run({ status: 'aborted', problem: 'lockLost' }))).toContain('Interrompida: o lock foi liberado à força');
    // a reconciliation has no window: it compares every order
    expect(formatRun(run({ trigger: 'reconcile', windowFrom: null }))).toContain('reconciliação          todos os pedidos → 15/01/2025 10:00:00  34 pedidos');
  });

  it('a report of a run skipped for the lock says who holds it since when, local time', () => {
    const text = formatReport(
      report({
        exitCode: 2,
        run: run({ status: 'skipped', problem: 'lockHeld' }),
        heldBy: {
          token: 'b'.repeat(32),
          owner: 'scheduler',
          host: 'vm-1',
          pid: 42,
          runId: 6,
          acquiredAt: '2025-01-15T13:59:00.000Z',
          fence: 8,
          backend: 'redis',
        },
      }),
    );
    expect(text).toContain('lock ocupado por scheduler (vm-1, pid 42, execução #6) desde 15/01/2025 10:59:00');
    expect(text).not.toMatch(UTC_Z);
  });

  it('the lock block keeps its own words', () => {
    expect(formatStatus(status({ lock: lock({ held: false, backend: 'local' }) }))).toContain('lock: LIVRE (local)');
  });
});
