/**
 * A TCP proxy between one engine instance and a shared server (Redis, PostgreSQL, the Odoo
 * simulator), so the soak can fail the network of that instance alone and never touch the
 * shared servers: `cut()` destroys the live connections (a cable pulled mid-transaction),
 * `down()` also refuses new ones until `up()`, `refuseAuth()` answers every Redis command
 * with WRONGPASS, `stall(ms)` holds what the instance sends for a while (a paused process, a
 * congested link, a frozen server) until `resume()` at the latest, and `close()` is what a
 * kill -9 does to an instance's sockets.
 */
import net from 'node:net';
import { takeRespCommands, WRONGPASS_REPLY } from './resp-refusal';

export type ProxyMode = 'pass' | 'down' | 'refuse-auth';

export class TcpProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private mode: ProxyMode = 'pass';
  private closed = false;
  /** client socket → its upstream, for stalls */
  private readonly pairs = new Map<net.Socket, net.Socket>();
  /** client sockets whose data is held by a stall, with their upstream */
  private readonly held = new Map<net.Socket, net.Socket>();
  private stalledUntil = 0;

  private constructor(
    private readonly target: { host: string; port: number },
    server: net.Server,
  ) {
    this.server = server;
    server.on('connection', (client) => this.accept(client));
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target, net.createServer());
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  get currentMode(): ProxyMode {
    return this.mode;
  }

  /** Destroys every live connection; new ones are accepted (a reset, not an outage). */
  cut(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  /** Unreachable until `up()`: live connections die, new ones are reset at once. */
  down(): void {
    this.mode = 'down';
    this.cut();
  }

  /** Every Redis command gets WRONGPASS until `up()` (live connections are dropped first). */
  refuseAuth(): void {
    this.mode = 'refuse-auth';
    this.cut();
  }

  up(): void {
    this.mode = 'pass';
  }

  /** For `ms` (at least: a longer stall already on stays), nothing the instance sends goes through (it is buffered, then delivered in order). */
  stall(ms: number): void {
    this.stalledUntil = Math.max(this.stalledUntil, Date.now() + ms);
    for (const [client, upstream] of this.pairs) this.hold(client, upstream);
  }

  /** Ends a stall now: what was held is delivered. */
  resume(): void {
    this.stalledUntil = 0;
    for (const client of [...this.held.keys()]) this.release(client);
  }

  get stalled(): boolean {
    return Date.now() < this.stalledUntil;
  }

  /** No more connections ever: the instance's sockets die without any goodbye. */
  async close(): Promise<void> {
    this.closed = true;
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.closed || this.mode === 'down') {
      client.resetAndDestroy();
      return;
    }
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => undefined);
    if (this.mode === 'refuse-auth') {
      this.refuseOn(client);
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    this.sockets.add(upstream);
    upstream.on('close', () => {
      this.sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => {
      upstream.destroy();
      this.pairs.delete(client);
      this.held.delete(client);
    });
    this.pairs.set(client, upstream);
    upstream.pipe(client);
    if (Date.now() < this.stalledUntil) this.hold(client, upstream);
    else client.pipe(upstream);
  }

  private hold(client: net.Socket, upstream: net.Socket): void {
    if (this.held.has(client)) return; // its timer follows stalledUntil
    client.unpipe(upstream);
    client.pause();
    this.held.set(client, upstream);
    const wait = (): void => {
      if (!this.held.has(client)) return;
      const left = this.stalledUntil - Date.now();
      if (left > 0) setTimeout(wait, left).unref();
      else this.release(client);
    };
    wait();
  }

  private release(client: net.Socket): void {
    const upstream = this.held.get(client);
    if (!upstream) return;
    this.held.delete(client);
    if (!client.destroyed && !upstream.destroyed) client.pipe(upstream);
  }

  private refuseOn(client: net.Socket): void {
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      const { commands, rest } = takeRespCommands(Buffer.concat([pending, chunk]));
      pending = rest;
      if (commands > 0) client.write(WRONGPASS_REPLY.repeat(commands));
    });
  }
}
