/**
 * A door that could not start (the CLI's commands, `serve`, `scheduler`, the desktop app): its
 * cause in pt-BR with the next step, then the error's own text as technical details. `targets`
 * is asked for lazily: the configuration may be what failed.
 */
import { causeLine } from '../../shared/failure-text';
import { messages, type Messages } from '../../shared/messages';
import { classifyFailure, failureTargets, NO_TARGETS, type FailureTargets } from './classify-failure';
import type { EngineConfig } from './config';

export interface StartFailure {
  /** the cause and the next step; null when nothing in the error is recognised */
  cause: string | null;
  /** the error's own text */
  detail: string;
}

export function describeStartFailure(error: unknown, config?: () => EngineConfig, m: Messages = messages['pt-BR']): StartFailure {
  const detail = error instanceof Error ? error.message : String(error);
  const cause = classifyFailure(error, targetsOf(config));
  return { cause: cause.code === 'unknown' ? null : causeLine(cause, m), detail };
}

/** `Erro: <cause and next step>` and `Detalhes técnicos: <text>`, or `Erro: <text>` alone when the cause is not known. */
export function startFailureText(error: unknown, config?: () => EngineConfig, m: Messages = messages['pt-BR']): string {
  const { cause, detail } = describeStartFailure(error, config, m);
  return cause ? `Erro: ${cause}\n${m.details}: ${detail}\n` : `Erro: ${detail}\n`;
}

function targetsOf(config: (() => EngineConfig) | undefined): FailureTargets {
  if (!config) return NO_TARGETS;
  try {
    return failureTargets(config());
  } catch {
    return NO_TARGETS;
  }
}
