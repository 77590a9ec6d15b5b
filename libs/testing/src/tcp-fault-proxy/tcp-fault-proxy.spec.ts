import { createServer, type Server, connect } from 'node:net';
import { TcpFaultProxy } from './tcp-fault-proxy';

/** An echo server on a free port. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => s.pipe(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as { port: number }).port };
}

/** Sends `text` through a new connection; resolves with the echo, or 'timeout' / 'closed'. */
function roundTrip(port: number, text: string, waitMs = 300): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(got || 'timeout');
    }, waitMs);
    socket.on('data', (d) => {
      got += d.toString();
      if (got === text) {
        clearTimeout(timer);
        socket.destroy();
        resolve(got);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(got || 'closed');
    });
    socket.write(text);
  });
}

describe(TcpFaultProxy.name, () => {
  let echo: { server: Server; port: number };
  let proxy: TcpFaultProxy;

  beforeAll(async () => {
    echo = await echoServer();
    proxy = new TcpFaultProxy({ host: '127.0.0.1', port: echo.port });
    await proxy.start();
  });
  afterAll(async () => {
    await proxy.stop();
    await new Promise<void>((resolve) => echo.server.close(() => resolve()));
  });

  it('forwards, holds in a blackhole, refuses, and forwards again', async () => {
    expect(await roundTrip(proxy.port, 'hello')).toBe('hello');
    proxy.setMode('blackhole');
    expect(await roundTrip(proxy.port, 'lost')).toBe('timeout');
    proxy.setMode('refuse');
    expect(await roundTrip(proxy.port, 'nope')).toBe('closed');
    proxy.setMode('pass');
    expect(await roundTrip(proxy.port, 'back')).toBe('back');
  });

  it('rewrites a URL to go through it', () => {
    expect(proxy.proxiedUrl('postgres://postgres@db.example:5432/textback')).toBe(`postgres://postgres@127.0.0.1:${proxy.port}/textback`);
  });
});
