/**
 * `npm run bench:fail-open`: what callers see while PostgreSQL is unreachable or locked (issue 16 item 1). Boots
 * telephony-ingest in-process (its own schema, one always-open location) with its database reached through a
 * {@link TcpFaultProxy}, then for each fault — `blackhole` (the proxy forwards nothing: a network partition) and
 * `lock` (a transaction holds ACCESS EXCLUSIVE on `call_webhook`) — places CALLS unanswered calls through the Bandwidth
 * stand-in (CONCURRENCY at a time, 15 s callback timeout as Bandwidth's default), lifts the fault and waits up to
 * 30 s for the decisions.
 *
 * Prints per fault: calls forwarded, callbacks that failed (non-2xx or no answer within 15 s), wall time of a whole
 * call's callbacks p50/p99 (time scale 0: the sum of the service's answer times), and after recovery how many calls
 * have exactly one `telephony.call.missed.v1` in the outbox (none / more than one are listed too). Prints figures;
 * asserts nothing.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { type ServiceDefinition } from '@textback/platform';
import { BandwidthStandIn, loadStackEnv, type PlacedCall, uniqueSchemaName } from '@textback/testing';
import { Client } from 'pg';
import { TcpFaultProxy } from '../../../libs/testing/src/tcp-fault-proxy/tcp-fault-proxy';
import { AppModule } from '../../../services/telephony-ingest/src/app.module';
import { loadTelephonyIngestEnv } from '../../../services/telephony-ingest/src/config/telephony-ingest.env';
import { telephonyIngestService } from '../../../services/telephony-ingest/src/telephony-ingest.definition';
import { percentile } from './latency-stats';

const stack = loadStackEnv();
const LINE = '+19195550400';
const FORWARD_TO = '+19195550499';
const AUTH = { username: 'bench-app', password: 'bench-password-123' };
const CALLS = Number(process.env.BENCH_CALLS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 5);
const BASE = 'https://bench.textback.test';

async function main(): Promise<void> {
  const schema = uniqueSchemaName('benchfailopen');
  const definition: ServiceDefinition = { ...telephonyIngestService, schema };
  const db = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'bench-fail-open', migrations: definition.migrations }).initialize();
  await runMigrations(db, schema);
  const dir = mkdtempSync(join(tmpdir(), 'bench-fail-open-'));
  const seed = join(dir, 'locations.json');
  const allDay = [{ open: '00:00', close: '24:00' }];
  writeFileSync(
    seed,
    JSON.stringify([
      {
        locationId: randomUUID(),
        tenantId: randomUUID(),
        regionId: null,
        revision: 1,
        businessName: 'Bench Plumbing',
        locationName: 'Durham',
        timeZone: 'Etc/UTC',
        businessHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
        holidays: [],
        forwardToE164: FORWARD_TO,
        ringTimeoutSeconds: 20,
        minRingSeconds: 3,
        phoneNumbers: [{ e164: LINE, provider: 'bandwidth', purpose: 'main_line' }],
        sendingNumbers: [],
        services: [],
      },
    ]),
  );
  const pg = new URL(stack.DATABASE_URL);
  const proxy = new TcpFaultProxy({ host: pg.hostname, port: Number(pg.port || 5432) });
  await proxy.start();
  const env = loadTelephonyIngestEnv({
    DATABASE_URL: proxy.proxiedUrl(stack.DATABASE_URL),
    KAFKA_BROKERS: stack.KAFKA_BROKERS,
    LOG_LEVEL: 'silent',
    OUTBOX_POLL_INTERVAL_MS: '100',
    TELEPHONY_PUBLIC_BASE_URL: BASE,
    BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: JSON.stringify([AUTH]),
    LOCATION_CONFIG_FILE: seed,
    CALLBACK_SPOOL_DIR: join(dir, 'callback-spool'),
    CALLBACK_SPOOL_REPLAY_INTERVAL_MS: '500',
    CARRIER_WEBHOOK_REPLAY_INTERVAL_MS: '1000',
  });
  const app = await NestFactory.create(AppModule.forRoot(env, definition), { logger: false });
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const local = `http://127.0.0.1:${port}`;
  const carrier = new BandwidthStandIn({
    timeScale: 0,
    voiceCallbackTimeoutMs: 15_000,
    voiceApplication: {
      callInitiatedCallbackUrl: `${BASE}/bandwidth/voice/initiate`,
      callStatusCallbackUrl: `${BASE}/bandwidth/voice/status`,
      // As docs/operations.md configures the application; a build without the fallback route answers it 404.
      callInitiatedFallbackUrl: `${BASE}/bandwidth/voice/fallback/initiate`,
      username: AUTH.username,
      password: AUTH.password,
    },
    callbackUrlRewrites: [{ from: BASE, to: local }],
  });
  const s = quoteSchema(schema);

  const placeAll = async (): Promise<{ call: PlacedCall; ms: number }[]> => {
    const out: { call: PlacedCall; ms: number }[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CALLS) {
          next++;
          const t0 = performance.now();
          const call = await carrier.placeCall({ from: `+1919${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`, to: LINE, outcome: 'no-answer' });
          out.push({ call, ms: performance.now() - t0 });
        }
      }),
    );
    return out;
  };

  const report = async (fault: string, placed: { call: PlacedCall; ms: number }[]) => {
    const deadline = Date.now() + 30_000;
    const ids = placed.map((p) => p.call.callId);
    let counts = new Map<string, number>();
    for (;;) {
      const rows = (await db.query(`SELECT value::jsonb -> 'data' ->> 'providerCallId' AS id, count(*)::int AS n FROM ${s}.outbox WHERE value::jsonb ->> 'type' LIKE '%missed%' AND value::jsonb -> 'data' ->> 'providerCallId' = ANY($1) GROUP BY 1`, [ids])) as { id: string; n: number }[];
      counts = new Map(rows.map((r) => [r.id, r.n]));
      if (counts.size === ids.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const durations = placed.map((p) => p.ms).sort((a, b) => a - b);
    const exchanges = placed.flatMap((p) => p.call.exchanges);
    const failed = exchanges.filter((e) => e.status < 200 || e.status >= 300);
    const statuses: Record<string, number> = {};
    for (const e of failed) statuses[`${e.eventType}:${e.status}`] = (statuses[`${e.eventType}:${e.status}`] ?? 0) + 1;
    console.log(
      JSON.stringify({
        fault,
        calls: placed.length,
        forwarded: placed.filter((p) => p.call.route === 'forward').length,
        routes: placed.reduce<Record<string, number>>((acc, p) => ({ ...acc, [p.call.route]: (acc[p.call.route] ?? 0) + 1 }), {}),
        callbacks: exchanges.length,
        failedCallbacks: failed.length,
        failedByEventAndStatus: statuses,
        answeredByFallback: exchanges.filter((e) => e.attempt > 1 && e.status >= 200 && e.status < 300).length,
        callWallMsP50: Math.round(percentile(durations, 50)),
        callWallMsP99: Math.round(percentile(durations, 99)),
        missedDecidedOnce: ids.filter((id) => counts.get(id) === 1).length,
        missedNeverDecided: ids.filter((id) => !counts.has(id)).length,
        missedDecidedMoreThanOnce: ids.filter((id) => (counts.get(id) ?? 0) > 1).length,
      }),
    );
  };

  // Fault 1: PostgreSQL unreachable.
  proxy.setMode('blackhole');
  const cut = await placeAll();
  proxy.setMode('pass');
  await report('postgres-blackhole', cut);

  // Fault 2: a held lock on the webhook table.
  const locker = new Client({ connectionString: stack.DATABASE_URL, application_name: 'bench-fail-open-locker' });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query(`LOCK TABLE ${s}.call_webhook IN ACCESS EXCLUSIVE MODE`);
  const locked = await placeAll();
  await locker.query('ROLLBACK');
  await locker.end();
  await report('call_webhook-locked', locked);

  await app.close();
  await proxy.stop();
  await db.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  await db.destroy();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
