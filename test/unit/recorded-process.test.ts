/**
 * Issue 16.7 beyond the PGlite claim: whether the process a run row or a lock value names is gone,
 * decided by its process instance (boot id + start time) where the record has one, by its pid where
 * it has not (rows and values written before instances were recorded). In a container the service
 * is PID 1 on every start: a record naming our pid but not our instance, of this boot, is a
 * previous incarnation's, dead although "pid 1" is alive (it is us).
 */
import { describe, expect, it } from 'vitest';
import { isRecordedProcessGone, type ProcessView } from '../../electron/engine/recorded-process';

const BOOT = '2f0c7a4e-0c4d-4f1e-9a51-3c0a3c7d9b10';
const OTHER_BOOT = '8d1e2b3c-aaaa-4bbb-8ccc-0123456789ab';
const US = `${BOOT}:5000`;
const PREVIOUS_US = `${BOOT}:4000`;

/** A machine where pids `alive` exist; we are `self`. */
function view(alive: number[], self: ProcessView['self'] = { pid: 1, instance: US }): ProcessView {
  return { self, alive: (pid) => alive.includes(pid) };
}

describe('isRecordedProcessGone: the process instance where it is known, the pid where it is not', () => {
  it('our pid, another instance of this boot: a previous incarnation (the container PID 1 restarted), gone although pid 1 lives', () => {
    expect(isRecordedProcessGone({ pid: 1, instance: PREVIOUS_US }, view([1]))).toBe(true);
  });

  it('our pid and our instance: this very process, not gone', () => {
    expect(isRecordedProcessGone({ pid: 1, instance: US }, view([1]))).toBe(false);
  });

  it('another pid with an instance: gone when that pid is gone, alive when it lives', () => {
    expect(isRecordedProcessGone({ pid: 42, instance: `${BOOT}:300` }, view([1]))).toBe(true);
    expect(isRecordedProcessGone({ pid: 42, instance: `${BOOT}:300` }, view([1, 42]))).toBe(false);
  });

  it('a record from before instances were recorded (no instance) is judged by its pid, as before', () => {
    expect(isRecordedProcessGone({ pid: 1 }, view([1]))).toBe(false);
    expect(isRecordedProcessGone({ pid: 1, instance: null }, view([1]))).toBe(false);
    expect(isRecordedProcessGone({ pid: 42 }, view([1]))).toBe(true);
    expect(isRecordedProcessGone({ pid: 42, instance: null }, view([1, 42]))).toBe(false);
  });

  it('our pid with an instance of another boot (a host of the same name, or before a reboot) is judged by its pid: in doubt, alive', () => {
    expect(isRecordedProcessGone({ pid: 1, instance: `${OTHER_BOOT}:4000` }, view([1]))).toBe(false);
  });

  it('where our own instance is unknown (no /proc for an identity pid), or a token stands for it, the pid decides', () => {
    expect(isRecordedProcessGone({ pid: 1, instance: PREVIOUS_US }, view([1], { pid: 1, instance: null }))).toBe(false);
    expect(isRecordedProcessGone({ pid: 1, instance: 'token:abcd' }, view([1], { pid: 1, instance: 'token:ef01' }))).toBe(false);
    expect(isRecordedProcessGone({ pid: 7, instance: 'token:abcd' }, view([1], { pid: 1, instance: 'token:ef01' }))).toBe(true);
  });
});
