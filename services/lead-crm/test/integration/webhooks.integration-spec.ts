import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { type EventEnvelope } from '@textback/contracts';
import { quoteSchema, TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { pollUntil } from '@textback/testing';
import { WebhookRepository } from '../../src/modules/webhooks/webhook.repository';
import { accessToken, type CrmTestApp, startCrmTestApp } from '../utils/crm-test-app';

/** Receivers listen on 127.0.0.3, the only address this app's CRM_WEBHOOK_ALLOWED_HOSTS names. */
const RECEIVER_HOST = '127.0.0.3';
const TIMEOUT_MS = 4_000;

interface Receiver {
  server: Server;
  port: number;
  requests: { eventId: string }[];
}

describe('lead-crm outbound webhooks: SSRF refusal, dead deliveries, fairness across tenants', () => {
  let crm: CrmTestApp;
  const servers: { close(): void }[] = [];
  const sockets = new Set<Socket>();
  const s = () => quoteSchema(crm.schema);
  const tenants = { refuse: randomUUID(), old: randomUUID(), failing: randomUUID(), slow: randomUUID(), prompt: randomUUID() };

  const api = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${crm.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : {} };
  };
  const owner = (tenantId: string) => accessToken({ tenantId, role: 'owner' });
  const subscribe = async (tenantId: string, url: string) => api(await owner(tenantId), 'POST', '/v1/webhooks', { url, secret: 'whsec-0123456789abcdef' });
  const enqueue = async (tenantId: string, count: number, subscriptions = 1): Promise<string[]> => {
    const runner = crm.app.get<TransactionRunner>(TRANSACTION_RUNNER);
    const repo = crm.app.get(WebhookRepository);
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const event = { id: randomUUID(), type: 'crm.lead.created.v1', tenantId, time: new Date().toISOString(), data: { n: i } } as unknown as EventEnvelope<unknown>;
      expect(await runner.run((tx) => repo.enqueue(tx, event))).toBe(subscriptions);
      ids.push(event.id);
    }
    return ids;
  };
  const metric = async (outcome: string): Promise<number> => {
    const text = await (await fetch(`${crm.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('textback_crm_webhook_attempts_total{') && l.includes(`outcome="${outcome}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const receiver = async (handler: (req: IncomingMessage, res: ServerResponse, eventId: string) => void): Promise<Receiver> => {
    const requests: { eventId: string }[] = [];
    const server = createHttpServer((req, res) => {
      const eventId = String(req.headers['x-textback-event-id']);
      requests.push({ eventId });
      handler(req, res, eventId);
    });
    server.on('connection', (c: Socket) => sockets.add(c));
    await new Promise<void>((resolve) => server.listen(0, RECEIVER_HOST, resolve));
    servers.push(server);
    return { server, port: (server.address() as { port: number }).port, requests };
  };
  const deliveries = async (tenantId: string) =>
    (await crm.ds.query(`SELECT event_id, status, attempts, last_status_code, last_error FROM ${s()}.webhook_deliveries WHERE tenant_id = $1 ORDER BY created_at, id`, [tenantId])) as {
      event_id: string;
      status: string;
      attempts: number;
      last_status_code: number | null;
      last_error: string | null;
    }[];
  const attemptsOf = async (tenantId: string) =>
    ((await crm.ds.query(`SELECT count(*)::int AS n FROM ${s()}.webhook_delivery_attempts a JOIN ${s()}.webhook_deliveries d ON d.id = a.delivery_id WHERE d.tenant_id = $1`, [tenantId])) as { n: number }[])[0]!.n;

  beforeAll(async () => {
    crm = await startCrmTestApp('webhooks', {
      consume: false,
      env: {
        CRM_WEBHOOK_ALLOWED_HOSTS: RECEIVER_HOST,
        WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
        WEBHOOK_CONNECT_TIMEOUT_MS: '1000',
        WEBHOOK_MAX_ATTEMPTS: '3',
        WEBHOOK_CONCURRENCY: '16',
        WEBHOOK_ENDPOINT_CONCURRENCY: '2',
        WEBHOOK_RETRY_BASE_MS: '50',
      },
    });
    for (const [slug, id] of Object.entries(tenants)) await crm.ds.query(`INSERT INTO ${s()}.tenants (id, slug, name) VALUES ($1, $2, $3)`, [id, `wh-${slug}`, `Webhooks ${slug}`]);
  });

  afterAll(async () => {
    sockets.forEach((c) => c.destroy());
    servers.forEach((srv) => srv.close());
    await crm?.close();
  });

  it.each([
    ['http://127.0.0.1:5432/hook', '127.0.0.1 is a loopback address'],
    ['https://127.0.0.1:8123/', '127.0.0.1 is a loopback address'],
    ['https://localhost:8123/', 'host localhost is a local or cluster name (.localhost)'],
    ['https://169.254.169.254/latest/meta-data/', '169.254.169.254 is a linkLocal address'],
    ['https://[::1]:5432/', '::1 is a loopback address'],
    ['https://[::ffff:127.0.0.1]/', '(127.0.0.1) is a loopback address'],
    ['https://10.0.0.5/hook', '10.0.0.5 is a private address'],
    ['https://100.64.0.1/hook', '100.64.0.1 is a carrierGradeNat address'],
    ['https://0.0.0.0:9092/', '0.0.0.0 is a unspecified address'],
    ['https://clickhouse:8123/', 'host clickhouse is not a fully qualified public host name'],
    ['https://clickhouse.textback.svc.cluster.local:8123/', '(.cluster.local)'],
    ['http://93.184.215.14/hook', 'plain http is allowed only to hosts in CRM_WEBHOOK_ALLOWED_HOSTS'],
  ])('refuses a subscription to %s with 400 and the reason', async (url, reason) => {
    const res = await subscribe(tenants.refuse, url);
    expect(res.status).toBe(400);
    expect((res.body as { message: string }).message).toContain(`url refused: `);
    expect((res.body as { message: string }).message).toContain(reason);
  });

  it('accepts a public https target and an allow-listed local one; stores none of the refused', async () => {
    expect((await subscribe(tenants.refuse, 'https://93.184.215.14/hook')).status).toBe(201);
    expect((await subscribe(tenants.refuse, `http://${RECEIVER_HOST}:9/hook`)).status).toBe(201);
    const urls = ((await api(await owner(tenants.refuse), 'GET', '/v1/webhooks')).body as { url: string }[]).map((x) => x.url);
    expect(urls).toEqual(['https://93.184.215.14/hook', `http://${RECEIVER_HOST}:9/hook`]);
  });

  it('refuses at delivery a stored subscription whose target is local: no connection, dead after one attempt, in the log and the metric', async () => {
    let connections = 0;
    const tcp = createTcpServer((c) => {
      connections += 1;
      c.destroy();
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    servers.push(tcp);
    const port = (tcp.address() as { port: number }).port;
    const subs = [`https://127.0.0.1:${port}/hook`, `https://localhost:${port}/hook`];
    for (const url of subs) {
      await crm.ds.query(`INSERT INTO ${s()}.webhook_subscriptions (id, tenant_id, url, secret) VALUES ($1, $2, $3, 'whsec-0123456789abcdef')`, [randomUUID(), tenants.old, url]);
    }
    const deadBefore = await metric('dead');
    const [eventId] = await enqueue(tenants.old, 1, 2);
    const rows = await pollUntil(async () => {
      const r = await deliveries(tenants.old);
      return r.length === 2 && r.every((d) => d.status !== 'pending') ? r : undefined;
    }, 'both deliveries settled', 20_000);
    expect(rows.map((d) => ({ ...d, event_id: d.event_id === eventId }))).toEqual(
      expect.arrayContaining([
        { event_id: true, status: 'dead', attempts: 1, last_status_code: null, last_error: 'target refused: 127.0.0.1 is a loopback address and not in CRM_WEBHOOK_ALLOWED_HOSTS' },
        { event_id: true, status: 'dead', attempts: 1, last_status_code: null, last_error: 'target refused: host localhost is a local or cluster name (.localhost) and not in CRM_WEBHOOK_ALLOWED_HOSTS' },
      ]),
    );
    expect(connections).toBe(0);
    expect((await metric('dead')) - deadBefore).toBe(2);
    const subIds = ((await api(await owner(tenants.old), 'GET', '/v1/webhooks')).body as { id: string }[]).map((x) => x.id);
    const log = (await api(await owner(tenants.old), 'GET', `/v1/webhooks/${subIds[0]!}/deliveries`)).body as { status: string; attempts: number; lastError: string }[];
    expect(log).toEqual([expect.objectContaining({ eventId, status: 'dead', attempts: 1, lastError: expect.stringMatching(/^target refused: /) as unknown })]);
  });

  it('retries a failing endpoint a bounded number of times, then marks the delivery dead with its last error', async () => {
    const failing = await receiver((req, res) => req.resume().on('end', () => res.writeHead(500).end('{"error":"down"}')));
    const sub = await subscribe(tenants.failing, `http://${RECEIVER_HOST}:${failing.port}/hook`);
    expect(sub.status).toBe(201);
    const [dead0, retry0] = [await metric('dead'), await metric('retry')];
    const [eventId] = await enqueue(tenants.failing, 1);
    await pollUntil(async () => (await deliveries(tenants.failing))[0]?.status === 'dead', 'the delivery dead', 20_000);
    expect(await deliveries(tenants.failing)).toEqual([{ event_id: eventId, status: 'dead', attempts: 3, last_status_code: 500, last_error: 'HTTP 500' }]);
    expect(failing.requests).toEqual([{ eventId }, { eventId }, { eventId }]);
    expect([(await metric('dead')) - dead0, (await metric('retry')) - retry0]).toEqual([1, 2]);
    const log = (await api(await owner(tenants.failing), 'GET', `/v1/webhooks/${(sub.body as { id: string }).id}/deliveries`)).body;
    expect(log).toEqual([expect.objectContaining({ eventId, status: 'dead', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500' })]);
  });

  it("delivers a tenant's events promptly while another tenant's endpoint never answers; the slow one holds 2 slots, times out and retries", async () => {
    const slow = await receiver((req) => req.resume());
    const prompt = await receiver((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
    expect((await subscribe(tenants.slow, `http://${RECEIVER_HOST}:${slow.port}/hook`)).status).toBe(201);
    expect((await subscribe(tenants.prompt, `http://${RECEIVER_HOST}:${prompt.port}/hook`)).status).toBe(201);
    const slowIds = await enqueue(tenants.slow, 25);
    const promptIds = await enqueue(tenants.prompt, 5);

    // Marker: every prompt delivery recorded as delivered, and the slow endpoint holding its two requests.
    await pollUntil(async () => slow.requests.length === 2 && (await deliveries(tenants.prompt)).every((d) => d.status === 'delivered'), 'prompt tenant delivered', TIMEOUT_MS - 500);
    expect(prompt.requests.map((r) => r.eventId).sort()).toEqual([...promptIds].sort());
    expect((await deliveries(tenants.prompt)).map((d) => d.attempts)).toEqual([1, 1, 1, 1, 1]);
    expect(await attemptsOf(tenants.slow)).toBe(0);
    expect(slow.requests.map((r) => r.eventId)).toEqual(slowIds.slice(0, 2));

    // The two hung requests time out and are queued again with backoff, not dead.
    const timedOut = await pollUntil(async () => {
      const r = (await deliveries(tenants.slow)).filter((d) => d.attempts > 0);
      return r.length >= 2 ? r : undefined;
    }, 'slow attempts timed out', TIMEOUT_MS * 3);
    expect(timedOut.slice(0, 2).map((d) => [d.event_id, d.status, d.attempts, d.last_status_code, d.last_error])).toEqual(
      slowIds.slice(0, 2).map((id) => [id, 'pending', 1, null, `no complete answer within ${TIMEOUT_MS} ms`]),
    );
  });
});
