import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { HTTP_KEEP_ALIVE_TIMEOUT_MS, keepConnectionsAlive } from './bootstrap';

describe(keepConnectionsAlive.name, () => {
  it('keeps idle connections longer than the 60 s of the proxies in front, with headersTimeout above it (Node requires it)', () => {
    const server = createServer();
    keepConnectionsAlive(server);
    expect(server.keepAliveTimeout).toBe(HTTP_KEEP_ALIVE_TIMEOUT_MS);
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });

  it('announces the longer timeout to clients in the Keep-Alive header, which undici uses to decide how long to reuse a connection', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    keepConnectionsAlive(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await res.text();
      expect(res.headers.get('keep-alive')).toBe(`timeout=${HTTP_KEEP_ALIVE_TIMEOUT_MS / 1000}`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
