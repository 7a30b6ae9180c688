/**
 * Issue 18.4: why a run lost its lock (or had none) is the engine's English text in the run's error
 * (`lock lost: …`, a contract), and pt-BR in the log's message.
 */
import { describe, expect, it } from 'vitest';
import { engineReasonText, lockReasonText } from '../../../electron/engine/lock/lock-reason-text';

describe('lock reasons in pt-BR', () => {
  it('each backend’s reason', () => {
    expect(lockReasonText('the Redis key carteira:sync:incremental:lock is gone (expired or deleted)')).toBe(
      'a chave carteira:sync:incremental:lock sumiu do Redis (expirou, ou foi apagada: DEL ou liberação forçada)',
    );
    expect(lockReasonText('lock lost: the Redis key k:lock now holds another token')).toBe(
      'a chave k:lock no Redis agora tem outro token (liberada à força e tomada por outra instância)',
    );
    expect(lockReasonText('the lock file /var/lib/carteira/sync.lock is gone')).toBe(
      'o arquivo de lock /var/lib/carteira/sync.lock sumiu (liberação forçada?)',
    );
    expect(lockReasonText('no renewal succeeded for a whole TTL (1500000 ms): the redis lock has expired')).toBe(
      'nenhuma renovação deu certo durante um TTL inteiro (1500 s): o lock redis expirou',
    );
    expect(lockReasonText("the advisory lock's connection failed (Connection terminated)")).toBe(
      'a conexão do advisory lock do PostgreSQL caiu (Connection terminated)',
    );
    expect(
      lockReasonText('this run holds fence 3 but fence 4 is current: this batch was rolled back and nothing more is written (earlier batches stay applied)'),
    ).toBe('esta execução tem o fence 3, mas o atual é 4 (outra execução pegou o lock): o lote foi desfeito e nada mais é gravado');
    expect(lockReasonText('no Redis configured (REDIS_URL) and SYNC_LOCK_FALLBACK=none: there is no lock to run under')).toBe(
      'nenhum Redis configurado (REDIS_URL) e SYNC_LOCK_FALLBACK=none: não há lock para a execução',
    );
  });

  it('a bilingual reason keeps its pt-BR half; an unknown one is quoted as is', () => {
    expect(lockReasonText('sem progresso há 600 s (SYNC_PROGRESS_TIMEOUT_SECONDS): o lock foi liberado / no progress for 600 s: its lock was released')).toBe(
      'sem progresso há 600 s (SYNC_PROGRESS_TIMEOUT_SECONDS): o lock foi liberado',
    );
    expect(lockReasonText('algo novo')).toBe('algo novo');
  });

  it('a run that ended without a failure cause: a lost lock, a stop', () => {
    expect(engineReasonText('lock lost: the lock file /d/sync.lock now holds another token')).toBe(
      'lock perdido: o arquivo de lock /d/sync.lock agora tem outro token (tomado por outro processo)',
    );
    expect(engineReasonText('scheduler stopping')).toBe('o agendador está encerrando (parada do serviço): a execução parou no próximo lote');
    expect(engineReasonText('engine closing')).toBe('o motor está encerrando: a execução parou no próximo lote');
    expect(engineReasonText('Odoo: boom')).toBe('Odoo: boom');
  });
});
