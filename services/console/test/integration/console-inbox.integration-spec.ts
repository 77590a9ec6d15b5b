import { randomUUID } from 'node:crypto';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { callMissedV1, createEvent, deadLetterTopic, dispatchAcknowledgedV1, dispatchEscalatedV1, dispatchPagedV1, type LocationConfig, smsReceivedV1, smsSentV1, TOPICS } from '@textback/contracts';
import { createKafkaClient, KAFKA_HEADERS } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { connectContractConsumer, LocationDirectory, type ServiceDefinition } from '@textback/platform';
import { loadStackEnv, pollUntil, uniqueSchemaName } from '@textback/testing';
import cookieParser from 'cookie-parser';
import { type DataSource } from 'typeorm';
import { buildLocationConfig, testNumber } from '../../../scheduling/test/factories/location-config.factory';
import { KafkaTestBus } from '../../../scheduling/test/utils/kafka-test-bus';
import { AppModule } from '../../src/app.module';
import { loadConsoleEnv } from '../../src/config/console.env';
import { consoleService } from '../../src/console.definition';
import { consoleUserSql } from '../../src/modules/accounts/console-user.repository';
import { PasswordHasher } from '../../src/modules/accounts/password-hasher';

const stack = loadStackEnv();
const schema = uniqueSchemaName('console_inbox');
const definition: ServiceDefinition = { ...consoleService, name: `it-console-${randomUUID().slice(0, 8)}`, schema };

/**
 * The console's inbox on the real PostgreSQL and Kafka: the projection consumer (the platform's contract-checking
 * consumer and the inbox table) applies a missed call and a text once however often they are delivered, tells
 * the signed-in browser over server-sent events, shows a dispatcher only their locations, and sends an event
 * that breaks its contract to the dead-letter topic.
 */
describe('console inbox (projection, live stream, scoping)', () => {
  let app: INestApplication;
  let url: string;
  let db: DataSource;
  let denver: LocationConfig;
  let chicago: LocationConfig;
  let cookie: string;
  const bus = new KafkaTestBus(stack.KAFKA_BROKERS);

  beforeAll(async () => {
    const tenantId = randomUUID();
    denver = buildLocationConfig({ tenantId, locationName: 'Denver' });
    chicago = buildLocationConfig({ tenantId, locationName: 'Chicago' });
    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: definition.migrations }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();
    db = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-assert', poolSize: 2 }).initialize();
    await db.query(
      consoleUserSql.insert(quoteSchema(schema)),
      consoleUserSql.insertParams({
        tenantId,
        email: `dana-${schema}@example.com`,
        name: 'Dana',
        role: 'dispatcher',
        regionIds: [],
        locationIds: [denver.locationId],
        passwordHash: await new PasswordHasher().hash('dispatch-password'),
        inviteCodeSha256: null,
        inviteExpiresAt: null,
      }),
    );
    const env = loadConsoleEnv({ DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, LOG_LEVEL: 'warn', JWT_SECRET: 'it-console-secret-0123456789abcdefghijkl', JWT_ISSUER: 'it', JWT_AUDIENCE: 'it', COOKIE_SECURE: 'false' });
    await bus.startGroupAtEnds(definition.name);
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(env, definition)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    app.use(cookieParser());
    connectContractConsumer(app);
    await app.init();
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    await app.get(LocationDirectory).upsert(denver);
    await app.get(LocationDirectory).upsert(chicago);
    await bus.start([deadLetterTopic(TOPICS.callMissed)]);
    const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `dana-${schema}@example.com`, password: 'dispatch-password' }) });
    expect(res.status).toBe(200);
    cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await bus.stop();
    await db?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await db?.destroy();
  });

  const missedCall = (location: LocationConfig, caller: string) =>
    createEvent(callMissedV1, { source: '/textback/it', tenantId: location.tenantId, locationId: location.locationId, correlationId: randomUUID() }, {
      callId: randomUUID(),
      provider: 'bandwidth',
      providerCallId: `c-${randomUUID()}`,
      callerE164: caller,
      callerRaw: caller,
      dialedE164: location.phoneNumbers[0]!.e164,
      startedAt: new Date(Date.now() - 30_000).toISOString(),
      reason: 'no_answer',
      explanation: 'rang 25s until the ring timeout',
      ringSeconds: 25,
      endedAt: new Date(Date.now() - 1_000).toISOString(),
      decidedAt: new Date().toISOString(),
      callerTextable: true,
    });
  const entriesOf = async (caller: string) =>
    (await db.query(`SELECT e.kind, e.body FROM ${quoteSchema(schema)}.conversation_entry e JOIN ${quoteSchema(schema)}.conversation c ON c.id = e.conversation_id WHERE c.caller_e164 = $1 ORDER BY e.occurred_at`, [caller])) as {
      kind: string;
      body: string | null;
    }[];

  it('projects a missed call and a text delivered twice once each, and streams the change to the signed-in browser', async () => {
    const caller = testNumber();
    const stream = await fetch(`${url}/api/events`, { headers: { cookie, accept: 'text/event-stream' } });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const reader = stream.body!.getReader();
    const call = missedCall(denver, caller);
    await bus.publish(callMissedV1, call);
    await bus.publish(callMissedV1, call);
    const text = createEvent(smsReceivedV1, { source: '/textback/it', tenantId: denver.tenantId, locationId: denver.locationId, correlationId: call.correlationId }, {
      messageId: randomUUID(),
      provider: 'bandwidth',
      providerMessageId: 'm-1',
      from: caller,
      to: denver.phoneNumbers[0]!.e164,
      body: 'My basement is flooding',
      mediaUrls: [],
      receivedAt: new Date().toISOString(),
      needsReview: false,
    });
    await bus.publish(smsReceivedV1, text);
    await bus.publish(smsReceivedV1, text);
    let received = '';
    const decoder = new TextDecoder();
    while (!received.includes('event: conversation')) received += decoder.decode((await reader.read()).value);
    await reader.cancel();
    const conversationId = /"conversationId":"([0-9a-f-]{36})"/.exec(received)?.[1];
    expect(conversationId).toBeDefined();
    // Marker: a later text of the same caller (same partition, after the duplicates) is on the timeline.
    const marker = createEvent(smsReceivedV1, { source: '/textback/it', tenantId: denver.tenantId, locationId: denver.locationId, correlationId: call.correlationId }, { ...text.data, messageId: randomUUID(), body: 'marker' });
    await bus.publish(smsReceivedV1, marker);
    await pollUntil(async () => (await entriesOf(caller)).some((e) => e.body === 'marker'), 'the marker text projected');
    expect(await entriesOf(caller)).toEqual([
      { kind: 'call_missed', body: null },
      { kind: 'sms_in', body: 'My basement is flooding' },
      { kind: 'sms_in', body: 'marker' },
    ]);
    const list = (await (await fetch(`${url}/api/conversations`, { headers: { cookie } })).json()) as { items: { id: string; callerE164: string; locationName: string; lastPreview: string; status: string }[] };
    expect(list.items.find((i) => i.callerE164 === caller)).toMatchObject({ id: conversationId, locationName: 'Denver', lastPreview: 'marker', status: 'bot_active' });
  });

  it('shows "waiting on caller" while the last text that asked something is newer than the caller\'s, in any arrival order', async () => {
    const caller = testNumber();
    const lineage = { source: '/textback/it', tenantId: denver.tenantId, locationId: denver.locationId, correlationId: randomUUID() };
    const t0 = Date.now() - 60_000;
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    const sent = (purpose: 'conversation_reply' | 'caller_notice', s: number) =>
      createEvent(smsSentV1, lineage, { messageId: randomUUID(), commandId: randomUUID(), provider: 'bandwidth', providerMessageId: `p-${s}`, from: denver.phoneNumbers[0]!.e164, to: caller, purpose, automated: true, segments: 1, encoding: 'GSM-7', sentAt: at(s) });
    const received = (s: number) =>
      createEvent(smsReceivedV1, lineage, { messageId: randomUUID(), provider: 'bandwidth', providerMessageId: `m-${s}`, from: caller, to: denver.phoneNumbers[0]!.e164, body: `text ${s}`, mediaUrls: [], receivedAt: at(s), needsReview: false });
    const statusOf = async () => {
      const list = (await (await fetch(`${url}/api/conversations`, { headers: { cookie } })).json()) as { items: { callerE164: string; status: string }[] };
      return list.items.find((i) => i.callerE164 === caller)?.status;
    };
    const waiting = async () => ((await (await fetch(`${url}/api/conversations?status=waiting_on_caller`, { headers: { cookie } })).json()) as { items: { callerE164: string }[] }).items.map((i) => i.callerE164);
    // The caller texted (s=1), the bot asked (s=2): the caller's turn. The bot's text arrives first.
    await bus.publish(smsSentV1, sent('conversation_reply', 2));
    await bus.publish(smsReceivedV1, received(1));
    await pollUntil(async () => (await entriesOf(caller)).length === 2, 'both texts projected');
    expect(await statusOf()).toBe('waiting_on_caller');
    expect(await waiting()).toContain(caller);
    // A notice (not a question) later does not change whose turn it is; the caller answering (s=4) ends the wait.
    await bus.publish(smsSentV1, sent('caller_notice', 3));
    await bus.publish(smsReceivedV1, received(4));
    await pollUntil(async () => (await entriesOf(caller)).length === 4, 'the notice and the answer projected');
    expect(await statusOf()).toBe('bot_active');
    expect(await waiting()).not.toContain(caller);
  });

  it('shows a dispatcher only the conversations of their locations, also by direct id', async () => {
    const caller = testNumber();
    await bus.publish(callMissedV1, missedCall(chicago, caller));
    const [row] = await pollUntil(async () => {
      const rows = (await db.query(`SELECT id FROM ${quoteSchema(schema)}.conversation WHERE caller_e164 = $1`, [caller])) as { id: string }[];
      return rows.length === 1 && rows;
    }, 'the Chicago conversation projected');
    const list = (await (await fetch(`${url}/api/conversations`, { headers: { cookie } })).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).not.toContain(row!.id);
    expect((await fetch(`${url}/api/conversations/${row!.id}`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${url}/api/conversations?locationId=${chicago.locationId}`, { headers: { cookie } }).then((r) => r.json())) as unknown).toEqual({ items: [] });
    expect((await fetch(`${url}/api/conversations`)).status).toBe(401);
  });

  it('refuses a state change without the CSRF token, and a sign-in that is not JSON', async () => {
    expect((await fetch(`${url}/api/session`, { method: 'DELETE', headers: { cookie } })).status).toBe(403);
    const form = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a%40b.c&password=x' });
    expect(form.status).toBe(415);
  });

  it('answers 429 with Retry-After once an account failed 5 sign-ins from any addresses, and lets another user in', async () => {
    const signIn = (email: string, password: string, forwardedFor: string) =>
      fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ email, password }) });
    const target = `owner-${schema}@example.com`;
    for (let i = 0; i < 5; i++) expect((await signIn(target, `guess-${i}`, `198.51.100.${i}`)).status).toBe(401);
    const refused = await signIn(target, 'guess-5', '198.51.100.99');
    expect({ status: refused.status, retryAfter: refused.headers.get('retry-after'), body: await refused.json() }).toEqual({
      status: 429,
      retryAfter: '900',
      body: { statusCode: 429, code: 'too_many_attempts', message: 'too many failed sign-ins; try again in 900 s' },
    });
    expect((await signIn(`dana-${schema}@example.com`, 'dispatch-password', '198.51.100.99')).status).toBe(200);
  });

  describe('dispatch (pages, escalations, acknowledgements in any order)', () => {
    const lineage = (location: LocationConfig) => ({ source: '/textback/it', tenantId: location.tenantId, locationId: location.locationId, correlationId: randomUUID() });
    const paged = (caller: string, dispatchId: string, attempt: number, name: string) =>
      createEvent(dispatchPagedV1, lineage(denver), {
        dispatchId,
        callerE164: caller,
        pageId: randomUUID(),
        attempt,
        onCallName: name,
        onCallE164: testNumber(),
        role: 'on_call',
        channels: ['sms'],
        pagedAt: new Date().toISOString(),
        ackDeadline: new Date(Date.now() + attempt * 60_000).toISOString(),
      });
    const dispatchOf = async (caller: string) =>
      (
        (await db.query(`SELECT dispatch_id, dispatch_state, dispatch_attempt, dispatch_paged_name, dispatch_acknowledged_by FROM ${quoteSchema(schema)}.conversation WHERE caller_e164 = $1`, [caller])) as {
          dispatch_id: string;
          dispatch_state: string;
          dispatch_attempt: number;
          dispatch_paged_name: string;
          dispatch_acknowledged_by: string | null;
        }[]
      )[0];
    const queue = async () => ((await (await fetch(`${url}/api/dispatch`, { headers: { cookie } })).json()) as { items: { callerE164: string; dispatch: { state: string; pagedName: string } | null }[] }).items;

    it('keeps the newest attempt when pages arrive out of order, lists the page in the dispatch queue, and resolves a page link', async () => {
      const caller = testNumber();
      const dispatchId = randomUUID();
      await bus.publish(dispatchPagedV1, paged(caller, dispatchId, 2, 'Sam Reed'));
      await bus.publish(dispatchPagedV1, paged(caller, dispatchId, 1, 'Maria Lopez'));
      await pollUntil(async () => (await entriesOf(caller)).filter((e) => e.kind === 'page').length === 2, 'both pages projected');
      expect(await dispatchOf(caller)).toMatchObject({ dispatch_id: dispatchId, dispatch_state: 'paging', dispatch_attempt: 2, dispatch_paged_name: 'Sam Reed' });
      expect((await queue()).find((i) => i.callerE164 === caller)?.dispatch).toMatchObject({ state: 'paging', pagedName: 'Sam Reed' });
      const link = (await (await fetch(`${url}/api/dispatches/${dispatchId}`, { headers: { cookie } })).json()) as { conversationId: string };
      expect((await fetch(`${url}/api/conversations/${link.conversationId}`, { headers: { cookie } }).then((r) => r.json()) as { callerE164: string }).callerE164).toBe(caller);
      expect((await fetch(`${url}/api/dispatches/${randomUUID()}`, { headers: { cookie } })).status).toBe(404);
    });

    it('keeps an acknowledgement final against a late page or escalation, and drops the conversation from the dispatch queue', async () => {
      const caller = testNumber();
      const dispatchId = randomUUID();
      const userId = randomUUID();
      const ref = { dispatchId, callerE164: caller };
      await bus.publish(dispatchAcknowledgedV1, createEvent(dispatchAcknowledgedV1, lineage(denver), { ...ref, pageId: randomUUID(), acknowledgedBy: userId, via: 'api', acknowledgedAt: new Date().toISOString(), secondsToAcknowledge: 12 }));
      await bus.publish(dispatchPagedV1, paged(caller, dispatchId, 1, 'Maria Lopez'));
      await bus.publish(dispatchEscalatedV1, createEvent(dispatchEscalatedV1, lineage(denver), { ...ref, fromPageId: randomUUID(), toAttempt: 2, exhausted: true, escalatedAt: new Date().toISOString() }));
      await pollUntil(async () => (await entriesOf(caller)).length === 3, 'the acknowledgement, page and escalation projected');
      expect(await dispatchOf(caller)).toMatchObject({ dispatch_state: 'acknowledged', dispatch_acknowledged_by: userId, dispatch_attempt: 1, dispatch_paged_name: 'Maria Lopez' });
      expect((await queue()).map((i) => i.callerE164)).not.toContain(caller);
    });
  });

  it('sends a missed call that breaks its contract to the dead-letter topic', async () => {
    const bad = { ...missedCall(denver, testNumber()), data: { callId: 'not-a-uuid' } };
    // Sent raw: the test bus, like every producer, validates before sending.
    const producer = createKafkaClient({ clientId: 'it-console-raw', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn')).producer();
    await producer.connect();
    await producer.send({ topic: TOPICS.callMissed, messages: [{ key: `${denver.locationId}:bad`, value: JSON.stringify(bad) }] });
    await producer.disconnect();
    const dead = await pollUntil(() => bus.records(deadLetterTopic(TOPICS.callMissed)).find((m) => m.value?.includes(bad.id)), 'dead letter', 60_000);
    expect(dead.headers[KAFKA_HEADERS.dlqReason]).toBeDefined();
  });
});
