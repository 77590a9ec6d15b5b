import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { ALL_CONTRACTS, type EventEnvelope } from '@textback/contracts';
import { createKafkaClient, toKafkaRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { quoteSchema } from '@textback/persistence';
import { loadStackEnv, pollUntil } from '@textback/testing';
import { Partitioners, type Producer } from 'kafkajs';
import { applyFranchiseFile } from '../../../../tools/cli/src/tenants-apply.command';
import { contractOf, crmEvents } from '../factories/crm-event.factory';
import { type CrmTestApp, startCrmTestApp } from '../utils/crm-test-app';

const stack = loadStackEnv();
const EXAMPLE = join(__dirname, '../../../../deploy/examples/franchise.yaml');
const digits = () => String(Math.floor(Math.random() * 9000) + 1000);
/** Two callers: one whose contact row is refused, one whose timeline entry (with the text's body) is refused. */
const CONTACT_CALLER = { area: '720', exchange: '555', line: digits() };
const TIMELINE_CALLER = { area: '617', exchange: '555', line: digits() };
const BODY = `My basement is flooding near the water heater ${randomUUID().slice(0, 8)}`;
const e164 = (c: typeof CONTACT_CALLER) => `+1${c.area}${c.exchange}${c.line}`;
/** The caller's number in any spelling: +17205551234, 720-555-1234, (720) 555 1234, 7205551234. */
const anySpelling = (c: typeof CONTACT_CALLER) => new RegExp(`${c.area}\\D{0,3}${c.exchange}\\D{0,2}${c.line}`);

describe('lead-crm logs: a database error on a write that carries a phone number and a message body', () => {
  let crm: CrmTestApp;
  let producer: Producer;
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const s = () => quoteSchema(crm.schema);
  const deliver = async (event: EventEnvelope<unknown>) => {
    const r = toKafkaRecord(contractOf(event, ALL_CONTRACTS), event);
    await producer.send({ topic: r.topic, messages: [{ key: r.key, value: r.value, headers: r.headers }] });
  };

  beforeAll(async () => {
    crm = await startCrmTestApp('logredact', { consume: true, logDestination: logStream });
    await applyFranchiseFile(EXAMPLE, { databaseUrl: stack.DATABASE_URL, schema: crm.schema });
    producer = createKafkaClient({ clientId: 'it-crm-log-redaction', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn')).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await crm?.close();
  });

  it('logs the failures through the service logger with no phone number and no body, at any depth', async () => {
    // Real PostgreSQL errors on real repository writes: check constraints that refuse these rows, so the
    // errors carry the bind parameters (number, body) and a detail quoting the failing row.
    await crm.ds.query(`ALTER TABLE ${s()}.contacts ADD CONSTRAINT ck_it_refuse_contact CHECK (e164 <> '${e164(CONTACT_CALLER)}') NOT VALID`);
    await crm.ds.query(`ALTER TABLE ${s()}.timeline_entries ADD CONSTRAINT ck_it_refuse_timeline CHECK (kind <> 'sms_in') NOT VALID`);
    const locationId = ((await crm.ds.query(`SELECT id FROM ${s()}.locations WHERE slug = 'denver'`)) as { id: string }[])[0]!.id;
    const tenantId = ((await crm.ds.query(`SELECT tenant_id FROM ${s()}.locations WHERE id = $1`, [locationId])) as { tenant_id: string }[])[0]!.tenant_id;
    const place = () => ({ tenantId, locationId, correlationId: randomUUID(), at: new Date() });
    const callId = randomUUID();
    await deliver(crmEvents.callMissed(place(), e164(CONTACT_CALLER), '+13035550124', callId));
    await deliver(crmEvents.smsReceived(place(), e164(TIMELINE_CALLER), '+13035550123', BODY));

    // Marker: both database errors logged (the consumer retries them; each attempt logs one line).
    const failures = await pollUntil(() => {
      const contact = lines.find((l) => l.includes('violates check constraint \\"ck_it_refuse_contact\\"'));
      const timeline = lines.find((l) => l.includes('violates check constraint \\"ck_it_refuse_timeline\\"'));
      return contact && timeline ? [contact, timeline] : undefined;
    }, 'both database errors logged', 60_000);
    for (const line of failures) {
      const err = (JSON.parse(line) as { err: Record<string, unknown> }).err;
      expect(err).toMatchObject({ parameters: '[redacted]', detail: '[redacted]' });
    }
    const leaks = lines.filter((l) => anySpelling(CONTACT_CALLER).test(l) || anySpelling(TIMELINE_CALLER).test(l) || l.includes(BODY.slice(0, 24)));
    expect(leaks).toEqual([]);
  });
});
