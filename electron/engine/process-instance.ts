/**
 * Which process instance a pid stands for. A pid alone is not an identity: in a container the
 * service is PID 1 on every start, and pids are reused. On Linux an instance is the boot id
 * and the process's start time (clock ticks since boot, /proc/<pid>/stat field 22), both of
 * which the kernel gives any process of the same pid namespace; elsewhere this process gets a
 * random token, and other processes' instances are unknown (null).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';

/** This process's token where /proc is unavailable (generated once per process). */
const FALLBACK_TOKEN = `token:${randomBytes(8).toString('hex')}`;

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses, so count from its closing one. */
function startTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[22 - 3];
    return ticks && /^\d+$/.test(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** `<boot id>:<start ticks>` of `pid` as seen from this pid namespace; null when it cannot be told (no /proc, no such process). */
export function processInstance(pid: number): string | null {
  const boot = bootId();
  const ticks = boot === null ? null : startTicks(pid);
  return boot !== null && ticks !== null ? `${boot}:${ticks}` : null;
}

/** This process's instance: its start on Linux, else a token of its own. */
export function ownProcessInstance(): string {
  return processInstance(process.pid) ?? FALLBACK_TOKEN;
}

/**
 * The instance of `pid`, a process of this host, to record beside it: this process's own (a token
 * where /proc is unavailable), else what /proc says; null when it cannot be told.
 */
export function instanceOfPid(pid: number): string | null {
  return pid === process.pid ? ownProcessInstance() : processInstance(pid);
}

/** The boot an instance belongs to (`<boot id>` before the colon); null for a token. */
export function instanceBoot(instance: string): string | null {
  if (instance.startsWith('token:')) return null;
  const colon = instance.lastIndexOf(':');
  return colon > 0 ? instance.slice(0, colon) : null;
}

/** This process's pid namespace (`pid:[4026531836]`), or null where there is none to read. */
export function ownPidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}
