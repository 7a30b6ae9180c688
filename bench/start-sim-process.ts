/** Starts the Odoo 19 simulator in a process of its own (bench/sim-process.ts), so its CPU is not the client's. */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

export interface SimProcess {
  child: ChildProcess;
  url: string;
  db: string;
  login: string;
  password: string;
  apiKey: string;
  lines: number;
}

export async function startSimProcess(orders: number, linesPerOrder: number): Promise<SimProcess> {
  const child = fork(join(import.meta.dirname, 'sim-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SIM_ORDERS: String(orders), SIM_LINES_PER_ORDER: String(linesPerOrder), SIM_VERSION: '19.0' },
  });
  const info = await new Promise<Omit<SimProcess, 'child'>>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Omit<SimProcess, 'child'>));
    child.once('exit', (code) => reject(new Error(`simulator process exited (${code})`)));
  });
  return { child, ...info };
}
