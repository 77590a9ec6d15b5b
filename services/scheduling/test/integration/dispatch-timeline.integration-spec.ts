import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { callMissedV1, createEvent, type DispatchAcknowledgedV1, type DispatchPagedV1, type EventEnvelope, type LocationConfig, TOPICS, urgentDetectedV1 } from '@textback/contracts';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { LocationDirectory, type ServiceDefinition } from '@textback/platform';
import { loadStackEnv, pollUntil, uniqueSchemaName } from '@textback/testing';
import { type DataSource } from 'typeorm';
import { crmEvents } from '../../../lead-crm/test/factories/crm-event.factory';
import { accessToken, type CrmTestApp, startCrmTestApp, TEST_JWT_ENV } from '../../../lead-crm/test/utils/crm-test-app';
import { applyFranchiseFile } from '../../../../tools/cli/src/tenants-apply.command';
import { loadSchedulingEnv } from '../../src/config/scheduling.env';
import { ManualClock } from '../../src/modules/clock/adapters/manual/manual.clock';
import { schedulingService } from '../../src/scheduling.definition';
import { KafkaTestBus } from '../utils/kafka-test-bus';
import { startSchedulingApp } from '../utils/scheduling-test-app';

const stack = loadStackEnv();
const EXAMPLE = join(__dirname, '../../../../deploy/examples/franchise.yaml');
const schema = uniqueSchemaName('sched_timeline');
const definition: ServiceDefinition = { ...schedulingService, name: `it-scheduling-timeline-${randomUUID().slice(0, 8)}`, schema };
const clock = new ManualClock(new Date(Math.floor(Date.now() / 1000) * 1000));

interface TimelineEntry {
  kind: string;
  summary: string;
  leadId: string | null;
}

/**
 * Issue #7 "each step on the timeline", across services: scheduling and lead-crm in-process on the
 * real PostgreSQL and Kafka. A missed call opens a lead in lead-crm; scheduling learns its id from
 * crm.lead.created; an urgent lead is paged, escalated after the timeout and acknowledged through
 * scheduling's staff API; lead-crm's lead timeline shows each step on that lead. One JWT (the
 * shared @textback/auth verifier, one secret) serves both services' APIs.
 */
describe('dispatch steps on the lead timeline (scheduling + lead-crm)', () => {
  let crm: CrmTestApp;
  let app: INestApplication;
  let appUrl: string;
  let db: DataSource;
  let denver: LocationConfig;
  const bus = new KafkaTestBus(stack.KAFKA_BROKERS);

  beforeAll(async () => {
    crm = await startCrmTestApp('sched_timeline', { consume: true });
    const franchise = await applyFranchiseFile(EXAMPLE, { databaseUrl: stack.DATABASE_URL, schema: crm.schema });
    const denverId = franchise?.locations[0]?.locationId ?? '';
    // The location config lead-crm publishes (its outbox), as scheduling's directory would hold it.
    const [published] = (await crm.ds.query(`SELECT value FROM ${quoteSchema(crm.schema)}.outbox WHERE topic = $1 AND key = $2 ORDER BY seq DESC LIMIT 1`, [TOPICS.locationConfig, denverId])) as { value: string }[];
    denver = (JSON.parse(published?.value ?? '{}') as EventEnvelope<LocationConfig>).data;

    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: definition.migrations }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();
    db = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-assert', poolSize: 2 }).initialize();
    const env = loadSchedulingEnv({ DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, LOG_LEVEL: 'warn', TIMER_POLL_INTERVAL_MS: '100', OUTBOX_POLL_INTERVAL_MS: '50', ...TEST_JWT_ENV });
    await bus.startGroupAtEnds(definition.name); // skip the shared topics' history (other tests' and benchmarks' events)
    ({ app, url: appUrl } = await startSchedulingApp(env, definition, clock));
    await app.get(LocationDirectory).upsert(denver);
    await bus.start([TOPICS.dispatchPaged, TOPICS.dispatchAcknowledged]);
    await bus.waitForCatchUp(definition.name, definition.consumes.map((c) => c.topic));
  });

  afterAll(async () => {
    await app?.close();
    await bus.stop();
    await db?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await db?.destroy();
    await crm?.close();
  });

  it('puts every page, the escalation and the acknowledgement on the lead lead-crm opened for the caller', async () => {
    const caller = `+1720555${String(Math.floor(Math.random() * 9000) + 1000)}`;
    const mainLine = denver.phoneNumbers.find((n) => n.purpose === 'main_line')?.e164 ?? '';
    const place = { tenantId: denver.tenantId, locationId: denver.locationId, correlationId: randomUUID(), at: clock.now() };
    await bus.publish(callMissedV1, crmEvents.callMissed(place, caller, mainLine, randomUUID()));
    const [lead] = await pollUntil(async () => {
      const rows = (await crm.ds.query(`SELECT l.id FROM ${quoteSchema(crm.schema)}.leads l JOIN ${quoteSchema(crm.schema)}.contacts c ON c.id = l.contact_id WHERE c.e164 = $1`, [caller])) as { id: string }[];
      return rows.length === 1 && rows;
    }, 'lead opened by lead-crm');
    const leadId = lead?.id ?? '';
    await pollUntil(async () => ((await db.query(`SELECT 1 FROM ${quoteSchema(schema)}.lead_ref WHERE lead_id = $1`, [leadId])) as unknown[]).length === 1, 'scheduling learned the lead from crm.lead.created');

    await bus.publish(urgentDetectedV1, createEvent(urgentDetectedV1, { source: '/textback/it', tenantId: denver.tenantId, locationId: denver.locationId, correlationId: place.correlationId, time: clock.now() }, { conversationId: randomUUID(), callerE164: caller, hazard: 'gas', summary: 'Smells gas in the basement', detectedAt: clock.now().toISOString() }));
    const paged = () => bus.events<DispatchPagedV1>(TOPICS.dispatchPaged, denver.locationId);
    const [first] = await pollUntil(() => paged().length === 1 && paged(), 'first page');
    expect(first?.data).toMatchObject({ leadId, onCallName: 'Maria Lopez', attempt: 1 });
    clock.advanceSeconds(denver.onCall.escalationTimeoutSeconds);
    const second = await pollUntil(() => paged().find((p) => p.data.attempt === 2), 'escalation to Sam');
    expect(second.data).toMatchObject({ leadId, onCallName: 'Sam Patel' });

    const token = await accessToken({ userId: 'sam', tenantId: denver.tenantId, role: 'dispatcher', locationIds: [denver.locationId] });
    const ack = await fetch(`${appUrl}/v1/dispatches/${first?.data.dispatchId}/ack`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(ack.status).toBe(204);
    await pollUntil(() => bus.events<DispatchAcknowledgedV1>(TOPICS.dispatchAcknowledged, denver.locationId)[0], 'acknowledged');

    const pages = await pollUntil(async () => {
      const res = await fetch(`${crm.baseUrl}/v1/leads/${leadId}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) return undefined;
      const entries = ((await res.json()) as { timeline: TimelineEntry[] }).timeline.filter((t) => t.kind === 'page');
      return entries.length === 4 && entries;
    }, 'four dispatch steps on the lead timeline');
    // The escalation and the second page share an instant (one transaction, two topics): compare as a set.
    expect(pages.map((p) => p.summary).sort()).toEqual(['Page acknowledged by sam after 300s', 'Page escalated to attempt 2', 'Paged Maria Lopez (on_call, attempt 1)', 'Paged Sam Patel (on_call, attempt 2)']);
    expect(pages[0]?.summary).toBe('Paged Maria Lopez (on_call, attempt 1)');
    expect(pages[3]?.summary).toBe('Page acknowledged by sam after 300s');
    expect(pages.every((p) => p.leadId === leadId)).toBe(true);
  });
});
