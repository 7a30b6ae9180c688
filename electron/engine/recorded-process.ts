/**
 * Whether the process a record of this host names — a `running` run, a lock value, a lock file —
 * is gone (issue 16.7). A pid alone is not an identity: in a container the service is PID 1 on
 * every start, so what a killed PID 1 recorded names the pid of the service that restarted, which
 * is alive (it is us). Records carry the process instance beside the pid (`process-instance.ts`:
 * boot id + start time), and:
 * - our instance: this very process, alive;
 * - our pid, another instance of this boot: a process that had our pid before us — a container's
 *   previous incarnation — gone, whatever the pid says;
 * - anything else: by its pid, as before. Records from before instances were recorded (no
 *   instance), instances of another boot (the same host name on another machine, or before a
 *   reboot: it cannot be told which), and instances that are tokens (no /proc) are all judged so.
 *
 * The caller checks the record is of this host (a pid elsewhere means nothing here). What it
 * cannot tell: two services sharing one host name on one machine, each PID 1 of its own namespace
 * (`--network host`, or one `hostname:` given to both), look like each other's previous
 * incarnation; give each container its own host name (Docker's default).
 */
import { processAlive } from './process-alive';
import { instanceBoot, instanceOfPid } from './process-instance';

/** What a run row or a lock value says about the process that wrote it. */
export interface RecordedProcess {
  pid: number;
  /** absent or null in records from before instances were recorded */
  instance?: string | null;
}

/** The processes as this engine sees them: which pid and instance it records as itself, and which pids exist. */
export interface ProcessView {
  self: { pid: number; instance: string | null };
  alive(pid: number): boolean;
}

export function isRecordedProcessGone(recorded: RecordedProcess, view: ProcessView): boolean {
  const instance = recorded.instance ?? null;
  const self = view.self.instance;
  if (instance === null) return !view.alive(recorded.pid);
  if (self !== null && instance === self) return false;
  if (recorded.pid === view.self.pid && self !== null && sameBoot(instance, self)) return true;
  return !view.alive(recorded.pid);
}

function sameBoot(a: string, b: string): boolean {
  const boot = instanceBoot(a);
  return boot !== null && boot === instanceBoot(b);
}

/** This host as the engine recording `pid` (its own, or `EngineOptions.pid`) sees it. */
export function localProcessView(pid: number = process.pid): ProcessView {
  return { self: { pid, instance: instanceOfPid(pid) }, alive: processAlive };
}
