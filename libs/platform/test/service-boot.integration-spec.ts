import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadStackEnv, pollUntil } from '@textback/testing';

const ROOT = join(__dirname, '../../..');
const stack = loadStackEnv();
const SERVICES = ['telephony-ingest', 'messaging', 'conversation-ai', 'lead-crm', 'scheduling', 'reporting'];

interface Running {
  child: ChildProcess;
  output: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(service: string, env: Record<string, string>): Running {
  const child = spawn(process.execPath, [join(ROOT, `dist/services/${service}/src/main.js`)], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (b: Buffer) => output.push(...b.toString().split('\n').filter(Boolean)));
  child.stderr?.on('data', (b: Buffer) => output.push(...b.toString().split('\n').filter(Boolean)));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, output, exit };
}

describe('every service boots, reports health and metrics, and stops gracefully', () => {
  const running: Running[] = [];

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/tools/cli/src/textback.js'))) throw new Error('run npm run build first');
    await promisify(execFile)(process.execPath, [join(ROOT, 'dist/tools/cli/src/textback.js'), 'migrate', 'all'], { env: { ...process.env, DATABASE_URL: stack.DATABASE_URL, CLICKHOUSE_URL: stack.CLICKHOUSE_URL, CLICKHOUSE_DATABASE: stack.CLICKHOUSE_DATABASE } });
  });

  afterAll(() => {
    for (const r of running) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  });

  it.each(SERVICES.map((s, i) => [s, 3801 + i] as const))('%s on port %i', async (service, port) => {
    // JWT_SECRET: the services with an API (lead-crm, reporting) refuse to start without a verifier.
    // Carrier URLs point at a closed local port: a booting service may replay shared topics, and
    // nothing here may reach a real carrier.
    const r = start(service, {
      DATABASE_URL: stack.DATABASE_URL,
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      CLICKHOUSE_URL: stack.CLICKHOUSE_URL,
      CLICKHOUSE_DATABASE: stack.CLICKHOUSE_DATABASE,
      HTTP_PORT: String(port),
      LOG_LEVEL: 'info',
      JWT_SECRET: 'boot-test-secret-of-at-least-32-characters',
      JWT_ISSUER: 'https://auth.textback.test',
      JWT_AUDIENCE: 'textback-api',
      BANDWIDTH_MESSAGING_BASE_URL: 'http://127.0.0.1:9/api/v2',
      BANDWIDTH_LOOKUP_BASE_URL: 'http://127.0.0.1:9/v2',
      BANDWIDTH_VOICE_BASE_URL: 'http://127.0.0.1:9/api/v2',
    });
    running.push(r);
    const ready = await pollUntil(async () => {
      if (r.child.exitCode !== null) throw new Error(`${service} exited with ${r.child.exitCode}:\n${r.output.slice(-10).join('\n')}`);
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
      return res?.status === 200 ? ((await res.json()) as { status: string; info: Record<string, { status: string }> }) : undefined;
    }, `${service} ready`, 60_000, 200);
    expect(ready.status).toBe('ok');
    // telephony-ingest answers calls from memory while PostgreSQL or Kafka is down, so its readiness is its own
    // probes (the location directory held, the callback spool writable), never the database or the broker.
    expect(Object.keys(ready.info).sort()).toEqual(service === 'telephony-ingest' ? ['callback-spool', 'location-directory'] : ['database', 'kafka', 'outbox']);

    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain(`process_cpu_user_seconds_total{service="${service}"}`);

    r.child.kill('SIGTERM');
    const exit = await r.exit;
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
    const lines = r.output.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { service?: string; msg?: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.service === service)).toBe(true);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['service started', 'shutdown complete']));
  });

  it('refuses to start with a bad environment, listing every bad variable (exit 78)', async () => {
    // A valid JWT issuer and audience (messaging's consent-review API requires them), so exactly the three bad ones show.
    const r = start('messaging', { DATABASE_URL: 'mysql://nope', KAFKA_BROKERS: 'no-port', HTTP_PORT: 'http', JWT_ISSUER: 'https://auth.textback.test', JWT_AUDIENCE: 'textback-api' });
    running.push(r);
    const exit = await r.exit;
    expect(exit.code).toBe(78);
    const text = r.output.join('\n');
    expect(text).toContain('messaging: invalid environment (3 problems)');
    for (const v of ['DATABASE_URL', 'KAFKA_BROKERS', 'HTTP_PORT']) expect(text).toContain(`- ${v}`);
  });
});
