import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * What the proxy does with traffic:
 * - `pass`: forwards both ways.
 * - `blackhole`: a network partition: new connections are accepted but nothing is forwarded or answered, and open
 *   connections stop moving data (both sides paused) — the client sees only its own timeouts.
 * - `refuse`: open connections are reset and new ones closed at once (the peer's process is down).
 */
export type TcpFaultMode = 'pass' | 'blackhole' | 'refuse';

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

/**
 * A TCP proxy a test controls, to put a real dependency (PostgreSQL, Kafka, ClickHouse) out of reach of the code under
 * test without touching the dependency itself: point the code at `127.0.0.1:{@link port}`, then {@link setMode}.
 * Going back to `pass` destroys the connections held during a blackhole (their protocol state is unknown), as a
 * healed network would after the peers' timeouts; new connections flow again.
 */
export class TcpFaultProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<Pair>();
  private current: TcpFaultMode = 'pass';
  private listenPort = 0;

  /** @param target where traffic goes in `pass` mode. */
  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on 127.0.0.1 (`port` 0: a free port). */
  async start(port = 0): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.listenPort = (server.address() as { port: number }).port;
  }

  /** The port the proxy listens on. */
  get port(): number {
    return this.listenPort;
  }

  get mode(): TcpFaultMode {
    return this.current;
  }

  /** `url` with its host and port replaced by the proxy's (e.g. a postgres:// URL). */
  proxiedUrl(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.listenPort);
    return u.toString();
  }

  /** Connections open through the proxy (held ones included). */
  get connections(): number {
    return this.pairs.size;
  }

  /** Switches what happens to open and new connections (see {@link TcpFaultMode}). */
  setMode(mode: TcpFaultMode): void {
    const previous = this.current;
    this.current = mode;
    if (mode === 'refuse' || (mode === 'pass' && previous === 'blackhole')) {
      for (const pair of [...this.pairs]) this.drop(pair);
      return;
    }
    if (mode === 'blackhole') {
      for (const pair of this.pairs) {
        pair.client.pause();
        pair.upstream?.pause();
      }
    }
  }

  /** Closes every connection and stops listening. */
  async stop(): Promise<void> {
    for (const pair of [...this.pairs]) this.drop(pair);
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.current === 'refuse') {
      client.destroy();
      return;
    }
    const pair: Pair = { client, upstream: null };
    this.pairs.add(pair);
    client.on('error', () => this.drop(pair));
    client.on('close', () => this.drop(pair));
    if (this.current === 'blackhole') {
      client.pause();
      return;
    }
    const upstream = createConnection(this.target);
    pair.upstream = upstream;
    upstream.on('error', () => this.drop(pair));
    upstream.on('close', () => this.drop(pair));
    client.pipe(upstream);
    upstream.pipe(client);
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream?.destroy();
  }
}
