import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type ClickHouseClient } from '@clickhouse/client';
import { type INestApplication } from '@nestjs/common';
import { callAnsweredV1, contractForTopic, createEvent, type EventEnvelope, TOPICS } from '@textback/contracts';
import { createKafkaClient, toKafkaRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { expectEventually, expectExactlyAfterMarker, loadStackEnv, type Marker, pollUntil, randomLetters, uniqueSchemaName } from '@textback/testing';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { applyFranchiseFile } from '../../../../tools/cli/src/tenants-apply.command';
import { crmEvents, type EventPlace } from '../../../lead-crm/test/factories/crm-event.factory';
import { accessToken, type CrmTestApp, startCrmTestApp, TEST_JWT_ENV } from '../../../lead-crm/test/utils/crm-test-app';
import { LEAD_ACTIVITY_GROUP } from '../../../lead-crm/src/modules/leads/lead-activity.service';
import { createClickHouseClient, ident, sql } from '@textback/analytics';
import { loadReportingEnv } from '../../src/config/reporting.env';
import { ReportService } from '../../src/modules/reports/report.service';
import { bootstrapReporting } from '../../src/reporting.bootstrap';
import { reportingService } from '../../src/reporting.definition';
import { startGroupAtTopicEnds } from '@textback/testing';

const stack = loadStackEnv();
const EXAMPLE = join(__dirname, '../../../../deploy/examples/franchise.yaml');
const database = `it_recon_${randomLetters(8)}`;
const schema = uniqueSchemaName('recon');
const group = `it-reporting-recon-${randomLetters(6)}`;
const definition = { ...reportingService, name: group, schema };
const caller = (area: string) => `+1${area}555${String(Math.floor(Math.random() * 9000) + 1000)}`;

/** A lead as lead-crm's API lists it (the fields compared). */
interface CrmLead {
  stage: string;
  estimatedValueCents: number | null;
  actualValueCents: number | null;
  locationId: string;
}

/** The numbers both sides must agree on (counts; money in cents). */
type Reconciled = Record<'leads' | 'missed_calls' | 'first_texts_sent' | 'first_texts_delivered' | 'first_texts_failed' | 'qualified_leads' | 'bookings' | 'won_jobs' | 'won_revenue_cents' | 'booked_estimate_cents' | 'opt_outs', number>;

/**
 * Issue #8 "the numbers reconcile with lead-crm's records for the same scenario": one scenario
 * runs through the real lead-crm (its Kafka consumer, its API for won/lost, its outbox publishing
 * crm.location.config and crm.lead.*) and the real reporting consumer (its own group on the same
 * topics, its own ClickHouse database), on the real Kafka, PostgreSQL and ClickHouse. lead-crm's
 * numbers come from its API (leads, stages, values) and its database (timeline, contacts);
 * reporting's from the funnel it serves. Two events are delivered twice.
 */
describe('reporting reconciles with lead-crm for the same scenario', () => {
  let crm: CrmTestApp;
  let app: INestApplication;
  let kafka: Kafka;
  let producer: Producer;
  let ch: ClickHouseClient;
  let tenantId = '';
  let locations: { denver: string; chicago: string; boston: string };
  const s = () => quoteSchema(crm.schema);

  beforeAll(async () => {
    kafka = createKafkaClient({ clientId: 'it-reporting-recon', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn'));
    // reporting's group starts at the topics' ends (they hold every other test's events), before
    // lead-crm publishes the location configs this scenario needs.
    await startGroupAtTopicEnds(kafka, group);
    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: definition.migrations }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();
    const env = loadReportingEnv({ DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, CLICKHOUSE_URL: stack.CLICKHOUSE_URL, CLICKHOUSE_DATABASE: database, ...TEST_JWT_ENV, LOG_LEVEL: 'warn' });
    app = await bootstrapReporting(env, definition, false);
    ch = createClickHouseClient({ url: stack.CLICKHOUSE_URL, database, requestTimeoutMs: 120_000 });

    crm = await startCrmTestApp('recon', { consume: true });
    const franchise = await applyFranchiseFile(EXAMPLE, { databaseUrl: stack.DATABASE_URL, schema: crm.schema });
    tenantId = franchise?.tenantId ?? '';
    const [denver, chicago, boston] = franchise?.locations.map((l) => l.locationId) ?? [];
    locations = { denver: denver ?? '', chicago: chicago ?? '', boston: boston ?? '' };
    // lead-crm's relay publishes the three location configs; reporting stores them (region, time zone).
    await pollUntil(async () => {
      const [row] = await (await ch.query({ query: sql`SELECT uniqExact(location_id) AS n FROM locations WHERE tenant_id = ${tenantId}`.text, format: 'JSONEachRow' })).json<{ n: string }>();
      return Number(row?.n) === 3;
    }, 'reporting stored the location configs lead-crm published', 240_000, 100);
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  }, 300_000);

  afterAll(async () => {
    await producer?.disconnect();
    await app?.close();
    await crm?.close();
    await ch?.command({ query: `DROP DATABASE IF EXISTS ${ident(database)}` });
    await ch?.close();
    const ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-drop' }).initialize();
    await ds.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await ds.destroy();
  });

  const deliver = async (e: EventEnvelope<unknown>) => {
    const r = toKafkaRecord(contractForTopic(e.type), e);
    await producer.send({ topic: r.topic, messages: [{ key: r.key, value: r.value, headers: r.headers }] });
  };
  /** Delivers and waits until lead-crm applied it (its inbox), so the story reaches lead-crm in order. */
  const deliverAndWait = async (e: EventEnvelope<unknown>) => {
    await deliver(e);
    await pollUntil(async () => ((await crm.ds.query(`SELECT 1 FROM ${s()}.inbox WHERE consumer_group = $1 AND event_id = $2`, [LEAD_ACTIVITY_GROUP, e.id])) as unknown[]).length === 1, `${e.type} applied by lead-crm`, 60_000, 50);
  };
  const status = (type: typeof TOPICS.smsDelivered | typeof TOPICS.smsFailed, p: EventPlace, sent: EventEnvelope<unknown>) => {
    const d = sent.data as { messageId: string; to: string; providerMessageId: string };
    const at = p.at.toISOString();
    const data = type === TOPICS.smsDelivered
      ? { messageId: d.messageId, provider: 'bandwidth', providerMessageId: d.providerMessageId, to: d.to, deliveredAt: at }
      : { messageId: d.messageId, provider: 'bandwidth', providerMessageId: d.providerMessageId, to: d.to, errorCode: '4720', reason: 'unreachable', failedAt: at };
    return createEvent(contractForTopic(type), { source: '/textback/messaging', tenantId: p.tenantId, locationId: p.locationId, correlationId: p.correlationId, time: p.at }, data as never) as EventEnvelope<unknown>;
  };

  it('counts leads, texts, qualified, booked, won, revenue and opt-outs exactly as lead-crm records them', async () => {
    const base = Date.now() - 3_600_000;
    const lines = { denver: '+13035550123', chicago: '+13125550123', boston: '+16175550123' };
    const owner = await accessToken({ tenantId, role: 'owner' });
    const story = async (where: keyof typeof lines, seconds: number, steps: ('text' | 'delivered' | 'failed' | 'reply' | 'answer' | 'qualified' | 'optout')[], bookCents?: number) => {
      const who = caller(where === 'boston' ? '617' : where === 'chicago' ? '312' : '720');
      const callId = randomUUID();
      const p = (offset: number): EventPlace => ({ tenantId, locationId: locations[where], correlationId: callId, at: new Date(base + (seconds + offset) * 1000) });
      const missed = crmEvents.callMissed(p(0), who, lines[where], callId) as EventEnvelope<unknown>;
      await deliverAndWait(missed);
      let sent: EventEnvelope<unknown> | undefined;
      for (const [i, step] of steps.entries()) {
        const at = p(i + 1);
        if (step === 'text') {
          await deliverAndWait(crmEvents.firstTextDecided(at, who, callId) as EventEnvelope<unknown>);
          sent = crmEvents.smsSent(p(i + 1.5), who, lines[where]) as EventEnvelope<unknown>;
          await deliverAndWait(sent);
        } else if (step === 'delivered' || step === 'failed') await deliverAndWait(status(step === 'delivered' ? TOPICS.smsDelivered : TOPICS.smsFailed, at, sent as EventEnvelope<unknown>));
        else if (step === 'answer') {
          // A conversation text (not a first text), delivered: an SMS delivery, not a first-text one.
          const answer = createEvent(contractForTopic(TOPICS.smsSent), { source: '/textback/messaging', tenantId, locationId: locations[where], correlationId: callId, time: at.at }, {
            ...(crmEvents.smsSent(at, who, lines[where]).data as object), purpose: 'conversation_reply',
          } as never) as EventEnvelope<unknown>;
          await deliverAndWait(answer);
          await deliverAndWait(status(TOPICS.smsDelivered, p(i + 1.5), answer));
        } else if (step === 'reply') await deliverAndWait(crmEvents.smsReceived(at, who, lines[where], 'Yes please, the furnace is out') as EventEnvelope<unknown>);
        else if (step === 'qualified') await deliverAndWait(crmEvents.leadQualified(at, who, 'furnace-repair') as EventEnvelope<unknown>);
        else await deliverAndWait(crmEvents.optedOut(at, who, lines[where]) as EventEnvelope<unknown>);
      }
      if (bookCents !== undefined) await deliverAndWait(crmEvents.bookingConfirmed(p(30), who, 'furnace-repair', bookCents) as EventEnvelope<unknown>);
      const [lead] = (await crm.ds.query(`SELECT l.id FROM ${s()}.leads l JOIN ${s()}.contacts c ON c.id = l.contact_id WHERE c.e164 = $1 AND l.tenant_id = $2`, [who, tenantId])) as { id: string }[];
      return { leadId: lead?.id ?? '', missed, who, where };
    };

    const won = await story('denver', 0, ['text', 'delivered', 'reply', 'answer', 'qualified'], 45000);
    await story('chicago', 100, ['text', 'failed', 'qualified'], 25000);
    await story('boston', 200, ['text', 'delivered', 'reply', 'optout']);
    const lost = await story('denver', 300, ['qualified'], 30000);
    await story('chicago', 400, []);
    // Redeliveries: counted once by both sides.
    await deliver(won.missed);
    await deliver(lost.missed);
    // Outcomes are set by a person through lead-crm's API; lead-crm publishes the stage changes.
    expect((await api(owner, 'POST', `/v1/leads/${won.leadId}/outcome`, { outcome: 'won', actualValueCents: 61250 })).status).toBe(200);
    expect((await api(owner, 'POST', `/v1/leads/${lost.leadId}/outcome`, { outcome: 'lost', reason: 'price' })).status).toBe(200);

    // lead-crm's numbers: leads (stage, values) from its API, the rest from its timeline and contacts.
    const timeline = async (where: string, params: unknown[] = []) =>
      Number(((await crm.ds.query(`SELECT count(*)::int AS n FROM ${s()}.timeline_entries t WHERE t.tenant_id = $1 AND ${where}`, [tenantId, ...params])) as { n: number }[])[0]?.n);
    const statusOfFirstTexts = (kind: string) =>
      timeline(`t.kind = $2 AND EXISTS (SELECT 1 FROM ${s()}.timeline_entries o WHERE o.tenant_id = t.tenant_id AND o.kind = 'sms_out' AND o.data->>'purpose' = 'first_text' AND o.data->>'messageId' = t.data->>'messageId')`, [kind]);
    const reachedStage = (stage: string) => timeline(`t.kind = 'stage_change' AND t.data->>'to' = $2`, [stage]);
    const crmNumbers = async () => {
      const leads = ((await api(owner, 'GET', '/v1/leads?limit=200')).body as { items: CrmLead[] }).items;
      const totals: Reconciled & { texts_delivered: number } = {
        leads: leads.length,
        missed_calls: await timeline(`t.kind = 'call_missed'`),
        first_texts_sent: await timeline(`t.kind = 'first_text' AND t.data->>'outcome' = 'sent'`),
        first_texts_delivered: await statusOfFirstTexts('sms_delivered'),
        first_texts_failed: await statusOfFirstTexts('sms_failed'),
        texts_delivered: await timeline(`t.kind = 'sms_delivered'`),
        qualified_leads: await reachedStage('qualified'),
        bookings: await reachedStage('booked'),
        won_jobs: leads.filter((l) => l.stage === 'won').length,
        won_revenue_cents: leads.filter((l) => l.stage === 'won').reduce((a, l) => a + (l.actualValueCents ?? l.estimatedValueCents ?? 0), 0),
        booked_estimate_cents: leads.filter((l) => l.stage === 'booked').reduce((a, l) => a + (l.estimatedValueCents ?? 0), 0),
        opt_outs: Number(((await crm.ds.query(`SELECT count(*)::int AS n FROM ${s()}.contacts WHERE tenant_id = $1 AND opted_out`, [tenantId])) as { n: number }[])[0]?.n),
      };
      // Leads and won revenue per location (reporting's ROI table).
      const perLocation = Object.fromEntries(Object.values(locations).map((id) => [id, [leads.filter((l) => l.locationId === id).length, leads.filter((l) => l.locationId === id && l.stage === 'won').reduce((a, l) => a + (l.actualValueCents ?? 0), 0)]]));
      return { totals, perLocation };
    };

    const reports = app.get(ReportService);
    const principal = { sub: 'it', tenantId, role: 'owner' as const, regionIds: [], locationIds: [] };
    const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
    const range = { from: day(-2), to: day(1) };
    const reportingNumbers = async () => {
      const m = (await reports.funnel(principal, tenantId, range)).measures;
      const roi = await reports.roi(principal, tenantId, range);
      return {
        totals: Object.fromEntries(['leads', 'missed_calls', 'first_texts_sent', 'first_texts_delivered', 'first_texts_failed', 'texts_delivered', 'qualified_leads', 'bookings', 'won_jobs', 'won_revenue_cents', 'booked_estimate_cents', 'opt_outs'].map((k) => [k, Number(m[k])])),
        perLocation: Object.fromEntries(roi.locations.map((l) => [String(l.locationId), [Number(l.leads), Number(l.won_revenue_cents)]])),
      };
    };
    // Both sides read again until they agree: reporting consumes every topic (shared with every
    // other test and benchmark) and needs time to catch up.
    await expectEventually(async () => {
      expect(await reportingNumbers()).toEqual(await crmNumbers());
    }, 240_000);

    // Markers: a later answered call from each redelivered caller (the same caller key as the duplicates), seen
    // once lead-crm applied it (its inbox) and reporting stored it (its event store); an answered call opens no
    // lead and is in none of the numbers compared. Then both sides must equal the scenario's own numbers
    // exactly: five stories, two of them delivered twice, so a double count on both sides (or one) fails.
    const laterCall = (of: { who: string; where: keyof typeof lines; missed: EventEnvelope<unknown> }): Marker => {
      const callId = randomUUID();
      const at = new Date(base + 3_000_000);
      const e = createEvent(callAnsweredV1, { source: '/textback/telephony-ingest', tenantId, locationId: locations[of.where], correlationId: callId, time: at }, {
        callId, provider: 'bandwidth', providerCallId: `c-${callId}`, callerE164: of.who, callerRaw: of.who, dialedE164: lines[of.where],
        startedAt: new Date(at.getTime() - 10_000).toISOString(), answeredAt: new Date(at.getTime() - 4_000).toISOString(), ringSeconds: 6,
      }) as EventEnvelope<unknown>;
      return {
        description: `a later answered call from ${of.who}`,
        send: () => deliver(e),
        seen: async () => {
          const inCrm = ((await crm.ds.query(`SELECT 1 FROM ${s()}.inbox WHERE consumer_group = $1 AND event_id = $2`, [LEAD_ACTIVITY_GROUP, e.id])) as unknown[]).length === 1;
          const [row] = await (await ch.query({ query: sql`SELECT count() AS n FROM events WHERE tenant_id = ${tenantId} AND event_id = ${e.id}`.text, format: 'JSONEachRow' })).json<{ n: string }>();
          return inCrm && Number(row?.n) >= 1;
        },
        timeoutMs: 240_000,
        intervalMs: 250,
      };
    };
    const scenario = {
      totals: {
        leads: 5, missed_calls: 5, first_texts_sent: 3, first_texts_delivered: 2, first_texts_failed: 1, texts_delivered: 3, qualified_leads: 3, bookings: 3,
        won_jobs: 1, won_revenue_cents: 61250, booked_estimate_cents: 25000, opt_outs: 1,
      },
      // [leads, won revenue in cents] per location: Denver has the won and the lost story, Chicago two, Boston one.
      perLocation: { [locations.denver]: [2, 61250], [locations.chicago]: [2, 0], [locations.boston]: [1, 0] },
    };
    await expectExactlyAfterMarker([laterCall(won), laterCall(lost)], async () => ({ crm: await crmNumbers(), reporting: await reportingNumbers() }), { crm: scenario, reporting: scenario });
  }, 420_000);

  async function api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${crm.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : {} };
  }
});
