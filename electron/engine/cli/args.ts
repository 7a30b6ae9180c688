/**
 * Argument parsing: `node:util` `parseArgs` splits the arguments into tokens, and every
 * token is checked here, so each problem is one clear error naming the flag and the
 * command: an unknown flag, a flag without its value, a value given to a switch, a stray
 * argument. The validators (`integerFlag`, `isoFlag`) sit on top.
 */
import { parseArgs as tokenize } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The flags one command takes: switches (`--json`) and flags with a value (`--token T`). */
export interface FlagSpec {
  boolean?: readonly string[];
  value?: readonly string[];
}

export interface ParsedArgs {
  /** the command as typed, e.g. `lock release` (named in errors) */
  command: string;
  values: Record<string, string | boolean | undefined>;
}

export function parseArgs(command: string, argv: readonly string[], spec: FlagSpec = {}): ParsedArgs {
  const options: Record<string, { type: 'boolean' | 'string' }> = {};
  for (const name of spec.boolean ?? []) options[name] = { type: 'boolean' };
  for (const name of spec.value ?? []) options[name] = { type: 'string' };
  // Not strict: unknown flags come back as tokens, so the error can name them and the command.
  const { values, tokens } = tokenize({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional') throw new UsageError(`${command}: unexpected argument "${token.value}"`);
    if (token.kind !== 'option') continue;
    const type = Object.hasOwn(options, token.name) ? options[token.name].type : null;
    if (type === null) {
      const known = Object.keys(options).map((name) => `--${name}`);
      throw new UsageError(`${command}: unknown option ${token.rawName}${known.length > 0 ? ` (it takes ${known.join(', ')})` : ' (it takes no options)'}`);
    }
    // `--token --force`: the next flag is not a value
    if (type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))) {
      throw new UsageError(`${command}: ${token.rawName} needs a value`);
    }
    if (type === 'boolean' && token.inlineValue) throw new UsageError(`${command}: ${token.rawName} takes no value`);
  }
  return { command, values };
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function integerFlag(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new UsageError(`--${name} must be a whole number between ${min} and ${max} (got ${value})`);
  return Number(value);
}

export function isoFlag(args: ParsedArgs, name: string): string | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime()))
    throw new UsageError(`--${name} must be an ISO time such as 2026-05-01T12:00:00Z (got ${value})`);
  return date.toISOString();
}
