import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_CONTRACTS, deadLetterTopic, type EventEnvelope, TOPICS } from '@textback/contracts';
import { createKafkaClient, KAFKA_HEADERS, toKafkaRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { quoteSchema } from '@textback/persistence';
import { expectEventually, loadStackEnv, pollUntil, TopicRecorder } from '@textback/testing';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { stringify } from 'yaml';
import { applyFranchiseFile } from '../../../../tools/cli/src/tenants-apply.command';
import { LEAD_ACTIVITY_GROUP } from '../../src/modules/leads/lead-activity.service';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '../../src/modules/webhooks/webhook-signature.util';
import { contractOf, crmEvents } from '../factories/crm-event.factory';
import { accessToken, type CrmTestApp, startCrmTestApp } from '../utils/crm-test-app';

const stack = loadStackEnv();
const EXAMPLE = join(__dirname, '../../../../deploy/examples/franchise.yaml');
const CALLER_X = `+1720555${String(Math.floor(Math.random() * 9000) + 1000)}`;
const CALLER_Y = `+1617555${String(Math.floor(Math.random() * 9000) + 1000)}`;
const CALLER_Z = `+1415555${String(Math.floor(Math.random() * 9000) + 1000)}`;

interface Received {
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

describe('lead-crm: events to leads and timeline, the scoped API, takeover, webhooks', () => {
  let crm: CrmTestApp;
  let kafka: Kafka;
  let producer: Producer;
  let recorder: TopicRecorder;
  let receiver: Server;
  const received: Received[] = [];
  let failNextWebhook = true;
  const ids = { tenantA: '', tenantB: '', denver: '', chicago: '', boston: '', bMain: '', west: '', east: '' };
  const s = () => quoteSchema(crm.schema);

  const deliver = async (event: EventEnvelope<unknown>) => {
    const r = toKafkaRecord(contractOf(event, ALL_CONTRACTS), event);
    await producer.send({ topic: r.topic, messages: [{ key: r.key, value: r.value, headers: r.headers }] });
  };
  const applied = async (eventId: string) => ((await crm.ds.query(`SELECT 1 FROM ${s()}.inbox WHERE consumer_group = $1 AND event_id = $2`, [LEAD_ACTIVITY_GROUP, eventId])) as unknown[]).length === 1;
  const deliverAndWait = async (event: EventEnvelope<unknown>) => {
    await deliver(event);
    await pollUntil(() => applied(event.id), `event ${event.type} applied`, 60_000, 50);
  };
  const leadsOf = async (e164: string) =>
    (await crm.ds.query(`SELECT l.* FROM ${s()}.leads l JOIN ${s()}.contacts c ON c.id = l.contact_id WHERE c.e164 = $1 ORDER BY l.created_at`, [e164])) as {
      id: string;
      stage: string;
      estimated_value_cents: number | null;
      intent: string | null;
      source: string;
    }[];
  const outboxTypes = async (leadId: string) =>
    ((await crm.ds.query(`SELECT topic FROM ${s()}.outbox WHERE value::jsonb->>'subject' = $1 ORDER BY seq`, [leadId])) as { topic: string }[]).map((r) => r.topic);
  const api = async (token: string | null, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${crm.baseUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  beforeAll(async () => {
    crm = await startCrmTestApp('pipeline', { consume: true, env: { CRM_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' } });
    const dir = mkdtempSync(join(tmpdir(), 'crm-pipeline-'));
    const a = await applyFranchiseFile(EXAMPLE, { databaseUrl: stack.DATABASE_URL, schema: crm.schema });
    const bPath = join(dir, 'b.yaml');
    writeFileSync(
      bPath,
      stringify({
        tenant: { slug: 'other-brand', name: 'Other Brand' },
        locations: [{ slug: 'b-main', name: 'Other Brand Main', timeZone: 'America/Los_Angeles', forwardTo: '+14155550100', numbers: [{ e164: '+14155550123', provider: 'twilio', purpose: 'main_line' }] }],
      }),
    );
    const b = await applyFranchiseFile(bPath, { databaseUrl: stack.DATABASE_URL, schema: crm.schema });
    ids.tenantA = a!.tenantId;
    ids.tenantB = b!.tenantId;
    [ids.denver, ids.chicago, ids.boston] = a!.locations.map((l) => l.locationId) as [string, string, string];
    ids.bMain = b!.locations[0]!.locationId;
    const regions = (await crm.ds.query(`SELECT id, slug FROM ${s()}.regions WHERE tenant_id = $1`, [ids.tenantA])) as { id: string; slug: string }[];
    ids.west = regions.find((r) => r.slug === 'west')!.id;
    ids.east = regions.find((r) => r.slug === 'central-east')!.id;

    kafka = createKafkaClient({ clientId: 'it-crm-pipeline', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn'));
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    recorder = new TopicRecorder(kafka);
    await recorder.start([TOPICS.conversationTakenOver, TOPICS.conversationReleased, TOPICS.smsSend, deadLetterTopic(TOPICS.callMissed)]);

    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (failNextWebhook) {
          failNextWebhook = false;
          res.writeHead(500).end();
          return;
        }
        received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await recorder?.stop();
    await producer?.disconnect();
    await crm?.close();
  });

  const base = new Date(Date.now() - 3_600_000);
  const at = (seconds: number) => new Date(base.getTime() + seconds * 1000);

  it('builds one lead per story and keeps calls and texts in order across several missed calls; events delivered twice change nothing', async () => {
    const place = (seconds: number, correlationId: string) => ({ tenantId: ids.tenantA, locationId: ids.denver, correlationId, at: at(seconds) });
    const call1 = randomUUID();
    const call2 = randomUUID();
    const missed1 = crmEvents.callMissed(place(31, call1), CALLER_X, '+13035550124', call1);
    const reply = crmEvents.smsReceived(place(90, call1), CALLER_X, '+13035550123', 'My furnace stopped, can someone come tomorrow?');
    const story = [
      missed1,
      crmEvents.firstTextDecided(place(32, call1), CALLER_X, call1),
      crmEvents.smsSent(place(33, call1), CALLER_X, '+13035550123'),
      reply,
      crmEvents.callMissed(place(200, call2), CALLER_X, '+13035550123', call2),
      crmEvents.smsSent(place(210, call1), CALLER_X, '+13035550123'),
      crmEvents.intentCaptured(place(220, call1), CALLER_X, 'furnace-repair'),
      crmEvents.leadQualified(place(230, call1), CALLER_X, 'furnace-repair'),
      crmEvents.bookingConfirmed(place(240, call1), CALLER_X, 'furnace-repair', 45000),
    ];
    for (const e of story) await deliverAndWait(e);

    const [lead, ...more] = await leadsOf(CALLER_X);
    expect(more).toHaveLength(0);
    expect(lead).toMatchObject({ stage: 'booked', source: 'missed_call', intent: 'book', estimated_value_cents: 45000 });
    const events = await outboxTypes(lead!.id);
    expect(events).toEqual([
      'crm.lead.created.v1',
      'crm.lead.stage-changed.v1',
      'crm.lead.updated.v1',
      'crm.lead.updated.v1',
      'crm.lead.stage-changed.v1',
      'crm.lead.updated.v1',
      'crm.lead.stage-changed.v1',
      'crm.lead.updated.v1',
    ]);
    const timelineBefore = (await crm.ds.query(`SELECT kind, occurred_at FROM ${s()}.timeline_entries WHERE lead_id = $1 ORDER BY occurred_at, sequence`, [lead!.id])) as { kind: string }[];
    expect(timelineBefore.map((t) => t.kind)).toEqual([
      'call_missed',
      'first_text',
      'sms_out',
      'sms_in',
      'stage_change',
      'call_missed',
      'sms_out',
      'intent',
      'qualified',
      'stage_change',
      'booking',
      'stage_change',
    ]);

    // Redeliver: the first missed call, the reply, and the booking; then a marker on the reply's topic and key.
    await deliver(missed1);
    await deliver(reply);
    await deliver(story[8]!);
    const marker = crmEvents.smsReceived(place(300, call1), CALLER_X, '+13035550123', 'Thanks!');
    await deliverAndWait(marker);
    await deliverAndWait(crmEvents.callMissed(place(301, call1), CALLER_Z, '+13035550123', randomUUID())); // after the missed-call copy
    await deliverAndWait(crmEvents.bookingConfirmed(place(302, call1), CALLER_Z, 'drain-cleaning', 25000)); // after the booking copy
    expect(await leadsOf(CALLER_X)).toHaveLength(1);
    expect(await outboxTypes(lead!.id)).toEqual(events);
    const timelineAfter = (await crm.ds.query(`SELECT kind FROM ${s()}.timeline_entries WHERE lead_id = $1 ORDER BY occurred_at, sequence`, [lead!.id])) as { kind: string }[];
    expect(timelineAfter.map((t) => t.kind)).toEqual([...timelineBefore.map((t) => t.kind), 'sms_in']);
  });

  it('keeps one open callback task per lead: the request and the scheduled window merge, in either order and delivered twice', async () => {
    for (const [caller, order] of [[`+1720556${String(Math.floor(Math.random() * 9000) + 1000)}`, 'request first'], [`+1720557${String(Math.floor(Math.random() * 9000) + 1000)}`, 'window first']] as const) {
      const call = randomUUID();
      const place = (seconds: number) => ({ tenantId: ids.tenantA, locationId: ids.denver, correlationId: call, at: at(seconds) });
      await deliverAndWait(crmEvents.callMissed(place(500), caller, '+13035550123', call));
      const windowStart = new Date(Date.now() + 2 * 3_600_000);
      const request = crmEvents.callbackTaskRequested(place(501), caller, call);
      const scheduled = crmEvents.callbackScheduled(place(502), caller, windowStart);
      const events = order === 'request first' ? [request, scheduled] : [scheduled, request];
      for (const e of [...events, ...events]) await deliverAndWait(e);
      const [lead] = await leadsOf(caller);
      const tasks = (await crm.ds.query(`SELECT kind, status, window_start FROM ${s()}.tasks WHERE lead_id = $1`, [lead!.id])) as { kind: string; status: string; window_start: Date | null }[];
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ kind: 'callback', status: 'open' });
      expect(tasks[0]!.window_start?.toISOString()).toBe(windowStart.toISOString());
    }
  });

  it('scopes every endpoint: another region or another tenant gets 404, never an empty 200', async () => {
    const callY = randomUUID();
    await deliverAndWait(crmEvents.callMissed({ tenantId: ids.tenantA, locationId: ids.boston, correlationId: callY, at: at(400) }, CALLER_Y, '+16175550123', callY));
    const denverLead = (await leadsOf(CALLER_X))[0]!.id;
    const task = (await crm.ds.query(`INSERT INTO ${s()}.tasks (id, tenant_id, location_id, kind, task_key, reason) VALUES ($1, $2, $3, 'callback', $4, 'test') RETURNING id`, [
      randomUUID(),
      ids.tenantA,
      ids.denver,
      `it:${randomUUID()}`,
    ])) as { id: string }[];
    const denverTask = task[0]!.id;

    const owner = await accessToken({ tenantId: ids.tenantA, role: 'owner' });
    const west = await accessToken({ tenantId: ids.tenantA, role: 'regional_manager', regionIds: [ids.west] });
    const east = await accessToken({ tenantId: ids.tenantA, role: 'regional_manager', regionIds: [ids.east] });
    const bostonAgent = await accessToken({ tenantId: ids.tenantA, role: 'agent', locationIds: [ids.boston] });
    const otherTenant = await accessToken({ tenantId: ids.tenantB, role: 'owner' });

    const all = await api(owner, 'GET', '/v1/leads?limit=1');
    expect(all.status).toBe(200);
    expect((all.body.items as unknown[]).length).toBe(1);
    const page2 = await api(owner, 'GET', `/v1/leads?limit=1&cursor=${String(all.body.nextCursor)}`);
    expect((page2.body.items as { id: string }[]).map((l) => l.id)).not.toEqual((all.body.items as { id: string }[]).map((l) => l.id));
    expect((await api(west, 'GET', `/v1/leads/${denverLead}`)).status).toBe(200);
    const westList = await api(west, 'GET', '/v1/leads');
    expect((westList.body.items as { locationId: string }[]).every((l) => l.locationId === ids.denver)).toBe(true);
    const eastList = await api(east, 'GET', '/v1/leads');
    expect((eastList.body.items as { locationId: string }[]).map((l) => l.locationId)).toEqual([ids.boston]);
    expect((await api(bostonAgent, 'GET', `/v1/leads?locationId=${ids.boston}&stage=new&from=${at(0).toISOString()}`)).body.items).toHaveLength(1);
    await deliverAndWait(crmEvents.optedOut({ tenantId: ids.tenantA, locationId: ids.boston, correlationId: callY, at: at(410) }, CALLER_Y, '+16175550125'));
    const bostonLead = (await leadsOf(CALLER_Y))[0]!.id;
    const yDetail = await api(bostonAgent, 'GET', `/v1/leads/${bostonLead}`);
    expect(yDetail.body).toMatchObject({ callerOptedOut: true, stage: 'new' });
    expect((yDetail.body.timeline as { kind: string }[]).map((t) => t.kind)).toEqual(['call_missed', 'consent']);

    for (const [who, token] of [
      ['regional manager of another region', east],
      ['agent of another location', bostonAgent],
      ['owner of another tenant', otherTenant],
    ] as const) {
      const outcomes = [
        await api(token, 'GET', `/v1/leads/${denverLead}`),
        await api(token, 'GET', `/v1/leads?locationId=${ids.denver}`),
        await api(token, 'POST', `/v1/leads/${denverLead}/takeover`),
        await api(token, 'POST', `/v1/leads/${denverLead}/release`),
        await api(token, 'POST', `/v1/leads/${denverLead}/texts`, { body: 'hello' }),
        await api(token, 'POST', `/v1/leads/${denverLead}/notes`, { body: 'note' }),
        await api(token, 'POST', `/v1/leads/${denverLead}/outcome`, { outcome: 'lost' }),
        await api(token, 'GET', `/v1/tasks?locationId=${ids.denver}`),
        await api(token, 'POST', `/v1/tasks/${denverTask}/complete`),
      ];
      expect({ who, statuses: outcomes.map((o) => o.status) }).toEqual({ who, statuses: [404, 404, 404, 404, 404, 404, 404, 404, 404] });
    }
    const otherList = await api(otherTenant, 'GET', '/v1/leads');
    expect(otherList.body.items).toEqual([]);
    const otherTasks = await api(otherTenant, 'GET', '/v1/tasks');
    expect(otherTasks.body).toEqual([]);
    const lead = await leadsOf(CALLER_X);
    expect(lead[0]!.stage).toBe('booked');
    expect((await api(null, 'GET', '/v1/leads')).status).toBe(401);
    expect((await api(owner, 'POST', `/v1/tasks/${denverTask}/complete`)).body).toMatchObject({ status: 'done' });
  });

  it('takeover publishes an event automation acts on; manual texts go to messaging once per request id; won with value', async () => {
    const denverLead = (await leadsOf(CALLER_X))[0]!.id;
    const maria = await accessToken({ userId: 'maria', tenantId: ids.tenantA, role: 'dispatcher', locationIds: [ids.denver] });
    const sam = await accessToken({ userId: 'sam', tenantId: ids.tenantA, role: 'dispatcher', locationIds: [ids.denver] });
    const taken = await api(maria, 'POST', `/v1/leads/${denverLead}/takeover`);
    expect(taken).toMatchObject({ status: 200, body: { takenOverBy: 'maria' } });
    expect((await api(maria, 'POST', `/v1/leads/${denverLead}/takeover`)).status).toBe(200);
    expect((await api(sam, 'POST', `/v1/leads/${denverLead}/takeover`)).status).toBe(409);
    await expectEventually(() => {
      const events = recorder.on(TOPICS.conversationTakenOver).map((m) => JSON.parse(m.value ?? '{}') as { data: { leadId: string; userId: string; callerE164: string } });
      expect(events.filter((e) => e.data.leadId === denverLead)).toEqual([expect.objectContaining({ data: { leadId: denverLead, userId: 'maria', callerE164: CALLER_X } })]);
    }, 30_000);

    const requestId = randomUUID();
    for (let i = 0; i < 2; i++) expect((await api(maria, 'POST', `/v1/leads/${denverLead}/texts`, { body: 'Maria here, I can come at 9.', requestId })).body).toEqual({ commandId: requestId });
    expect((await api(maria, 'POST', `/v1/leads/${denverLead}/texts`, { body: '' })).status).toBe(400);
    await expectEventually(() => {
      const cmds = recorder.on(TOPICS.smsSend).map((m) => JSON.parse(m.value ?? '{}') as { data: Record<string, unknown> }).filter((c) => c.data.commandId === requestId);
      expect(cmds.map((c) => c.data)).toEqual([{ commandId: requestId, to: CALLER_X, body: 'Maria here, I can come at 9.', purpose: 'manual', automated: false, requestedBy: 'maria' }]);
    }, 30_000);

    expect((await api(maria, 'POST', `/v1/leads/${denverLead}/release`)).body).toMatchObject({ takenOverBy: null });
    await expectEventually(() => expect(recorder.on(TOPICS.conversationReleased).some((m) => m.value?.includes(denverLead))).toBe(true), 30_000);
    await api(maria, 'POST', `/v1/leads/${denverLead}/notes`, { body: 'Customer prefers mornings' });
    // Outcomes (and the job values behind revenue) are recorded by owners, admins and regional managers only.
    expect((await api(maria, 'POST', `/v1/leads/${denverLead}/outcome`, { outcome: 'won', actualValueCents: 61250 })).status).toBe(403);
    expect((await api(maria, 'POST', `/v1/leads/${denverLead}/outcome`, { outcome: 'lost', reason: 'price' })).status).toBe(403);
    const agent = await accessToken({ userId: 'ali', tenantId: ids.tenantA, role: 'agent', locationIds: [ids.denver] });
    expect((await api(agent, 'POST', `/v1/leads/${denverLead}/outcome`, { outcome: 'won', actualValueCents: 100 })).status).toBe(403);
    const manager = await accessToken({ userId: 'rita', tenantId: ids.tenantA, role: 'owner' });
    // Values are whole cents from 0 to $1M: anything else is a 400 (3e9 used to overflow into a 500).
    for (const actualValueCents of [3_000_000_000, 100_000_001, -1, 12.5, '61250']) {
      expect({ actualValueCents, status: (await api(manager, 'POST', `/v1/leads/${denverLead}/outcome`, { outcome: 'won', actualValueCents })).status }).toEqual({ actualValueCents, status: 400 });
    }
    expect((await leadsOf(CALLER_X))[0]!.stage).not.toBe('won');
    const won = await api(manager, 'POST', `/v1/leads/${denverLead}/outcome`, { outcome: 'won', actualValueCents: 61250 });
    expect(won.body).toMatchObject({ stage: 'won', actualValueCents: 61250 });
    const detail = await api(maria, 'GET', `/v1/leads/${denverLead}`);
    const kinds = (detail.body.timeline as { kind: string }[]).map((t) => t.kind);
    expect(kinds.slice(-5)).toEqual(['takeover', 'manual_text', 'takeover', 'note', 'stage_change']);
    expect((await outboxTypes(denverLead)).slice(-2)).toEqual(['crm.lead.stage-changed.v1', 'crm.lead.updated.v1']);
  });

  it('delivers lead events to a tenant webhook signed with HMAC-SHA256, retrying after a failure', async () => {
    const owner = await accessToken({ tenantId: ids.tenantA, role: 'owner' });
    const secret = 'whsec-0123456789abcdef';
    const port = (receiver.address() as { port: number }).port;
    const sub = await api(owner, 'POST', '/v1/webhooks', { url: `http://127.0.0.1:${port}/hooks`, secret, eventTypes: ['crm.lead.created.v1'] });
    expect(sub.status).toBe(201);
    expect((await api(await accessToken({ tenantId: ids.tenantA, role: 'agent', locationIds: [ids.denver] }), 'GET', '/v1/webhooks')).status).toBe(403);
    const callId = randomUUID();
    const caller = `+1312555${String(Math.floor(Math.random() * 9000) + 1000)}`;
    await deliverAndWait(crmEvents.callMissed({ tenantId: ids.tenantA, locationId: ids.chicago, correlationId: callId, at: at(500) }, caller, '+13125550123', callId));
    const got = await pollUntil(() => received.find((r) => r.body.includes(caller)), 'signed webhook', 30_000);
    const header = (h: string) => got.headers[h] as string | undefined;
    expect(verifyWebhookSignature(secret, { timestamp: header(WEBHOOK_HEADERS.timestamp), signature: header(WEBHOOK_HEADERS.signature) }, got.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhookSignature('wrong-secret-0000', { timestamp: header(WEBHOOK_HEADERS.timestamp), signature: header(WEBHOOK_HEADERS.signature) }, got.body, Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifyWebhookSignature(secret, { timestamp: header(WEBHOOK_HEADERS.timestamp), signature: header(WEBHOOK_HEADERS.signature) }, got.body.replace(caller, '+15555550000'), Math.floor(Date.now() / 1000))).toBe(false);
    const event = JSON.parse(got.body) as { type: string; id: string; data: { callerE164: string } };
    expect(event).toMatchObject({ type: 'crm.lead.created.v1', data: { callerE164: caller } });
    expect(header(WEBHOOK_HEADERS.eventId)).toBe(event.id);
    await expectEventually(async () => {
      const log = await api(owner, 'GET', `/v1/webhooks/${String(sub.body.id)}/deliveries`);
      expect(log.body).toEqual([expect.objectContaining({ eventId: event.id, status: 'delivered', attempts: 2, lastStatusCode: 204 })]);
    });
    const attempts = (await crm.ds.query(`SELECT a.status_code FROM ${s()}.webhook_delivery_attempts a JOIN ${s()}.webhook_deliveries d ON d.id = a.delivery_id WHERE d.event_id = $1 ORDER BY a.attempt`, [event.id])) as { status_code: number }[];
    expect(attempts.map((a) => a.status_code)).toEqual([500, 204]);
    expect((await api(await accessToken({ tenantId: ids.tenantB, role: 'owner' }), 'GET', `/v1/webhooks/${String(sub.body.id)}/deliveries`)).status).toBe(404);
  });

  it('sends a poison message to the DLQ and retries a transient database failure until it applies once', async () => {
    const key = `${ids.denver}:${CALLER_X}`;
    await producer.send({ topic: TOPICS.callMissed, messages: [{ key, value: JSON.stringify({ specversion: '1.0', type: TOPICS.callMissed, data: { callId: 'not-a-uuid' } }) }] });
    const dead = await pollUntil(() => recorder.on(deadLetterTopic(TOPICS.callMissed)).find((m) => m.key === key && m.headers[KAFKA_HEADERS.dlqConsumerGroup] === crm.definition.name), 'dead letter', 30_000);
    expect(dead.headers[KAFKA_HEADERS.dlqReason]).toBe('schema');

    const retried = async () => {
      const text = await (await fetch(`${crm.baseUrl}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith('textback_consumer_messages_total{') && l.includes(`topic="${TOPICS.smsSent}"`) && l.includes('outcome="retried"'));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const before = await retried();
    await crm.ds.query(`ALTER TABLE ${s()}.timeline_entries RENAME TO timeline_entries_away`);
    const sent = crmEvents.smsSent({ tenantId: ids.tenantA, locationId: ids.denver, correlationId: randomUUID(), at: at(600) }, CALLER_X, '+13035550123');
    try {
      await deliver(sent);
      await pollUntil(async () => (await retried()) > before, 'a retried attempt', 30_000);
      expect(await applied(sent.id)).toBe(false);
    } finally {
      await crm.ds.query(`ALTER TABLE ${s()}.timeline_entries_away RENAME TO timeline_entries`);
    }
    await pollUntil(() => applied(sent.id), 'the retried event applied', 60_000);
    const entries = (await crm.ds.query(`SELECT count(*)::int AS n FROM ${s()}.timeline_entries WHERE source_event_id = $1`, [sent.id])) as { n: number }[];
    expect(entries[0]!.n).toBe(1);
  });

  it('serves the OpenAPI document at /docs', async () => {
    const res = await fetch(`${crm.baseUrl}/docs-json`);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/leads', '/v1/leads/{id}', '/v1/leads/{id}/takeover', '/v1/tasks', '/v1/webhooks']));
  });
});
