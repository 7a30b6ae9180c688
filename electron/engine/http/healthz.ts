/**
 * `/healthz`: the health verdict for a load balancer, an uptime check or a container probe.
 * 200 for OK and Atenção, 503 for Crítico or when no verdict can be had (the store unreachable).
 * Atenção is a warning a person reads in the console; Crítico means the copy is no longer
 * trustworthy (a gap, a stuck lock that made runs skip, repeated failures), so a check should fail.
 *
 * It answers without the token even when CONSOLE_TOKEN is set (a probe seldom carries one), so
 * it says the level and nothing else: no URL, database, holder, run or error text. The details
 * are in the console, `status --json` and `/metrics`, all behind the token.
 */
import type { ServerResponse } from 'node:http';
import type { EngineStatus, HealthLevel } from '../../../shared/engine-types';
import { messages } from '../../../shared/messages';

export const HEALTHZ_PATH = '/healthz';

export interface HealthzAnswer {
  httpStatus: 200 | 503;
  body: { status: HealthLevel | 'unknown'; verdict: string };
}

/** The answer for a status, or for none (it could not be had). */
function healthzAnswer(status: Pick<EngineStatus, 'health'> | null): HealthzAnswer {
  if (!status) return { httpStatus: 503, body: { status: 'unknown', verdict: 'Desconhecido' } };
  const level = status.health.level;
  return { httpStatus: level === 'critical' ? 503 : 200, body: { status: level, verdict: messages['pt-BR'].health.level[level] } };
}

/** Answers a GET or HEAD; `readStatus` failing is a 503 that says nothing of why (the reason may name hosts). */
export async function serveHealthz(method: string | undefined, readStatus: () => Promise<EngineStatus>, response: ServerResponse): Promise<void> {
  const headers = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
  if (method !== 'GET' && method !== 'HEAD') {
    response.writeHead(405, { ...headers, allow: 'GET, HEAD' });
    return void response.end(JSON.stringify({ error: 'healthz takes GET or HEAD' }));
  }
  const answer = healthzAnswer(await readStatus().catch(() => null));
  response.writeHead(answer.httpStatus, headers);
  response.end(method === 'HEAD' ? undefined : JSON.stringify(answer.body));
}
