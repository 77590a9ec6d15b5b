import { type LookupAddress } from 'node:dns';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Socket } from 'node:net';
import { type HostResolver, WebhookHttpClient, type WebhookPostResult } from './webhook-http.client';
import { WebhookTargetPolicy } from './webhook-target.policy';

/** A local receiver on 127.0.0.3 that counts connections and requests and answers with `handler`. */
async function receiver(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; port: number; connections: () => number; requests: () => number }> {
  let connections = 0;
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests += 1;
    handler(req, res);
  });
  server.on('connection', (s: Socket) => {
    connections += 1;
    sockets.add(s);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.3', resolve));
  const close = server.close.bind(server);
  server.close = ((cb?: (err?: Error) => void) => {
    sockets.forEach((s) => s.destroy());
    return close(cb);
  }) as typeof server.close;
  return { server, port: (server.address() as { port: number }).port, connections: () => connections, requests: () => requests };
}

/** A resolver answering from a table (a DNS stand-in; the real one is getaddrinfo). */
const table =
  (answers: Record<string, string[]>): HostResolver =>
  (host) => {
    const a = answers[host];
    if (!a) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
    return Promise.resolve(a.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 })));
  };

const limits = { connectTimeoutMs: 1_000, totalTimeoutMs: 1_500, maxResponseBytes: 64 * 1024 };

describe(WebhookHttpClient.name, () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });
  const start = async (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    const r = await receiver(handler);
    servers.push(r.server);
    return r;
  };

  it('delivers to an allow-listed receiver and reports the status', async () => {
    const r = await start((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
    const client = new WebhookHttpClient(WebhookTargetPolicy.fromAllowList('127.0.0.3'), limits);
    expect(await client.post(`http://127.0.0.3:${r.port}/hook`, { 'content-type': 'application/json' }, '{}')).toEqual({ statusCode: 204, error: null, refused: false });
    expect(r.requests()).toBe(1);
  });

  it('refuses a name that resolved to a public address when vetted and to loopback when delivering (DNS rebinding): no connection is made', async () => {
    const r = await start((_req, res) => res.writeHead(204).end());
    let answers = 0;
    const rebinding: HostResolver = (host) => table({ 'rebind.example.com': (answers += 1) === 1 ? ['93.184.215.14'] : ['127.0.0.3'] })(host);
    const client = new WebhookHttpClient(WebhookTargetPolicy.fromAllowList(''), limits, rebinding);
    await expect(client.vetTarget(`https://rebind.example.com:${r.port}/hook`)).resolves.toBeUndefined();
    const result = await client.post(`https://rebind.example.com:${r.port}/hook`, {}, '{}');
    expect(result).toEqual({ statusCode: null, error: 'target refused: rebind.example.com resolves to a loopback address and not in CRM_WEBHOOK_ALLOWED_HOSTS', refused: true });
    expect(r.connections()).toBe(0);
  });

  it('refuses a name whose answer mixes a public and a private address', async () => {
    const client = new WebhookHttpClient(WebhookTargetPolicy.fromAllowList(''), limits, table({ 'mixed.example.com': ['93.184.215.14', '10.0.0.7'] }));
    await expect(client.vetTarget('https://mixed.example.com/hook')).rejects.toThrow('mixed.example.com resolves to a private address');
    expect((await client.post('https://mixed.example.com/hook', {}, '{}')).refused).toBe(true);
  });

  it('connects to the checked address of an allow-listed CIDR', async () => {
    const r = await start((req, res) => req.resume().on('end', () => res.writeHead(200).end('ok')));
    const client = new WebhookHttpClient(WebhookTargetPolicy.fromAllowList('127.0.0.0/24'), limits, table({ 'crm.example.com': ['127.0.0.3'] }));
    expect(await client.post(`http://crm.example.com:${r.port}/hook`, {}, '{}')).toEqual({ statusCode: 200, error: null, refused: false });
  });

  it('does not follow a redirect: the 3xx is the failure and its Location gets no request', async () => {
    const target = await start((_req, res) => res.writeHead(204).end());
    const r = await start((req, res) => req.resume().on('end', () => res.writeHead(302, { location: `http://127.0.0.3:${target.port}/internal` }).end()));
    const client = new WebhookHttpClient(WebhookTargetPolicy.fromAllowList('127.0.0.3'), limits);
    expect(await client.post(`http://127.0.0.3:${r.port}/hook`, {}, '{}')).toEqual({ statusCode: 302, error: 'HTTP 302: redirect not followed', refused: false });
    expect(target.requests()).toBe(0);
  });

  it('reads at most maxResponseBytes of an endless answer, then cuts it and keeps the status', async () => {
    let written = 0;
    const r = await start((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const pump = () => {
        for (;;) {
          if (res.destroyed) return;
          written += chunk.length;
          if (!res.write(chunk)) break;
        }
        res.once('drain', pump);
      };
      pump();
    });
    const client = new WebhookHttpClient(WebhookTargetPolicy.fromAllowList('127.0.0.3'), limits);
    const result: WebhookPostResult = await client.post(`http://127.0.0.3:${r.port}/hook`, {}, '{}');
    expect(result).toEqual({ statusCode: 200, error: null, refused: false });
    // Without the cap the endless answer would end in the total timeout (an error, not a 200).
    expect(written).toBeGreaterThan(limits.maxResponseBytes);
  });

  it('gives up on a receiver that never answers after the total timeout', async () => {
    const r = await start((req) => req.resume());
    const client = new WebhookHttpClient(WebhookTargetPolicy.fromAllowList('127.0.0.3'), { ...limits, totalTimeoutMs: 300 });
    expect(await client.post(`http://127.0.0.3:${r.port}/hook`, {}, '{}')).toEqual({ statusCode: null, error: 'no complete answer within 300 ms', refused: false });
    expect(r.requests()).toBe(1);
  });

  it('retries (not refuses) a host the resolver cannot answer for at delivery, and refuses it at subscription', async () => {
    const client = new WebhookHttpClient(WebhookTargetPolicy.fromAllowList(''), limits, table({}));
    await expect(client.vetTarget('https://gone.example.com/hook')).rejects.toThrow('host gone.example.com could not be resolved (ENOTFOUND)');
    expect(await client.post('https://gone.example.com/hook', {}, '{}')).toEqual({ statusCode: null, error: 'host gone.example.com could not be resolved (ENOTFOUND)', refused: false });
  });
});
