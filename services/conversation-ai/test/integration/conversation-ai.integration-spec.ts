import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  callMissedV1,
  consentReviewResolvedV1,
  type Contract,
  conversationReleasedV1,
  conversationTakenOverV1,
  createEvent,
  deadLetterTopic,
  type EventEnvelope,
  type HandoffRequestedV1,
  type IntentCapturedV1,
  type LeadQualifiedV1,
  type LocationConfig,
  type SmsSendCommandV1,
  smsReceivedV1,
  TOPICS,
  type UrgentDetectedV1,
} from '@textback/contracts';
import { createKafkaClient, toKafkaRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, quoteSchema, runMigrations, type TransactionHandle } from '@textback/persistence';
import { METRICS_REGISTRY } from '@textback/observability';
import { connectContractConsumer, type ServiceDefinition } from '@textback/platform';
import { expectEventually, loadStackEnv, pollUntil, TopicRecorder, uniqueSchemaName } from '@textback/testing';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { type Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { ConversationRepository } from '../../src/modules/conversation/conversation.repository';
import { type Conversation } from '../../src/modules/conversation/conversation.types';
import { loadConversationAiEnv } from '../../src/config/conversation-ai.env';
import { conversationAiService } from '../../src/conversation-ai.definition';
import { buildLocationConfig, testNumber } from '../factories/location-config.factory';

const stack = loadStackEnv();
const schema = uniqueSchemaName('conversation');
const definition: ServiceDefinition = { ...conversationAiService, name: `it-conversation-${randomUUID().slice(0, 8)}`, schema };
const location = buildLocationConfig();
const unknownLocation = buildLocationConfig();
const sendingNumber = location.sendingNumbers[0]?.e164 ?? '';

describe('conversation-ai on real Kafka and PostgreSQL', () => {
  let app: INestApplication;
  let db: DataSource;
  let kafka: Kafka;
  let producer: Producer;
  let recorder: TopicRecorder;

  const attrs = (config: LocationConfig, correlationId = randomUUID()) => ({ source: '/textback/it', tenantId: config.tenantId, locationId: config.locationId, correlationId });
  const publish = async (contract: Contract, event: EventEnvelope<unknown>) => {
    const r = toKafkaRecord(contract, event);
    await producer.send({ topic: r.topic, messages: [{ key: r.key, value: r.value, headers: r.headers }] });
  };
  const missedCall = (caller: string, config = location) => {
    const callId = randomUUID();
    const at = new Date().toISOString();
    return createEvent(callMissedV1, attrs(config, callId), {
      callId, provider: 'bandwidth', providerCallId: `c-${callId}`, callerE164: caller, callerRaw: caller, dialedE164: config.phoneNumbers[0]?.e164 ?? '',
      startedAt: at, reason: 'no_answer', explanation: 'rang 25s until ring timeout', ringSeconds: 25, endedAt: at, decidedAt: at, callerTextable: true,
    });
  };
  const text = (caller: string, body: string, config = location) =>
    createEvent(smsReceivedV1, attrs(config), { messageId: randomUUID(), provider: 'bandwidth', providerMessageId: randomUUID(), from: caller, to: config.sendingNumbers[0]?.e164 ?? '', body, receivedAt: new Date().toISOString() });
  const takeover = (contract: typeof conversationTakenOverV1 | typeof conversationReleasedV1, caller: string) => createEvent(contract, attrs(location), { leadId: randomUUID(), callerE164: caller, userId: 'dispatcher-1' });
  const recorded = <T>(topic: string, caller: string) =>
    recorder
      .on(topic)
      .map((m) => JSON.parse(m.value ?? '{}') as EventEnvelope<T & { callerE164?: string; to?: string }>)
      .filter((e) => e.locationId === location.locationId && (e.data.callerE164 === caller || e.data.to === caller));
  const row = async (caller: string) =>
    ((await db.query(`SELECT state, paused, opted_out, facts, asked, bot_messages FROM ${quoteSchema(schema)}.conversation WHERE location_id = $1 AND caller_e164 = $2`, [location.locationId, caller])) as {
      state: string; paused: boolean; opted_out: boolean; facts: Record<string, unknown>; asked: string[]; bot_messages: number;
    }[])[0];
  const outboxTypes = async (conversationId: string) =>
    ((await db.query(`SELECT value FROM ${quoteSchema(schema)}.outbox ORDER BY seq`)) as { value: string }[])
      .map((r) => JSON.parse(r.value) as EventEnvelope<unknown>)
      .filter((e) => e.subject === conversationId)
      .map((e) => e.type);

  beforeAll(async () => {
    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: definition.migrations }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();
    db = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-assert' }).initialize();

    kafka = createKafkaClient({ clientId: 'it-conversation-bus', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn'));
    // Shared topics hold other suites' history: commit this test's consumer group at their ends
    // (one short-lived member; admin.setOffsets joins the group once per topic, which is slow).
    const admin = kafka.admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const topics = definition.consumes.map((c) => c.topic).filter((t) => existing.has(t));
    const ends = (await Promise.all(topics.map(async (topic) => (await admin.fetchTopicOffsets(topic)).map((p) => ({ topic, partition: p.partition, offset: p.high }))))).flat();
    await admin.disconnect();
    const seeker = kafka.consumer({ groupId: definition.name, allowAutoTopicCreation: false });
    await seeker.connect();
    await seeker.subscribe({ topics, fromBeginning: false });
    const joined = new Promise<void>((resolve) => seeker.on(seeker.events.GROUP_JOIN, () => resolve()));
    await seeker.run({ autoCommit: false, eachMessage: () => Promise.resolve() });
    await joined;
    await seeker.commitOffsets(ends);
    await seeker.disconnect();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();

    const dir = mkdtempSync(join(tmpdir(), 'conversation-it-'));
    const seedFile = join(dir, 'locations.json');
    writeFileSync(seedFile, JSON.stringify([location]));
    const env = loadConversationAiEnv({ DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, LOG_LEVEL: 'warn', OUTBOX_POLL_INTERVAL_MS: '50', CONSUMER_MAX_ATTEMPTS: '6', CONSUMER_RETRY_BASE_MS: '1000', LOCATION_CONFIG_FILE: seedFile });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(env, definition)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    connectContractConsumer(app);
    await app.init();
    await app.startAllMicroservices();

    recorder = new TopicRecorder(kafka);
    await recorder.start([TOPICS.intentCaptured, TOPICS.leadQualified, TOPICS.urgentDetected, TOPICS.handoffRequested, TOPICS.smsSend, deadLetterTopic(TOPICS.smsReceived)]);
  });

  afterAll(async () => {
    await app?.close();
    await recorder?.stop();
    await producer?.disconnect();
    await db?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await db?.destroy();
  });

  it('turns a missed call and three replies into the right events, in order, and one reply per message even when a message is delivered twice', async () => {
    const caller = testNumber();
    await publish(callMissedV1, missedCall(caller));
    await pollUntil(async () => (await row(caller))?.state === 'first_text_sent', 'conversation started by the missed call');

    const first = text(caller, 'hi, my kitchen drain is clogged again');
    await publish(smsReceivedV1, first);
    await publish(smsReceivedV1, first); // redelivery
    const second = text(caller, 'zip is 80301');
    await publish(smsReceivedV1, second);
    await expectEventually(async () => expect((await row(caller))?.asked).toEqual(['place', 'when']));
    const third = text(caller, 'tomorrow at 3pm works');
    await publish(smsReceivedV1, third);

    const replies = await pollUntil(() => {
      const r = recorded<SmsSendCommandV1>(TOPICS.smsSend, caller);
      return r.length >= 3 && r;
    }, 'three replies on Kafka');
    const qualified = await pollUntil(() => recorded<LeadQualifiedV1>(TOPICS.leadQualified, caller)[0], 'lead qualified on Kafka');
    await expectEventually(() => expect(recorded<IntentCapturedV1>(TOPICS.intentCaptured, caller)).toHaveLength(3));

    expect(replies.map((r) => r.causationId)).toEqual([first.id, second.id, third.id]);
    expect(replies.map((r) => r.data.body)).toEqual([
      'Got it. What is your zip code or city?',
      'What day and time would work best for you?',
      "Thanks! We have your request for drain cleaning. We'll text you available times shortly.",
    ]);
    expect(replies[0]?.data).toMatchObject({ to: caller, from: sendingNumber, purpose: 'conversation_reply', automated: true, requestedBy: 'conversation-ai' });
    expect(qualified.data).toMatchObject({ intent: 'book', serviceId: 'drain', zip: '80301', preferredTime: { text: 'tomorrow at 3pm' }, callId: qualified.correlationId });
    expect(qualified.causationId).toBe(third.id);
    const conversationId = qualified.data.conversationId;
    expect(await outboxTypes(conversationId)).toEqual([
      'conversation.intent.captured.v1', 'messaging.sms.send.cmd.v1',
      'conversation.intent.captured.v1', 'messaging.sms.send.cmd.v1',
      'conversation.intent.captured.v1', 'conversation.lead.qualified.v1', 'messaging.sms.send.cmd.v1',
    ]);
    expect((await row(caller))?.state).toBe('qualified');
  });

  it('pauses while staff have the conversation and resumes when released', async () => {
    const caller = testNumber();
    await publish(callMissedV1, missedCall(caller));
    await pollUntil(async () => (await row(caller))?.state === 'first_text_sent', 'conversation started');
    await publish(conversationTakenOverV1, takeover(conversationTakenOverV1, caller));
    await pollUntil(async () => (await row(caller))?.paused === true, 'paused by the takeover');

    const whilePaused = text(caller, 'my water heater is making a noise');
    await publish(smsReceivedV1, whilePaused);
    await expectEventually(() => expect(recorded<IntentCapturedV1>(TOPICS.intentCaptured, caller).map((e) => e.causationId)).toEqual([whilePaused.id]));

    await publish(conversationReleasedV1, takeover(conversationReleasedV1, caller));
    await pollUntil(async () => (await row(caller))?.paused === false, 'released');
    const afterRelease = text(caller, 'are you there?');
    await publish(smsReceivedV1, afterRelease);
    const reply = await pollUntil(() => recorded<SmsSendCommandV1>(TOPICS.smsSend, caller)[0], 'a reply after release');
    expect(reply.causationId).toBe(afterRelease.id);
    expect(recorded<SmsSendCommandV1>(TOPICS.smsSend, caller).filter((r) => r.causationId === whilePaused.id)).toEqual([]);
    expect((await row(caller))?.facts).toMatchObject({ serviceId: 'water-heater' });
  });

  it('raises urgent-detected on the first emergency message, with a safety line to the caller, once', async () => {
    const caller = testNumber();
    await publish(callMissedV1, missedCall(caller));
    await pollUntil(async () => (await row(caller))?.state === 'first_text_sent', 'conversation started');
    const gas = text(caller, 'I smell gas near the water heater');
    await publish(smsReceivedV1, gas);
    const worse = text(caller, 'the gas smell is stronger now');
    await publish(smsReceivedV1, worse);

    const urgent = await pollUntil(() => recorded<UrgentDetectedV1>(TOPICS.urgentDetected, caller)[0], 'urgent detected');
    expect(urgent.causationId).toBe(gas.id);
    expect(urgent.data).toMatchObject({ hazard: 'gas', serviceId: 'water-heater', messageId: gas.data.messageId });
    expect(urgent.correlationId).toBe(urgent.data.callId);
    const safety = await pollUntil(() => recorded<SmsSendCommandV1>(TOPICS.smsSend, caller)[0], 'safety line');
    expect(safety.causationId).toBe(gas.id);
    expect(safety.data.body).toMatch(/^If you smell gas, leave the building now and call 911 or your gas company from outside\./);
    await expectEventually(() => expect(recorded<IntentCapturedV1>(TOPICS.intentCaptured, caller)).toHaveLength(2));
    expect(recorded<UrgentDetectedV1>(TOPICS.urgentDetected, caller)).toHaveLength(1);
    expect(recorded<SmsSendCommandV1>(TOPICS.smsSend, caller)).toHaveLength(1);
    expect(recorded<HandoffRequestedV1>(TOPICS.handoffRequested, caller)).toEqual([]);
    expect((await row(caller))?.state).toBe('handed_off');
  });

  it('asks once whether an unsure hazard is urgent, and pages once on YES even when the YES is delivered twice', async () => {
    const caller = testNumber();
    await publish(callMissedV1, missedCall(caller));
    await pollUntil(async () => (await row(caller))?.state === 'first_text_sent', 'conversation started');
    const leak = text(caller, 'my water heater is leaking, can someone come?');
    await publish(smsReceivedV1, leak);
    const question = await pollUntil(() => recorded<SmsSendCommandV1>(TOPICS.smsSend, caller)[0], 'the urgency question');
    expect(question.causationId).toBe(leak.id);
    expect(question.data.body).toMatch(/^Is this urgent/);
    expect(recorded<UrgentDetectedV1>(TOPICS.urgentDetected, caller)).toEqual([]);
    expect((await row(caller))?.asked).toEqual(['urgency']);

    const yes = text(caller, 'YES');
    await publish(smsReceivedV1, yes);
    await publish(smsReceivedV1, yes);
    const urgent = await pollUntil(() => recorded<UrgentDetectedV1>(TOPICS.urgentDetected, caller)[0], 'urgent detected');
    expect(urgent.causationId).toBe(yes.id);
    expect(urgent.data).toMatchObject({ hazard: 'flooding', summary: expect.stringContaining('caller confirmed urgent') as unknown });
    await expectEventually(() => expect(recorded<SmsSendCommandV1>(TOPICS.smsSend, caller)).toHaveLength(2));
    expect(recorded<SmsSendCommandV1>(TOPICS.smsSend, caller)[1]?.data.body).toContain('shut off the main water valve');
    await expectEventually(() => expect(recorded<IntentCapturedV1>(TOPICS.intentCaptured, caller)).toHaveLength(2));
    expect(recorded<UrgentDetectedV1>(TOPICS.urgentDetected, caller)).toHaveLength(1);
    expect((await row(caller))?.state).toBe('handed_off');
  });

  it('hands off when the caller asks for a person, and pauses on a text messaging flagged for review', async () => {
    const asker = testNumber();
    const ask = text(asker, 'can I talk to a real person please');
    await publish(smsReceivedV1, ask);
    const handoff = await pollUntil(() => recorded<HandoffRequestedV1>(TOPICS.handoffRequested, asker)[0], 'handoff for the person request');
    expect(handoff).toMatchObject({ causationId: ask.id, data: { reason: 'asked_for_human' } });
    await expectEventually(() => expect(recorded<SmsSendCommandV1>(TOPICS.smsSend, asker).map((r) => r.data.body)).toEqual(['Okay, a team member will follow up with you here.']));

    const quitter = testNumber();
    const flagged = createEvent(smsReceivedV1, attrs(location), { ...text(quitter, 'who is this? wrong number').data, needsReview: true });
    await publish(smsReceivedV1, flagged);
    const review = await pollUntil(() => recorded<HandoffRequestedV1>(TOPICS.handoffRequested, quitter)[0], 'handoff for review');
    expect(review.data.reason).toBe('needs_review');
    expect((await row(quitter))?.paused).toBe(true);
    expect(recorded<SmsSendCommandV1>(TOPICS.smsSend, quitter)).toEqual([]);
  });

  it('stays silent on an opt-out and on an ambiguous text (the shared recogniser), and answers "don\'t stop"; each delivered twice', async () => {
    const stopper = testNumber();
    const unsure = testNumber();
    const keen = testNumber();
    const stop = text(stopper, 'Please stop texting me');
    const maybe = text(unsure, 'enough');
    const dontStop = text(keen, "don't stop, my drain is clogged");
    for (const e of [stop, stop, maybe, maybe, dontStop, dontStop]) await publish(smsReceivedV1, e);
    // Marker: the last text's reply (texts of one caller are handled in order; each caller's on its own key).
    await expectEventually(() => expect(recorded<SmsSendCommandV1>(TOPICS.smsSend, keen)).toHaveLength(1));
    await expectEventually(async () => expect(await row(stopper)).toMatchObject({ opted_out: true, state: 'closed' }));
    const review = await pollUntil(() => recorded<HandoffRequestedV1>(TOPICS.handoffRequested, unsure)[0], 'handoff for the ambiguous text');
    expect(review.data.reason).toBe('needs_review');
    expect((await row(unsure))?.paused).toBe(true);
    expect(recorded<SmsSendCommandV1>(TOPICS.smsSend, stopper)).toEqual([]);
    expect(recorded<SmsSendCommandV1>(TOPICS.smsSend, unsure)).toEqual([]);
    expect(recorded<HandoffRequestedV1>(TOPICS.handoffRequested, unsure)).toHaveLength(1);
    expect(recorded<SmsSendCommandV1>(TOPICS.smsSend, keen)).toHaveLength(1);

    // A staff member resolves the review as not an opt-out (delivered twice): the bot answers the caller's next text.
    const resolved = createEvent(consentReviewResolvedV1, attrs(location), {
      reviewId: randomUUID(),
      phoneE164: unsure,
      sendingNumberE164: sendingNumber,
      originalText: 'enough',
      rule: 'ambiguous.en.enough',
      rulesVersion: '2026-12-04.1',
      decision: 'not_opt_out',
      resolvedBy: 'user-dana',
      resolvedAt: new Date().toISOString(),
    });
    await publish(consentReviewResolvedV1, resolved);
    await publish(consentReviewResolvedV1, resolved);
    await expectEventually(async () => expect((await row(unsure))?.paused).toBe(false));
    await publish(smsReceivedV1, text(unsure, 'my kitchen drain is clogged'));
    await expectEventually(() => expect(recorded<SmsSendCommandV1>(TOPICS.smsSend, unsure)).toHaveLength(1));
  });

  it('retries a text whose handling failed transiently (table unavailable) within its attempt budget and replies once after recovery', async () => {
    const caller = testNumber();
    const registry = app.get<Registry>(METRICS_REGISTRY);
    const failures = async () =>
      ((await registry.getSingleMetric('textback_consumer_messages_total')?.get())?.values ?? []).filter((v) => v.labels.topic === TOPICS.smsReceived && v.labels.outcome === 'retried').reduce((n, v) => n + v.value, 0);
    const before = await failures();
    await db.query(`ALTER TABLE ${quoteSchema(schema)}.conversation RENAME TO conversation_away`);
    const msg = text(caller, 'my water heater is leaking a little, can someone look at it this week');
    try {
      await publish(smsReceivedV1, msg);
      await pollUntil(async () => (await failures()) > before, 'a failed attempt scheduled for a retry', 30_000);
    } finally {
      await db.query(`ALTER TABLE ${quoteSchema(schema)}.conversation_away RENAME TO conversation`);
    }
    const replies = await pollUntil(() => {
      const r = recorded<SmsSendCommandV1>(TOPICS.smsSend, caller);
      return r.length > 0 && r;
    }, 'a reply after recovery', 40_000);
    await expectEventually(() => expect(recorded<IntentCapturedV1>(TOPICS.intentCaptured, caller)).toHaveLength(1));
    expect(replies.map((r) => r.causationId)).toEqual([msg.id]);
    expect(recorder.on(deadLetterTopic(TOPICS.smsReceived)).some((m) => (JSON.parse(m.value ?? '{}') as { id?: string }).id === msg.id)).toBe(false);
  });

  it('dead-letters a text for a location it has no config for', async () => {
    const orphan = text(testNumber(), 'hello', unknownLocation);
    await publish(smsReceivedV1, orphan);
    await pollUntil(() => recorder.on(deadLetterTopic(TOPICS.smsReceived)).some((m) => (JSON.parse(m.value ?? '{}') as { id?: string }).id === orphan.id), 'the text on the DLQ');
  });

  it('makes a second first event of a new caller wait for the first one instead of overwriting its conversation (found by the e2e kill test)', async () => {
    const repo = new ConversationRepository(definition);
    const caller = testNumber();
    const fromReply: Conversation = {
      conversationId: randomUUID(), tenantId: location.tenantId, locationId: location.locationId, callerE164: caller, callId: null, correlationId: randomUUID(), state: 'engaged',
      paused: false, takenOver: false, optedOut: false, facts: {}, asked: [], botMessages: 1, inboundMessages: 1, stalledTurns: 0, urgentNotified: false, handoffRequested: false,
      lastOfferId: null,
    };
    let commitFirst: () => void = () => undefined;
    const firstMayCommit = new Promise<void>((r) => (commitFirst = r));
    let firstSaved: () => void = () => undefined;
    const saved = new Promise<void>((r) => (firstSaved = r));
    // The reply's transaction: no conversation yet, creates one, and stays open.
    const first = db.transaction(async (em) => {
      const tx = em as unknown as TransactionHandle;
      expect(await repo.lockByCaller(tx, location.tenantId, location.locationId, caller)).toBeNull();
      await repo.save(tx, fromReply);
      firstSaved();
      await firstMayCommit;
    });
    await saved;
    // The missed call's transaction, concurrently: it must wait, then see the reply's conversation.
    const second = db.transaction((em) => repo.lockByCaller(em as unknown as TransactionHandle, location.tenantId, location.locationId, caller));
    const waiting = pollUntil(async () => Number(((await db.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock%'`)) as { n: string }[])[0]?.n) > 0, 'the second transaction waiting for the caller lock', 10_000);
    const firstToSettle = await Promise.race([second.then((c) => ({ sawBeforeCommit: c })), waiting.then(() => 'waiting' as const)]);
    commitFirst();
    await first;
    expect(firstToSettle).toBe('waiting');
    expect(await second).toMatchObject({ state: 'engaged', inboundMessages: 1, botMessages: 1 });
  });

  it("inserts a missed call's new conversation in the statement that takes the caller lock, and only when the caller has none once the lock is held", async () => {
    const repo = new ConversationRepository(definition);
    const caller = testNumber();
    const conversation = (state: Conversation['state'], callId: string | null): Conversation => ({
      conversationId: randomUUID(), tenantId: location.tenantId, locationId: location.locationId, callerE164: caller, callId, correlationId: randomUUID(), state,
      paused: false, takenOver: false, optedOut: false, facts: {}, asked: [], botMessages: 1, inboundMessages: 1, stalledTurns: 0, urgentNotified: false, handoffRequested: false,
      lastOfferId: null,
    });
    const fromReply = conversation('engaged', null);
    let saveNow: () => void = () => undefined;
    const mayInsert = new Promise<void>((r) => (saveNow = r));
    let locked: () => void = () => undefined;
    const holdsLock = new Promise<void>((r) => (locked = r));
    // The reply's transaction holds the caller lock and has seen no conversation; it writes one only after the missed
    // call's INSERT began waiting for the lock (so that INSERT's snapshot predates the reply's row).
    const first = db.transaction(async (em) => {
      const tx = em as unknown as TransactionHandle;
      expect(await repo.lockByCaller(tx, location.tenantId, location.locationId, caller)).toBeNull();
      locked();
      await mayInsert;
      await repo.save(tx, fromReply);
    });
    await holdsLock;
    const fromMissedCall = conversation('first_text_sent', randomUUID());
    const second = db.transaction(async (em) => {
      const tx = em as unknown as TransactionHandle;
      const inserted = await repo.insertIfAbsentLocking(tx, fromMissedCall);
      return { inserted, found: await repo.findLocked(tx, location.tenantId, location.locationId, caller) };
    });
    await pollUntil(async () => Number(((await db.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock%'`)) as { n: string }[])[0]?.n) > 0, 'the missed call waiting for the caller lock', 10_000);
    saveNow();
    await first;
    expect(await second).toMatchObject({ inserted: false, found: { conversationId: fromReply.conversationId, state: 'engaged', callId: null } });
    // A caller with no conversation: inserted as given, in that one statement.
    const other = { ...conversation('first_text_sent', randomUUID()), callerE164: testNumber() };
    const inserted = await db.transaction((em) => repo.insertIfAbsentLocking(em as unknown as TransactionHandle, other));
    expect(inserted).toBe(true);
    const row = await db.transaction((em) => repo.findLocked(em as unknown as TransactionHandle, location.tenantId, location.locationId, other.callerE164));
    expect(row).toEqual(other);
    expect(await db.transaction((em) => repo.insertIfAbsentLocking(em as unknown as TransactionHandle, { ...other, conversationId: randomUUID() }))).toBe(false);
  });
});
