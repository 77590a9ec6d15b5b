import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ALL_CONTRACTS,
  consentOptedOutV1,
  consentReviewOpenedV1,
  consentReviewResolvedV1,
  createEvent,
  type EventEnvelope,
  type LocationConfig,
  TOPICS,
} from '@textback/contracts';
import { createKafkaClient, toKafkaRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { quoteSchema } from '@textback/persistence';
import { loadStackEnv, pollUntil } from '@textback/testing';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { stringify } from 'yaml';
import { applyFranchiseFile } from '../../../../tools/cli/src/tenants-apply.command';
import { LEAD_ACTIVITY_GROUP } from '../../src/modules/leads/lead-activity.service';
import { contractOf, crmEvents } from '../factories/crm-event.factory';
import { accessToken, type CrmTestApp, startCrmTestApp } from '../utils/crm-test-app';

const stack = loadStackEnv();
const rand4 = () => String(Math.floor(Math.random() * 9000) + 1000);

describe('lead-crm: opt-out scope per tenant, opt-outs and reviews on the timeline', () => {
  let crm: CrmTestApp;
  let kafka: Kafka;
  let producer: Producer;
  const dir = mkdtempSync(join(tmpdir(), 'crm-optout-'));
  const s = () => quoteSchema(crm.schema);
  const slug = `optout-${randomUUID().slice(0, 8)}`;
  const numbers = {
    northMain: `+1303555${rand4()}`,
    northSend: `+1303556${rand4()}`,
    southMain: `+1720555${rand4()}`,
    southSend: `+1720556${rand4()}`,
  };
  const manifest = (optOutScope?: 'sending_number' | 'location' | 'brand') => {
    const path = join(dir, `${optOutScope ?? 'default'}.yaml`);
    writeFileSync(
      path,
      stringify({
        tenant: { slug, name: 'Opt Out Plumbing', ...(optOutScope ? { optOutScope } : {}) },
        locations: [
          {
            slug: 'north',
            name: 'North',
            timeZone: 'America/Denver',
            forwardTo: '+13035550100',
            numbers: [{ e164: numbers.northMain, provider: 'bandwidth', purpose: 'main_line' }],
            sendingNumbers: [{ e164: numbers.northSend, provider: 'bandwidth', campaignStatus: 'registered' }],
          },
          {
            slug: 'south',
            name: 'South',
            timeZone: 'America/Denver',
            forwardTo: '+17205550100',
            numbers: [{ e164: numbers.southMain, provider: 'bandwidth', purpose: 'main_line' }],
            sendingNumbers: [{ e164: numbers.southSend, provider: 'bandwidth', campaignStatus: 'registered' }],
          },
        ],
      }),
    );
    return path;
  };
  /** The location configs lead-crm published (outbox, in order) for `locationId`. */
  const published = async (locationId: string) =>
    (
      (await crm.ds.query(
        `SELECT value FROM ${s()}.outbox WHERE topic = $1 AND value::jsonb->>'subject' = $2 ORDER BY seq`,
        [TOPICS.locationConfig, locationId],
      )) as { value: string }[]
    ).map((r) => (JSON.parse(r.value) as { data: LocationConfig }).data);
  const deliver = async (event: EventEnvelope<unknown>) => {
    const r = toKafkaRecord(contractOf(event, ALL_CONTRACTS), event);
    await producer.send({ topic: r.topic, messages: [{ key: r.key, value: r.value, headers: r.headers }] });
  };
  const applied = async (eventId: string) =>
    (
      (await crm.ds.query(`SELECT 1 FROM ${s()}.inbox WHERE consumer_group = $1 AND event_id = $2`, [
        LEAD_ACTIVITY_GROUP,
        eventId,
      ])) as unknown[]
    ).length === 1;
  /** Delivers `event` twice (at-least-once) and waits until it was applied. */
  const deliverTwice = async (event: EventEnvelope<unknown>) => {
    await deliver(event);
    await deliver(event);
    await pollUntil(() => applied(event.id), `event ${event.type} applied`, 60_000, 50);
  };

  beforeAll(async () => {
    crm = await startCrmTestApp('optout', { consume: true });
    kafka = createKafkaClient(
      { clientId: 'it-crm-optout', brokers: stack.KAFKA_BROKERS.split(',') },
      createRootLogger('it', 'warn'),
    );
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await crm?.close();
  });

  it('publishes the tenant opt-out scope on every location config (absent = deployment default), and shows a natural-language opt-out and a review on the caller timeline', async () => {
    const first = await applyFranchiseFile(manifest(), { databaseUrl: stack.DATABASE_URL, schema: crm.schema });
    const north = first!.locations.find((l) => l.slug === 'north')!.locationId;
    const south = first!.locations.find((l) => l.slug === 'south')!.locationId;
    expect((await published(north)).map((c) => c.optOutScope)).toEqual([undefined]);
    const brand = await applyFranchiseFile(manifest('brand'), { databaseUrl: stack.DATABASE_URL, schema: crm.schema });
    expect(brand!.locations.map((l) => l.outcome)).toEqual(['updated', 'updated']);
    expect((await published(north)).map((c) => c.optOutScope)).toEqual([undefined, 'brand']);
    expect((await published(south)).map((c) => c.optOutScope)).toEqual([undefined, 'brand']);
    await applyFranchiseFile(manifest('brand'), { databaseUrl: stack.DATABASE_URL, schema: crm.schema });
    expect(await published(north)).toHaveLength(2);
    const tenantId = first!.tenantId;

    // A missed call opens the lead; the caller's "Please stop texting me" arrives as messaging's opt-out, twice.
    const caller = `+1303557${rand4()}`;
    const callId = randomUUID();
    const place = (s: number) => ({
      tenantId,
      locationId: north,
      correlationId: callId,
      at: new Date(Date.UTC(2026, 11, 1, 18, 0, s)),
    });
    await deliverTwice(crmEvents.callMissed(place(0), caller, numbers.northMain, callId));
    const optedOut = createEvent(
      consentOptedOutV1,
      { source: '/textback/messaging', tenantId, locationId: north, correlationId: callId, time: place(10).at },
      {
        consentId: randomUUID(),
        phoneE164: caller,
        sendingNumberE164: numbers.northSend,
        scope: 'tenant',
        method: 'fuzzy',
        channel: 'sms',
        keyword: 'STOP TEXTING',
        at: place(10).at.toISOString(),
        originalText: 'Please stop texting me',
        rule: 'phrase.en.stop-texting',
        rulesVersion: '2026-12-04.1',
        language: 'en',
      },
    );
    await deliverTwice(optedOut);

    // A second caller's ambiguous text: review opened, then resolved by a staff member (each delivered twice).
    const unsure = `+1303558${rand4()}`;
    const unsureCall = randomUUID();
    await deliverTwice(
      crmEvents.callMissed({ ...place(20), correlationId: unsureCall }, unsure, numbers.northMain, unsureCall),
    );
    const reviewId = randomUUID();
    const common = {
      reviewId,
      phoneE164: unsure,
      sendingNumberE164: numbers.northSend,
      originalText: 'wrong number',
      rule: 'ambiguous.en.wrong-number',
      rulesVersion: '2026-12-04.1',
      language: 'en',
    };
    const attrs = (sec: number) => ({
      source: '/textback/messaging',
      tenantId,
      locationId: north,
      correlationId: unsureCall,
      time: place(sec).at,
    });
    // messaging flagged the text for review: lead-crm opens a needs-review task.
    const flagged = crmEvents.smsReceived(place(25), unsure, numbers.northSend, 'wrong number');
    await deliverTwice({ ...flagged, data: { ...flagged.data, needsReview: true } });
    const reviewTasks = () =>
      crm.ds.query(`SELECT task_key, status, completed_by FROM ${s()}.tasks WHERE task_key = $1`, [`needs-review:${flagged.data.messageId}`]) as Promise<unknown[]>;
    expect(await reviewTasks()).toEqual([{ task_key: `needs-review:${flagged.data.messageId}`, status: 'open', completed_by: null }]);
    await deliverTwice(
      createEvent(consentReviewOpenedV1, attrs(30), { ...common, openedAt: place(30).at.toISOString() }),
    );
    await deliverTwice(
      createEvent(consentReviewResolvedV1, attrs(40), {
        ...common,
        decision: 'not_opt_out',
        resolvedBy: 'user-dana',
        resolvedAt: place(40).at.toISOString(),
      }),
    );

    // Resolving the review closed its task (once, by the staff member who resolved it).
    expect(await reviewTasks()).toEqual([{ task_key: `needs-review:${flagged.data.messageId}`, status: 'done', completed_by: 'user-dana' }]);
    const owner = await accessToken({ tenantId, role: 'owner' });
    const detail = async (e164: string) => {
      const [lead] = (await crm.ds.query(
        `SELECT l.id FROM ${s()}.leads l JOIN ${s()}.contacts c ON c.id = l.contact_id WHERE c.e164 = $1`,
        [e164],
      )) as { id: string }[];
      const res = await fetch(`${crm.baseUrl}/v1/leads/${lead?.id ?? ''}`, {
        headers: { authorization: `Bearer ${owner}` },
      });
      return (await res.json()) as { callerOptedOut: boolean; timeline: { kind: string; summary: string }[] };
    };
    const stopper = await detail(caller);
    expect(stopper.callerOptedOut).toBe(true);
    expect(stopper.timeline.filter((t) => t.kind === 'consent').map((t) => t.summary)).toEqual([
      'Opted out "Please stop texting me" (fuzzy: STOP TEXTING, scope tenant)',
    ]);
    const reviewed = await detail(unsure);
    expect(reviewed.callerOptedOut).toBe(false);
    expect(reviewed.timeline.filter((t) => t.kind === 'consent').map((t) => t.summary)).toEqual([
      'Opt-out review opened: "wrong number" (automation paused until resolved)',
      'Opt-out review resolved by user-dana: not an opt-out, automation resumes',
    ]);
  });
});
