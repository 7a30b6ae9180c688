/**
 * Why a run lost its lock, or why no lock can be had, in the operator's words (issue 18.4). The
 * reasons are the engine's own text (`lock lost: …` starts the run's recorded error, as DESIGN.md
 * promises, and stays there as the technical detail); the log's message says them in pt-BR. A
 * reason this does not know is quoted as is.
 */

/** English reasons the lock backends and the handle give, each with its pt-BR sentence. */
const REASONS: readonly [RegExp, (...groups: string[]) => string][] = [
  [/^the Redis key (\S+) is gone \(expired or deleted\)$/, (key) => `a chave ${key} sumiu do Redis (expirou, ou foi apagada: DEL ou liberação forçada)`],
  [/^the Redis key (\S+) now holds another token$/, (key) => `a chave ${key} no Redis agora tem outro token (liberada à força e tomada por outra instância)`],
  [/^the lock file (.+) is gone$/, (file) => `o arquivo de lock ${file} sumiu (liberação forçada?)`],
  [/^the lock file (.+) now holds another token$/, (file) => `o arquivo de lock ${file} agora tem outro token (tomado por outro processo)`],
  [
    /^no renewal succeeded for a whole TTL \((\d+) ms\): the (\w+) lock has expired$/,
    (ms, backend) => `nenhuma renovação deu certo durante um TTL inteiro (${Math.round(Number(ms) / 1000)} s): o lock ${backend} expirou`,
  ],
  [/^the advisory lock's connection failed \((.*)\)$/s, (detail) => `a conexão do advisory lock do PostgreSQL caiu (${detail})`],
  [/^cannot confirm the lock \((.*)\)$/s, (detail) => `não foi possível confirmar o lock (${detail})`],
  [
    /^this run holds fence (\d+) but fence (\d+) is current: .*$/s,
    (mine, current) => `esta execução tem o fence ${mine}, mas o atual é ${current} (outra execução pegou o lock): o lote foi desfeito e nada mais é gravado`,
  ],
  [
    /^the lock fallback "postgres" needs DATABASE_URL \(or choose SYNC_LOCK_FALLBACK=local\)$/,
    () => 'o fallback "postgres" do lock precisa de DATABASE_URL (ou use SYNC_LOCK_FALLBACK=local)',
  ],
  [/^Redis is unreachable and SYNC_LOCK_FALLBACK=none: .*$/, () => 'o Redis está inacessível e SYNC_LOCK_FALLBACK=none: nenhuma execução sem lock'],
  [
    /^no Redis configured \(REDIS_URL\) and SYNC_LOCK_FALLBACK=none: .*$/,
    () => 'nenhum Redis configurado (REDIS_URL) e SYNC_LOCK_FALLBACK=none: não há lock para a execução',
  ],
  [/^no lock backend available$/, () => 'nenhum backend de lock disponível'],
  [/^(expired|lost)$/, (word) => (word === 'expired' ? 'o lock expirou' : 'o lock foi perdido')],
];

/** `reason` (or an error's `lock lost: reason`) in pt-BR; a bilingual reason (`pt-BR / en`) keeps its pt-BR half. */
export function lockReasonText(reason: string): string {
  const text = reason.replace(/^lock lost: /, '');
  for (const [pattern, words] of REASONS) {
    const match = pattern.exec(text);
    if (match) return words(...match.slice(1));
  }
  const bilingual = text.indexOf(' / ');
  return bilingual > 0 ? text.slice(0, bilingual) : text;
}

/** Why a run stopped short (its abort reason), in pt-BR. */
const STOPS: Record<string, string> = {
  'scheduler stopping': 'o agendador está encerrando (parada do serviço): a execução parou no próximo lote',
  'engine closing': 'o motor está encerrando: a execução parou no próximo lote',
};

/**
 * The engine's own text for a run that ended without a failure cause (a lost lock, a stop), as the
 * log's `Erro na sincronização:` line says it: `lock perdido: …`, the stop in pt-BR, else as is.
 */
export function engineReasonText(message: string): string {
  if (message.startsWith('lock lost: ')) return `lock perdido: ${lockReasonText(message)}`;
  return STOPS[message] ?? message;
}
