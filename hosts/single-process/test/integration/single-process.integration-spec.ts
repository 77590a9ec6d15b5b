import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PgliteRelationalStore } from '@textback/persistence';
import { pollUntil } from '@textback/testing';
import { bareEnv, cli, cliWithEnv, HOST_MAIN as MAIN, ROOT, type StartedHost as Started, startHost as startHostWith, stopHost } from '../utils/single-process-host';

/**
 * The single process as an operator runs it (`node dist/hosts/single-process/src/main.js`, built by `npm run build`):
 * an environment with no DATABASE_URL, KAFKA_BROKERS or CLICKHOUSE_URL, a fresh data directory, one port. Proves every
 * service answers through that port, a Bandwidth voice callback lands in PGlite, and `textback backup` / `restore`
 * round-trip it (refused while the process holds the directory). Prints the start time and the resting peak RSS.
 */
const SERVICES = ['telephony-ingest', 'messaging', 'conversation-ai', 'lead-crm', 'scheduling', 'reporting', 'console'];
const BANDWIDTH = { username: 'bw-single-process', password: 'single-process-secret' };
const CALL_ID = `c-single-process-${Date.now()}`;

/** The single process with the voice callback credentials this spec posts with. */
const startHost = (dataDir: string) => startHostWith(dataDir, { BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: JSON.stringify([BANDWIDTH]) });

/** Telephony's stored callbacks of the test's call (`call_webhook`), read from the stopped process's PGlite directory. */
async function storedCallbacks(dataDir: string, mutate?: string): Promise<number> {
  const store = await PgliteRelationalStore.open({ dataDir: join(dataDir, 'pglite') });
  try {
    const ds = await store.createDataSource({ schema: 'telephony', applicationName: 'it-single-process' }).initialize();
    try {
      if (mutate) await ds.query(mutate, [CALL_ID]);
      const rows = (await ds.query(`SELECT count(*)::int AS n FROM telephony.call_webhook WHERE provider = 'bandwidth' AND provider_call_id = $1 AND event_type = 'initiate'`, [CALL_ID])) as { n: number }[];
      return rows[0]?.n ?? 0;
    } finally {
      await ds.destroy();
    }
  } finally {
    await store.close();
  }
}

describe('single process on embedded stores (npm start)', () => {
  const work = mkdtempSync(join(tmpdir(), 'textback-single-'));
  const dataDir = join(work, 'data');
  let host: Started | undefined;

  afterAll(async () => {
    if (host) await stopHost(host.child);
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses a partial configuration with exit 78, naming what is missing, before touching the data directory', async () => {
    const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: bareEnv(dataDir, { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/textback' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(78);
    expect(err).toContain('KAFKA_BROKERS: required with DATABASE_URL');
    expect(err).toContain('CLICKHOUSE_URL: required with DATABASE_URL');
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);

  it('starts with no server configured, says it runs embedded, and serves every service through one port', async () => {
    expect(existsSync(MAIN)).toBe(true);
    // At info, so that every request writes its line (LOG_LEVEL warn writes none).
    host = await startHostWith(dataDir, { BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: JSON.stringify([BANDWIDTH]), LOG_LEVEL: 'info' });
    expect(host.output()).toContain(`Textback in EMBEDDED mode: one process, all seven services; data directory ${dataDir}`);
    const base = `http://127.0.0.1:${host.port}`;
    for (const service of SERVICES) {
      const res = await fetch(`${base}/_services/${service}/health/live`);
      expect({ service, status: res.status }).toEqual({ service, status: 200 });
    }
    // Ready: the database answers and, for every consuming service, its in-process bus group runs (no Kafka probe).
    for (const service of SERVICES) {
      const ready = await pollUntil(async () => {
        const r = await fetch(`${base}/_services/${service}/health/ready`);
        return r.status === 200 ? ((await r.json()) as { info: Record<string, unknown> }) : undefined;
      }, `${service} ready`, 30_000, 250);
      expect(Object.keys(ready.info)).not.toContain('outbox');
      if (service !== 'telephony-ingest') expect(Object.keys(ready.info)).toContain('bus');
    }
    // Routed as the Ingress routes: the console's web app and reporting's ROI page on one origin.
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${base}/roi`)).status).toBe(200);
    expect((await fetch(`${base}/bandwidth/voice/nothing`)).status).toBe(404);
    // A screen's URL is the console's page; an API path nobody serves is a JSON 404, not that page.
    expect((await fetch(`${base}/reports/roi`)).headers.get('content-type')).toContain('text/html');
    const unknown = await fetch(`${base}/v1/nonexistent`);
    expect({ status: unknown.status, type: unknown.headers.get('content-type'), body: await unknown.json() }).toEqual({
      status: 404,
      type: expect.stringContaining('application/json') as unknown,
      body: expect.objectContaining({ message: 'Cannot GET /v1/nonexistent' }) as unknown,
    });
    // messaging's staff API is routed to messaging (a token required), and each service's request line names it.
    expect((await fetch(`${base}/v1/consent-reviews`)).status).toBe(401);
    const requestLines = () =>
      host!
        .output()
        .split('\n')
        .filter((l) => l.startsWith('{') && l.includes('"request completed"'))
        .map((l) => JSON.parse(l) as { service: string; req: { url: string } });
    const serviceOf = (url: string) => requestLines().find((l) => l.req.url === url)?.service;
    await pollUntil(() => serviceOf('/v1/consent-reviews'), 'the request line of /v1/consent-reviews', 5_000, 50);
    expect(['/v1/consent-reviews', '/v1/nonexistent', '/roi', '/bandwidth/voice/nothing'].map((url) => [url, serviceOf(url)])).toEqual([
      ['/v1/consent-reviews', 'messaging'],
      ['/v1/nonexistent', 'console'],
      ['/roi', 'reporting'],
      ['/bandwidth/voice/nothing', 'telephony-ingest'],
    ]);
  }, 300_000);

  it('stores a Bandwidth voice callback posted to the telephony path in PGlite, and refuses a backup while running', async () => {
    if (!host) throw new Error('host not started');
    const res = await fetch(`http://127.0.0.1:${host.port}/bandwidth/voice/initiate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${BANDWIDTH.username}:${BANDWIDTH.password}`).toString('base64')}` },
      body: JSON.stringify({ eventType: 'initiate', callId: CALL_ID, accountId: '9900000', applicationId: 'app-1', from: '+15551112222', to: '+15553334444', direction: 'inbound', startTime: new Date().toISOString(), eventTime: new Date().toISOString() }),
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Response>');

    const refused = await cli(dataDir, 'backup', join(work, 'refused.tar.gz'));
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`in use by process ${host.child.pid}`);

    // At rest: let the start-up settle, then read the kernel's peak and current resident set of the process.
    await new Promise((r) => setTimeout(r, 5_000));
    const status = readFileSync(`/proc/${host.child.pid}/status`, 'utf8');
    const kb = (field: string) => Number(/(\d+) kB/.exec(status.split('\n').find((l) => l.startsWith(field)) ?? '')?.[1]);
    console.warn(`single process: ready ${host.startMs} ms after spawn; VmHWM ${Math.round(kb('VmHWM') / 1024)} MB, VmRSS ${Math.round(kb('VmRSS') / 1024)} MB at rest; load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);

    expect(await stopHost(host.child)).toBe(0);
    host = undefined;
    expect(await storedCallbacks(dataDir)).toBe(1);
  }, 120_000);

  it('backs up the stopped data directory and restores it (the callback comes back after it was deleted)', async () => {
    const archive = join(work, 'shop.tar.gz');
    const backup = await cli(dataDir, 'backup', archive);
    expect(backup).toMatchObject({ code: 0 });
    expect(existsSync(archive)).toBe(true);

    expect(await storedCallbacks(dataDir, `DELETE FROM telephony.call_webhook WHERE provider_call_id = $1`)).toBe(0);

    const restore = await cli(dataDir, 'restore', archive);
    expect(restore.code).toBe(0);
    expect(restore.output).toContain(`restored ${archive} into ${dataDir}; the previous data is in ${dataDir}.before-restore-`);
    expect(await storedCallbacks(dataDir)).toBe(1);
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(true);
  }, 120_000);

  it('applies a franchise manifest to the stopped data directory through the relational store port (textback tenants apply)', async () => {
    const applied = await cli(dataDir, 'tenants', 'apply', '-f', join(ROOT, 'deploy/examples/franchise.yaml'));
    expect(applied.code).toBe(0);
    expect(applied.output).toMatch(/tenant [0-9a-f-]{36} \(created\)/);
    expect(applied.output).toMatch(/denver \([0-9a-f-]{36}\): created, config revision 1/);
  }, 60_000);

  it('creates a console user in the stopped data directory (textback users create), who then signs in to the console on the one port', async () => {
    const tenant = /tenant ([0-9a-f-]{36})/.exec((await cli(dataDir, 'tenants', 'apply', '-f', join(ROOT, 'deploy/examples/franchise.yaml'))).output)?.[1] ?? '';
    const password = 'embedded-owner-password-0123';
    const created = await cliWithEnv(dataDir, { TEXTBACK_USER_PASSWORD: password }, 'users', 'create', '--tenant', tenant, '--email', 'owner@shop.example', '--name', 'Shop Owner', '--role', 'owner');
    expect(created).toMatchObject({ code: 0, output: expect.stringContaining(`created console user`) as unknown });
    host = await startHost(dataDir);
    const signIn = (pw: string) =>
      fetch(`http://127.0.0.1:${host?.port}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@shop.example', password: pw }) });
    expect((await signIn('wrong-password-0123456')).status).toBe(401);
    const res = await signIn(password);
    expect({ status: res.status, user: ((await res.json()) as { user: { role: string } }).user.role, cookie: res.headers.get('set-cookie') ?? '' }).toEqual({ status: 200, user: 'owner', cookie: expect.stringContaining('HttpOnly') as unknown });
    expect(await stopHost(host.child)).toBe(0);
    host = undefined;
  }, 300_000);
});
