/**
 * The CLI's help: the overview (`--help`, `help`) and one page per command (`<command> --help`,
 * `-h`, `help <command>`), Brazilian Portuguese first and English second, as the console speaks.
 * Printed before anything is opened (no configuration, database or Redis needed).
 */

const PREFIX = 'npm run --silent cli --';

export interface CommandHelp {
  /** flags, after the command */
  usage: string;
  pt: string;
  en: string;
}

export const COMMAND_HELP = {
  run: {
    usage: '[--window MIN | --from ISO --to ISO] [--json]',
    pt: `Uma sincronização agora. Sem janela, planeja como uma execução agendada: carga completa numa base vazia;
senão, de onde o último sucesso começou a ler (relógio do Odoo) menos a sobreposição.
  --window MIN        recuperação: os últimos MIN minutos (1 a 525.600)
  --from ISO --to ISO recuperação de um intervalo, ex.: --from 2026-05-01T09:00:00-03:00 --to 2026-05-01T12:00:00-03:00
  --json              o relatório da execução em JSON
Saída: 0 concluída, 1 falhou, 2 pulada porque o lock está ocupado.`,
    en: `One sync now. Without a window it plans as a scheduled run: a full load on an empty store, else from
where the last success began reading (Odoo's clock) less the overlap.
  --window MIN        recovery: the last MIN minutes (1 to 525,600)
  --from ISO --to ISO recovery of a range
  --json              the run's report as JSON
Exit: 0 done, 1 failed, 2 skipped because the lock is held.`,
  },
  status: {
    usage: '[--json]',
    pt: `Modo, protocolo do Odoo, marca d'água, totais, lock, lacunas, últimas execuções e o veredito de saúde.
  --json   o status completo em JSON (o veredito em "health")
Saída (convenção de plugins de monitoramento): 0 OK, 1 Atenção, 2 Crítico; 3 quando não foi possível obter o status.`,
    en: `Mode, Odoo protocol, watermark, totals, lock, gaps, last runs and the health verdict.
  --json   the whole status as JSON (the verdict under "health")
Exit (monitoring-plugin convention): 0 OK, 1 Warning, 2 Critical; 3 when no status could be had.`,
  },
  reconcile: {
    usage: '[--confirm-deactivation --reason R] [--json]',
    pt: `Compara cada pedido do Odoo com a tabela: pedidos apagados são desativados, os que faltam ou mudaram são
sincronizados de novo, os que o Odoo volta a listar voltam a ficar ativos, e todo pedido alterado nas últimas
SYNC_RECONCILE_LOOKBACK_HOURS é relido inteiro. Se o Odoo deixar de listar mais que
SYNC_RECONCILE_MAX_DEACTIVATE_PERCENT da carteira ativa, nada é desativado e a reconciliação para (uma resposta
errada do Odoo, por acesso ou proxy, parece uma exclusão em massa).
  --confirm-deactivation --reason R   desativa o que o Odoo não lista mais, quantos forem (auditado)
Saída: 0 concluída, 1 falhou ou parou antes da desativação, 2 pulada porque o lock está ocupado.`,
    en: `Compares every Odoo order with the table: deleted orders are deactivated, missing or changed ones re-synced,
orders Odoo lists again come back active, and every order changed within SYNC_RECONCILE_LOOKBACK_HOURS re-read
whole. If Odoo stops listing more than SYNC_RECONCILE_MAX_DEACTIVATE_PERCENT of the active carteira, nothing is
deactivated and the reconciliation stops (a wrong answer from Odoo, access or proxy, looks like a mass deletion).
  --confirm-deactivation --reason R   deactivate what Odoo no longer lists, however many (audited)
Exit: 0 done, 1 failed or stopped before the deactivation, 2 skipped because the lock is held.`,
  },
  'lock status': {
    usage: '[--json]',
    pt: `Quem está com o lock: um holder deste produto (dono, máquina, pid, execução, fence, token), o valor legado
do job antigo (o horário que ele contém e a idade) ou outro valor qualquer; o TTL, o backend e o valor bruto,
com o comando que libera exatamente esse valor.`,
    en: `Who holds the lock: a holder of this product (owner, host, pid, run, fence, token), the old job's legacy value
(the time it holds and its age) or any other value; the TTL, the backend and the raw value, with the command
that releases exactly that value.`,
  },
  'lock release': {
    usage: "--value 'VALOR' --reason R | --value-sha1 H --reason R | --token T [--reason R] | --force --reason R [--json]",
    pt: `Libera o lock, sempre auditado (o registro de auditoria é gravado antes; sem ele, nada é liberado).
  --value 'VALOR'   só se a chave ainda tiver exatamente esse valor (o "valor bruto" de lock status): qualquer
                    holder, inclusive o valor legado do job antigo; um valor que mudou é recusado e auditado
  --value-sha1 H    o mesmo pelo SHA-1 do valor (para valores binários ou longos; lock status mostra)
  --token T         só se o lock ainda tiver o token T (holders deste produto)
  --force           o que estiver lá
  --reason R        o motivo, auditado (obrigatório com --value, --value-sha1 e --force)
A execução que estava com o lock para no próximo lote sem gravar mais nada. Saída: 0 liberado, 1 não liberado.`,
    en: `Releases the lock, always audited (the audit row is written first; without it nothing is released).
  --value 'VALUE'   only while the key still holds exactly that value (the "valor bruto" of lock status): any
                    holder, the old job's legacy value included; a changed value is refused and audited
  --value-sha1 H    the same by the value's SHA-1 (binary or long values; lock status shows it)
  --token T         only if the lock still carries token T (this product's holders)
  --force           whatever is there
  --reason R        the reason, audited (required with --value, --value-sha1 and --force)
The run that held the lock stops at its next batch without writing again. Exit: 0 released, 1 not released.`,
  },
  pause: {
    usage: '--reason R',
    pt: 'Pausa as execuções agendadas (persistido, auditado com o motivo, mostrado no status). Execuções manuais continuam.',
    en: 'Pauses the scheduled runs (persisted, audited with the reason, shown in status). Manual runs still work.',
  },
  resume: {
    usage: '--reason R',
    pt: 'Retoma as execuções agendadas, auditado com o motivo, como a pausa. A próxima execução recupera a partir da marca d’água.',
    en: 'Resumes the scheduled runs, audited with the reason, like a pause. The next run catches up from the watermark.',
  },
  scheduler: {
    usage: '[--run-now]',
    pt: `O serviço: uma execução a cada SYNC_INTERVAL_MINUTES em horários alinhados ao relógio UTC, recuperação de
atraso e reconciliação diária. Para com SIGINT/SIGTERM: nenhuma nova execução, a atual termina (ou aborta após
SYNC_STOP_GRACE_SECONDS).
  --run-now   uma execução logo ao iniciar`,
    en: `The service: a run every SYNC_INTERVAL_MINUTES on slots aligned to the UTC clock, catch-up and the daily
reconciliation. Stops on SIGINT/SIGTERM: no new runs, the current one finishes (or aborts after
SYNC_STOP_GRACE_SECONDS).
  --run-now   a run right at start`,
  },
  serve: {
    usage: '[--port P] [--host H]',
    pt: `O agendador mais o console no navegador, a API JSON/SSE, /metrics (Prometheus) e /healthz (balanceador) em
http://127.0.0.1:P (padrão 8787). Fora do loopback exige CONSOLE_TOKEN (docs/SECURITY.md).
  --port P   porta (0 = qualquer livre)
  --host H   endereço de escuta (padrão 127.0.0.1)`,
    en: `The scheduler plus the browser console, its JSON/SSE API, /metrics (Prometheus) and /healthz (load balancer) on
http://127.0.0.1:P (default 8787). Beyond loopback it needs CONSOLE_TOKEN (docs/SECURITY.md).
  --port P   port (0 = any free one)
  --host H   listen address (default 127.0.0.1)`,
  },
  'demo-odoo': {
    usage: '[--port P] [--orders N] [--lines-per-order M] [--changes-per-minute K] [--seed S]',
    pt: 'Um simulador do Odoo 19 (JSON-2, JSON-RPC e XML-RPC) na porta P (padrão 8069): banco demo, login admin / admin; mostra a chave de API do admin.',
    en: 'An Odoo 19 simulator (JSON-2, JSON-RPC and XML-RPC) on port P (default 8069): database demo, login admin / admin; prints the admin API key.',
  },
} satisfies Record<string, CommandHelp>;

export type HelpTopic = keyof typeof COMMAND_HELP;

export function isHelpTopic(topic: string): topic is HelpTopic {
  return Object.hasOwn(COMMAND_HELP, topic);
}

/** One command's page. */
export function commandHelp(topic: HelpTopic): string {
  const help: CommandHelp = COMMAND_HELP[topic];
  return `uso: ${PREFIX} ${topic} ${help.usage}\n\n${help.pt}\n\nEnglish — usage: ${PREFIX} ${topic} ${help.usage}\n\n${help.en}`;
}

/** `lock --help`: its two subcommands. */
export function lockHelp(): string {
  return [
    `uso: ${PREFIX} lock <status | release> …`,
    '',
    `  lock status   ${COMMAND_HELP['lock status'].usage}`,
    `  lock release  ${COMMAND_HELP['lock release'].usage}`,
    '',
    'Ajuda de cada um / help of each: lock status --help, lock release --help',
  ].join('\n');
}

const SUMMARY: Record<HelpTopic, [string, string]> = {
  run: ['uma sincronização agora (saída 0 concluída, 1 falhou, 2 lock ocupado)', 'one sync now (exit 0 done, 1 failed, 2 lock held)'],
  status: ['estado e veredito de saúde (saída 0 OK, 1 Atenção, 2 Crítico)', 'state and health verdict (exit 0 OK, 1 Warning, 2 Critical)'],
  reconcile: ['compara cada pedido do Odoo com a tabela', 'compare every Odoo order with the table'],
  'lock status': ['quem está com o lock, TTL, fence, valor bruto', 'who holds the lock, TTL, fence, raw value'],
  'lock release': ['libera o lock pelo valor mostrado, pelo token ou à força (auditado)', 'release by the value shown, by token or by force (audited)'],
  pause: ['pausa as execuções agendadas (auditado)', 'pause scheduled runs (audited)'],
  resume: ['retoma as execuções agendadas (auditado)', 'resume scheduled runs (audited)'],
  scheduler: ['o serviço agendador', 'the scheduler service'],
  serve: ['agendador + console no navegador, /metrics, /healthz', 'scheduler + browser console, /metrics, /healthz'],
  'demo-odoo': ['um simulador do Odoo (banco demo, admin/admin)', 'an Odoo simulator (db demo, admin/admin)'],
};

/** The overview: every command with one line, pt-BR then English. */
export function overviewHelp(): string {
  const topics = Object.keys(COMMAND_HELP) as HelpTopic[];
  const width = Math.max(...topics.map((topic) => topic.length));
  const list = (language: 0 | 1) => topics.map((topic) => `  ${topic.padEnd(width)}  ${SUMMARY[topic][language]}`);
  return [
    `uso: ${PREFIX} <comando> [opções]`,
    '',
    ...list(0),
    '',
    'Ajuda de um comando: <comando> --help (ou help <comando>).',
    '',
    `English — usage: ${PREFIX} <command> [options]`,
    '',
    ...list(1),
    '',
    "A command's help: <command> --help (or help <command>).",
  ].join('\n');
}
