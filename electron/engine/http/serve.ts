/** `serve [--port P]`: the engine, its scheduler and the browser console on one loopback port. */
import type { EngineConfig } from '../config';
import { createConsoleService } from '../console-service';
import { Engine } from '../engine';
import { createEngineScheduler } from '../scheduler';
import { startHttpHost } from './http-host';

export async function runHttpHost(config: EngineConfig, options: { port: number; host: string }): Promise<number> {
  const engine = await Engine.open(config);
  const scheduler = createEngineScheduler(engine);
  const host = await startHttpHost(createConsoleService(engine, `http:${options.host}`), options);
  engine.logger.info('http.listening', `Console em ${host.url}`, { url: host.url });
  process.stdout.write(`Carteira Sync Console on ${host.url}\n`);
  await scheduler.start();

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await scheduler.stop();
  await host.close();
  await engine.close();
  return 0;
}
