/** The soak's seeded pieces: the same seed gives the same plan, day one holds every fault kind, and the WRONGPASS proxy counts commands right. */
import { describe, expect, it } from 'vitest';
import { PLANNED_FAULT_KINDS, planFaults } from '../../chaos/fault-plan';
import { Prng } from '../../chaos/prng';
import { takeRespCommands } from '../../chaos/resp-refusal';

describe('fault plan', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(planFaults(new Prng(42), 7)).toEqual(planFaults(new Prng(42), 7));
    expect(planFaults(new Prng(42), 7)).not.toEqual(planFaults(new Prng(43), 7));
  });

  it('puts every kind in the first day, about 24 a day, none in the first or last hour', () => {
    const plan = planFaults(new Prng(7), 7);
    const firstDay = new Set(plan.filter((fault) => fault.minute <= 24 * 60).map((fault) => fault.kind));
    expect([...firstDay].sort()).toEqual([...PLANNED_FAULT_KINDS].sort());
    expect(plan.length).toBe(7 * 24);
    expect(plan.every((fault) => fault.minute >= 60 && fault.minute <= 7 * 24 * 60 - 60)).toBe(true);
    expect(plan.map((fault) => fault.minute)).toEqual([...plan.map((fault) => fault.minute)].sort((a, b) => a - b));
  });

  it('plans the first empty list before the first reconciliation (03:00), so even a one-day soak has one meet it', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const first = planFaults(new Prng(seed), 1).find((fault) => fault.kind === 'odoo-empty-list');
      expect(first?.minute).toBeLessThanOrEqual(150);
    }
  });
});

describe('RESP command counting', () => {
  const command = (...args: string[]) => `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;

  it('counts pipelined commands and keeps a partial one for later', () => {
    const whole = command('SET', 'k', 'v\r\nwith a CRLF inside') + command('PING');
    const partial = command('GET', 'key').slice(0, 9);
    const { commands, rest } = takeRespCommands(Buffer.from(whole + partial));
    expect(commands).toBe(2);
    expect(rest.toString()).toBe(partial);
    const next = takeRespCommands(Buffer.concat([rest, Buffer.from(command('GET', 'key').slice(9))]));
    expect(next).toEqual({ commands: 1, rest: Buffer.alloc(0) });
  });
});
