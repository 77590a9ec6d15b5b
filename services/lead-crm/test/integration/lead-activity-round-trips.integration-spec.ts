import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ALL_CONTRACTS, type EventEnvelope } from '@textback/contracts';
import { createKafkaClient, toKafkaRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { CountedPgClient, quoteSchema } from '@textback/persistence';
import { expectEventually, loadStackEnv } from '@textback/testing';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { applyFranchiseFile } from '../../../../tools/cli/src/tenants-apply.command';
import { LEAD_ACTIVITY_GROUP } from '../../src/modules/leads/lead-activity.service';
import { contractOf, crmEvents } from '../factories/crm-event.factory';
import { type CrmTestApp, startCrmTestApp } from '../utils/crm-test-app';

const stack = loadStackEnv();
const EXAMPLE = join(__dirname, '../../../../deploy/examples/franchise.yaml');
const CALLERS = 100;

/**
 * Round trips of lead-crm's lead activity consumer: 200 events (a missed call and a reply for each of 100 callers)
 * produced in four requests of 50, consumed by the real service on the real Kafka and PostgreSQL. Prints the
 * PostgreSQL statements and transactions the process sent per consumed event (the relay publishing the resulting
 * lead events included); asserts every event is applied once.
 */
describe('lead-crm: round trips of the lead activity consumer', () => {
  let crm: CrmTestApp;
  let kafka: Kafka;
  let producer: Producer;
  const baseQuery = CountedPgClient.prototype.query;
  const counted = { statements: 0, transactions: 0, roundTrips: 0 };

  beforeAll(async () => {
    // Pollers slowed down so that the count is the work the events cause (the outbox relay is woken by NOTIFY).
    // IT_FOLD_TRANSACTION_START=false in the spec's environment runs the service with DATABASE_FOLD_TRANSACTION_START=false
    // (START TRANSACTION sent on its own), to compare both on one build.
    const fold = process.env.IT_FOLD_TRANSACTION_START;
    crm = await startCrmTestApp('roundtrips', {
      consume: true,
      env: { OUTBOX_POLL_INTERVAL_MS: '600000', WEBHOOK_POLL_INTERVAL_MS: '600000', ...(fold ? { DATABASE_FOLD_TRANSACTION_START: fold } : {}) },
    });
    kafka = createKafkaClient({ clientId: 'it-crm-roundtrips', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn'));
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    CountedPgClient.prototype.query = function countingQuery(this: CountedPgClient, ...args: unknown[]): unknown {
      // The spec's own assertion queries (application_name it-assert) are not the service's work.
      if ((this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name === 'it-assert') return (baseQuery as (...a: unknown[]) => unknown).apply(this, args);
      counted.statements++;
      counted.roundTrips++;
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: unknown } | undefined)?.text;
      // A START TRANSACTION sent together with its transaction's first statement (BeginFoldingPgClient) is a statement too.
      const folded = (args[0] as { beginsTransaction?: unknown } | undefined)?.beginsTransaction === true;
      if (folded) counted.statements++;
      if (folded || (typeof text === 'string' && /^\s*(START TRANSACTION|BEGIN)/i.test(text))) counted.transactions++;
      return (baseQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof baseQuery;
  });

  afterAll(async () => {
    CountedPgClient.prototype.query = baseQuery;
    await producer?.disconnect();
    await crm?.close();
  });

  it('applies 200 events once each and prints the statements and transactions per event', async () => {
    const franchise = await applyFranchiseFile(EXAMPLE, { databaseUrl: stack.DATABASE_URL, schema: crm.schema });
    const tenantId = franchise!.tenantId;
    const locationId = franchise!.locations[0]!.locationId;
    const events: EventEnvelope<unknown>[] = [];
    for (let i = 0; i < CALLERS; i++) {
      const caller = `+1720555${String(1000 + i)}`;
      const call = randomUUID();
      const place = (seconds: number) => ({ tenantId, locationId, correlationId: call, at: new Date(Date.now() - 600_000 + seconds * 1000) });
      events.push(crmEvents.callMissed(place(0), caller, '+13035550123', call));
      events.push(crmEvents.smsReceived(place(60), caller, '+13035550123', 'Can someone come tomorrow?'));
    }
    // The location is known (cached) before counting, as it is for a running service.
    const s = quoteSchema(crm.schema);
    const appliedCount = async () =>
      ((await crm.ds.query(`SELECT count(*)::int AS n FROM ${s}.inbox WHERE consumer_group = $1 AND event_id = ANY($2)`, [LEAD_ACTIVITY_GROUP, events.map((e) => e.id)])) as { n: number }[])[0]?.n ?? 0;
    counted.statements = 0;
    counted.transactions = 0;
    counted.roundTrips = 0;
    // CPU of this process (the service, the spec's producer and its polling of the inbox) while the events are applied.
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < events.length; i += 50) {
      const messages = events.slice(i, i + 50).map((e) => {
        const r = toKafkaRecord(contractOf(e, ALL_CONTRACTS), e);
        return { topic: r.topic, key: r.key, value: r.value, headers: r.headers };
      });
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
      await producer.sendBatch({ topicMessages: [...byTopic].map(([topic, ms]) => ({ topic, messages: ms })) });
    }
    await expectEventually(async () => expect(await appliedCount()).toBe(events.length), 120_000);
    await expectEventually(async () => {
      const rows = (await crm.ds.query(`SELECT count(*)::int AS n FROM ${s}.outbox WHERE published_at IS NULL AND dead_lettered_at IS NULL`)) as { n: number }[];
      expect(rows[0]?.n).toBe(0);
    }, 60_000);
    const statements = counted.statements;
    const transactions = counted.transactions;
    const roundTrips = counted.roundTrips;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const timeline = (await crm.ds.query(`SELECT count(*)::int AS n FROM ${s}.timeline_entries WHERE source_event_id = ANY($1)`, [events.map((e) => e.id)])) as { n: number }[];
    expect(timeline[0]?.n).toBe(events.length);
    console.log(`lead-crm, ${events.length} events: ${statements} PostgreSQL statements (${(statements / events.length).toFixed(2)} per event), ${transactions} transactions (${(transactions / events.length).toFixed(2)} per event), ${roundTrips} round trips (${(roundTrips / events.length).toFixed(2)} per event); process CPU ${cpuMs.toFixed(0)} ms (${(cpuMs / events.length).toFixed(2)} ms per event)`);
  });
});
