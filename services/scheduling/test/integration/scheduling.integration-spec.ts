import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import {
  type BookingConfirmedV1,
  type BookingOfferedV1,
  type CallbackScheduledV1,
  callbackTaskRequestedV1,
  createEvent,
  deadLetterTopic,
  type DispatchAcknowledgedV1,
  type DispatchEscalatedV1,
  type DispatchPagedV1,
  firstTextDecidedV1,
  intentCapturedV1,
  leadCreatedV1,
  leadQualifiedV1,
  type LocationConfig,
  type SmsSendCommandV1,
  smsReceivedV1,
  TOPICS,
  urgentDetectedV1,
} from '@textback/contracts';
import { signAccessToken } from '@textback/auth';
import { KAFKA_HEADERS } from '@textback/kafka';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { LocationDirectory, type ServiceDefinition } from '@textback/platform';
import { BandwidthStandIn, expectEventually, loadStackEnv, pollUntil, uniqueSchemaName } from '@textback/testing';
import { DateTime } from 'luxon';
import { type DataSource } from 'typeorm';
import { create } from 'xmlbuilder2';
import { loadSchedulingEnv, type SchedulingEnv } from '../../src/config/scheduling.env';
import { BookingService } from '../../src/modules/booking/booking.service';
import { ManualClock } from '../../src/modules/clock/adapters/manual/manual.clock';
import { DurableTimerService } from '../../src/modules/timers/durable-timer.service';
import { schedulingService } from '../../src/scheduling.definition';
import { buildLocationConfig, testNumber } from '../factories/location-config.factory';
import { BandwidthCallLedger } from '../utils/bandwidth-call-ledger';
import { KafkaTestBus } from '../utils/kafka-test-bus';
import { startSchedulingApp } from '../utils/scheduling-test-app';

const stack = loadStackEnv();
const schema = uniqueSchemaName('scheduling');
const definition: ServiceDefinition = { ...schedulingService, name: `it-scheduling-${randomUUID().slice(0, 8)}`, schema };
const zone = 'America/Chicago';
const local = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
// Tuesday 2026-12-01 09:30 in Chicago; the clock only moves forward through the file.
const clock = new ManualClock(local('2026-12-01T09:30'));
const JWT_SECRET = 'it-scheduling-jwt-secret-of-at-least-32-chars';
const JWT_ISSUER = 'https://auth.textback.test';
const JWT_AUDIENCE = 'textback-api';
const VOICE_APP = '04e88489-df02-4e34-a0ee-27a91849555f';
const PAGE_CALLBACK = { username: 'tb-voice', password: 'page-callback-secret' };
/** Elements of an XML document in document order, parsed with xmlbuilder2 (never matched as text). */
const xmlElements = (xml: string) =>
  Array.from((create(xml).node as unknown as { getElementsByTagName(n: string): ArrayLike<{ localName: string; textContent: string | null }> }).getElementsByTagName('*')).map((e) => ({ name: e.localName, text: e.textContent ?? '' }));
const basic = (c: { username: string; password: string }) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

/** An HS256 access token with Textback's claims (@textback/auth), signed with jose. */
async function accessToken(claims: { tenantId: string; role: 'owner' | 'admin' | 'regional_manager' | 'dispatcher' | 'agent'; regionIds?: string[]; locationIds?: string[]; userId?: string }, secret = JWT_SECRET): Promise<string> {
  return signAccessToken({ ...claims, userId: claims.userId ?? 'user-it' }, { secret, issuer: JWT_ISSUER, audience: JWT_AUDIENCE });
}

describe('scheduling (real PostgreSQL and Kafka, controllable clock)', () => {
  let app: INestApplication;
  let appUrl: string;
  let env: SchedulingEnv;
  let db: DataSource;
  const bus = new KafkaTestBus(stack.KAFKA_BROKERS);
  const bandwidth = new BandwidthStandIn({ username: 'bw-user', password: 'bw-pass' });
  let ledger: BandwidthCallLedger;

  const boot = async () => {
    ({ app, url: appUrl } = await startSchedulingApp(env, definition, clock));
  };
  const location = async (overrides: Partial<LocationConfig> = {}) => {
    const config = buildLocationConfig(overrides);
    await app.get(LocationDirectory).upsert(config);
    return config;
  };
  const attrs = (config: LocationConfig) => ({ source: '/textback/it', tenantId: config.tenantId, locationId: config.locationId, correlationId: randomUUID(), time: clock.now() });
  const texts = (config: LocationConfig, to: string) => bus.events<SmsSendCommandV1>(TOPICS.smsSend, config.locationId).filter((e) => e.data.to === to);
  const reply = (config: LocationConfig, from: string, body: string) =>
    createEvent(smsReceivedV1, attrs(config), { messageId: randomUUID(), provider: 'bandwidth', providerMessageId: randomUUID(), from, to: config.sendingNumbers[0]?.e164 ?? '', body, receivedAt: clock.now().toISOString() });
  const qualified = (config: LocationConfig, caller: string) =>
    createEvent(leadQualifiedV1, attrs(config), { conversationId: randomUUID(), callerE164: caller, intent: 'book', urgency: 'routine', serviceId: 'hvac-repair', summary: 'AC not cooling' });
  const firstText = (config: LocationConfig, caller: string) =>
    createEvent(firstTextDecidedV1, attrs(config), { callId: randomUUID(), callerE164: caller, outcome: 'sent', commandId: randomUUID(), decisionLatencySeconds: 1, decidedAt: clock.now().toISOString() });
  const leadCreated = (config: LocationConfig, caller: string, leadId = randomUUID()) =>
    createEvent(leadCreatedV1, attrs(config), { leadId, contactId: randomUUID(), callerE164: caller, stage: 'new', source: 'missed_call' });
  /** Publishes crm.lead.created for the caller and waits until scheduling knows the lead. */
  const knownLead = async (config: LocationConfig, caller: string, leadId = randomUUID()) => {
    await bus.publish(leadCreatedV1, leadCreated(config, caller, leadId));
    await pollUntil(async () => (await sql(`SELECT 1 FROM $schema.lead_ref WHERE location_id = $1 AND caller_e164 = $2 AND lead_id = $3`, [config.locationId, caller, leadId])).length === 1, 'lead known');
    return leadId;
  };
  const sql = async <T>(query: string, params: unknown[] = []) => (await db.query(query.replaceAll('$schema', quoteSchema(schema)), params)) as T[];

  beforeAll(async () => {
    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: definition.migrations }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();
    db = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-assert' }).initialize();
    await bandwidth.start(0);
    ledger = new BandwidthCallLedger(bandwidth.voiceBaseUrl, () => clock.now(), { username: 'bw-user', password: 'bw-pass' });
    await ledger.start();
    env = loadSchedulingEnv({
      DATABASE_URL: stack.DATABASE_URL,
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      LOG_LEVEL: 'warn',
      TIMER_POLL_INTERVAL_MS: '100',
      OUTBOX_POLL_INTERVAL_MS: '50',
      SCHEDULING_PUBLIC_BASE_URL: 'http://scheduling.invalid',
      BANDWIDTH_ACCOUNT_ID: '9900000',
      BANDWIDTH_USERNAME: 'bw-user',
      BANDWIDTH_PASSWORD: 'bw-pass',
      BANDWIDTH_VOICE_APPLICATION_ID: VOICE_APP,
      BANDWIDTH_VOICE_BASE_URL: ledger.voiceBaseUrl,
      BANDWIDTH_VOICE_CALLBACK_CREDENTIALS: JSON.stringify([{ applicationId: VOICE_APP, ...PAGE_CALLBACK }]),
      JWT_SECRET,
      JWT_ISSUER,
      JWT_AUDIENCE,
    });
    await bus.startGroupAtEnds(definition.name); // skip the shared topics' history (other tests' and benchmarks' events)
    await boot();
    await bus.start([deadLetterTopic(TOPICS.urgentDetected), TOPICS.smsSend, TOPICS.bookingOffered, TOPICS.bookingConfirmed, TOPICS.bookingCancelled, TOPICS.callbackScheduled, TOPICS.dispatchPaged, TOPICS.dispatchEscalated, TOPICS.dispatchAcknowledged]);
    await bus.waitForCatchUp(definition.name, definition.consumes.map((c) => c.topic));
  });

  afterAll(async () => {
    await app?.close();
    await bus.stop();
    await ledger?.stop();
    await bandwidth.stop();
    await db?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await db?.destroy();
  });

  describe('bookings', () => {
    it('offers a qualified lead the next free slots in local time, once, and books the one the caller picks, naming the lead', async () => {
      const config = await location();
      const caller = testNumber();
      const leadId = await knownLead(config, caller);
      const lead = qualified(config, caller);
      await bus.publish(leadQualifiedV1, lead);
      await bus.publish(leadQualifiedV1, lead);

      const [offer] = await pollUntil(() => bus.events<BookingOfferedV1>(TOPICS.bookingOffered, config.locationId).length > 0 && bus.events<BookingOfferedV1>(TOPICS.bookingOffered, config.locationId), 'booking offered');
      // 09:30 + 60 min notice: the 08:00 and 10:00 two-hour slots are gone; 12:00, 14:00, then Wednesday 08:00.
      expect(offer?.data.slots.map((s) => s.label)).toEqual(['Tue Dec 1, 12pm', 'Tue Dec 1, 2pm', 'Wed Dec 2, 8am']);
      expect(offer?.data.leadId).toBe(leadId);
      await expectEventually(() => expect(texts(config, caller)[0]?.data.body).toContain('1) Tue Dec 1, 12pm\n2) Tue Dec 1, 2pm\n3) Wed Dec 2, 8am'));

      await bus.publish(smsReceivedV1, reply(config, caller, 'the 2pm one'));
      const [confirmed] = await pollUntil(() => bus.events<BookingConfirmedV1>(TOPICS.bookingConfirmed, config.locationId).length > 0 && bus.events<BookingConfirmedV1>(TOPICS.bookingConfirmed, config.locationId), 'booking confirmed');
      expect(confirmed?.data).toMatchObject({ leadId, callerE164: caller, serviceId: 'hvac-repair', estimatedValueCents: 45_000, slot: { startAt: local('2026-12-01T14:00').toISOString(), label: 'Tue Dec 1, 2pm' } });
      await expectEventually(() => expect(texts(config, caller).map((t) => t.data.body)).toContainEqual(expect.stringContaining("you're booked for Tue Dec 1, 2pm")));
      expect(bus.events(TOPICS.bookingOffered, config.locationId)).toHaveLength(1);
      expect(await sql(`SELECT status, stop_reason FROM $schema.follow_up_cadence WHERE caller_e164 = $1`, [caller])).toEqual([{ status: 'stopped', stop_reason: 'booking' }]);
    });

    it('lets one of two concurrent picks of the last free slot win and offers the other the next slot', async () => {
      const config = await location();
      const [first, second] = [testNumber(), testNumber()];
      await bus.publish(leadQualifiedV1, qualified(config, first));
      await bus.publish(leadQualifiedV1, qualified(config, second));
      await pollUntil(() => bus.events(TOPICS.bookingOffered, config.locationId).length === 2, 'two offers');

      const lineage = { tenantId: config.tenantId, locationId: config.locationId, correlationId: randomUUID() };
      const bookings = app.get(BookingService);
      const outcomes = await Promise.all([bookings.handleReplyNow(lineage, first, '1'), bookings.handleReplyNow(lineage, second, '1')]);

      expect(outcomes.map((o) => o.kind).sort()).toEqual(['booked', 're_offered']);
      const rows = await sql<{ start_at: Date }>(`SELECT start_at FROM $schema.booking WHERE location_id = $1 AND status = 'confirmed'`, [config.locationId]);
      expect(rows.map((r) => new Date(r.start_at).toISOString())).toEqual([local('2026-12-01T12:00').toISOString()]);
      const loser = outcomes[0]?.kind === 'booked' ? second : first;
      const reOffer = await pollUntil(() => bus.events<BookingOfferedV1>(TOPICS.bookingOffered, config.locationId).find((e) => e.data.callerE164 === loser && e.data.slots[0]?.label !== 'Tue Dec 1, 12pm'), 're-offer');
      expect(reOffer.data.slots[0]?.label).toBe('Tue Dec 1, 2pm');
      await expectEventually(() => expect(texts(config, loser).map((t) => t.data.body)).toContainEqual(expect.stringContaining('Tue Dec 1, 12pm was just taken')));
    });
  });

  describe('caller changes a booking', () => {
    it('moves the booking to the slot picked after a reschedule intent, then cancels it on a cancel intent', async () => {
      const config = await location();
      const caller = testNumber();
      const conversationId = randomUUID();
      const intent = (kind: 'reschedule' | 'cancel') => createEvent(intentCapturedV1, attrs(config), { conversationId, callerE164: caller, intent: kind, urgency: 'routine', method: 'rules', confidence: 0.95 });
      const confirmations = () => bus.events<BookingConfirmedV1>(TOPICS.bookingConfirmed, config.locationId);
      await bus.publish(leadQualifiedV1, qualified(config, caller));
      await pollUntil(() => bus.events(TOPICS.bookingOffered, config.locationId).length === 1, 'offer');
      await bus.publish(smsReceivedV1, reply(config, caller, '1'));
      const [first] = await pollUntil(() => confirmations().length === 1 && confirmations(), 'first booking');

      await bus.publish(intentCapturedV1, intent('reschedule'));
      const offer = await pollUntil(() => bus.events<BookingOfferedV1>(TOPICS.bookingOffered, config.locationId)[1], 'reschedule offer');
      expect(offer.data.slots.map((x) => x.label)).toEqual(['Tue Dec 1, 2pm', 'Wed Dec 2, 8am', 'Wed Dec 2, 10am']);
      await bus.publish(smsReceivedV1, reply(config, caller, 'wednesday at 8'));
      const moved = await pollUntil(() => confirmations()[1], 'moved booking');
      expect(moved.data).toMatchObject({ rescheduledFrom: first?.data.bookingId, slot: { label: 'Wed Dec 2, 8am' } });
      await expectEventually(() => expect(texts(config, caller).map((t) => t.data.body)).toContainEqual(expect.stringContaining('moved to Wed Dec 2, 8am')));

      await bus.publish(intentCapturedV1, intent('cancel'));
      const cancelled = await pollUntil(() => bus.events<{ bookingId: string; reason: string }>(TOPICS.bookingCancelled, config.locationId)[0], 'cancelled');
      expect(cancelled.data).toMatchObject({ bookingId: moved.data.bookingId, reason: 'caller_asked' });
      expect(await sql(`SELECT status, cancel_reason FROM $schema.booking WHERE location_id = $1 ORDER BY start_at`, [config.locationId])).toEqual([
        { status: 'cancelled', cancel_reason: 'rescheduled' },
        { status: 'cancelled', cancel_reason: 'caller_asked' },
      ]);
    });
  });

  describe('booking API', () => {
    it('needs a valid token, acts only on bookings of the caller\'s tenant and visible locations, reschedules into a free slot and cancels', async () => {
      const regionId = randomUUID();
      const config = await location({ regionId });
      const caller = testNumber();
      const leadId = await knownLead(config, caller);
      await bus.publish(leadQualifiedV1, qualified(config, caller));
      await pollUntil(() => bus.events(TOPICS.bookingOffered, config.locationId).length === 1, 'offer');
      const booked = await app.get(BookingService).handleReplyNow({ tenantId: config.tenantId, locationId: config.locationId, correlationId: randomUUID() }, caller, '1');
      if (booked.kind !== 'booked') throw new Error(`expected a booking, got ${booked.kind}`);
      const post = (path: string, body: unknown, token?: string) =>
        fetch(`${appUrl}/v1/bookings/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
      const dispatcher = await accessToken({ tenantId: config.tenantId, role: 'dispatcher', locationIds: [config.locationId] });
      const move = { startAt: '2026-12-02T10:00:00-06:00' };

      expect((await post(`${booked.bookingId}/reschedule`, move)).status).toBe(401);
      expect((await post(`${booked.bookingId}/reschedule`, move, await accessToken({ tenantId: config.tenantId, role: 'owner' }, 'another-secret-of-at-least-32-characters'))).status).toBe(401);
      expect((await post(`${booked.bookingId}/reschedule`, move, await accessToken({ tenantId: randomUUID(), role: 'owner' }))).status).toBe(404);
      expect((await post(`${booked.bookingId}/reschedule`, move, await accessToken({ tenantId: config.tenantId, role: 'dispatcher', locationIds: [randomUUID()] }))).status).toBe(404);
      expect((await post(`${booked.bookingId}/cancel`, {}, await accessToken({ tenantId: config.tenantId, role: 'regional_manager', regionIds: [randomUUID()] }))).status).toBe(404);
      expect(await sql(`SELECT status FROM $schema.booking WHERE location_id = $1`, [config.locationId])).toEqual([{ status: 'confirmed' }]);
      expect((await post(`${booked.bookingId}/reschedule`, { ...move, tenantId: config.tenantId }, dispatcher)).status).toBe(400);

      expect((await post(`${booked.bookingId}/reschedule`, { startAt: '2026-12-05T10:00:00-06:00' }, dispatcher)).status).toBe(409);
      const moved = await post(`${booked.bookingId}/reschedule`, move, await accessToken({ tenantId: config.tenantId, role: 'regional_manager', regionIds: [regionId] }));
      expect(moved.status).toBe(200);
      const { bookingId } = (await moved.json()) as { bookingId: string };
      const confirmed = await pollUntil(() => bus.events<BookingConfirmedV1>(TOPICS.bookingConfirmed, config.locationId).find((e) => e.data.bookingId === bookingId), 'rescheduled booking');
      expect(confirmed.data).toMatchObject({ leadId, rescheduledFrom: booked.bookingId, estimatedValueCents: 45_000, slot: { label: 'Wed Dec 2, 10am' } });

      expect((await post(`${bookingId}/cancel`, { reason: 'caller called to cancel' }, dispatcher)).status).toBe(204);
      const cancelled = await pollUntil(() => bus.events<{ bookingId: string; leadId?: string }>(TOPICS.bookingCancelled, config.locationId)[0], 'cancelled event');
      expect(cancelled.data).toMatchObject({ bookingId, leadId });
      expect((await post(`${bookingId}/cancel`, {}, dispatcher)).status).toBe(409);
      expect((await post('not-a-uuid/cancel', {}, dispatcher)).status).toBe(400);
      expect(await sql(`SELECT status FROM $schema.booking WHERE location_id = $1 ORDER BY created_at, status`, [config.locationId])).toEqual([{ status: 'cancelled' }, { status: 'cancelled' }]);
    });
  });

  describe('staff booking and callback API (the staff console)', () => {
    it('lists free slots, books one as the user (once per request id), refuses a second booking, a non-slot time and other scopes, and schedules a callback', async () => {
      const regionId = randomUUID();
      const config = await location({ regionId });
      const caller = testNumber();
      const leadId = await knownLead(config, caller);
      const dispatcher = await accessToken({ tenantId: config.tenantId, role: 'dispatcher', locationIds: [config.locationId] });
      const call = (method: 'GET' | 'POST', path: string, body?: unknown, token?: string) =>
        fetch(`${appUrl}${path}`, { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const slotsPath = `/v1/locations/${config.locationId}/slots?callerE164=${encodeURIComponent(caller)}&count=4`;

      expect((await call('GET', slotsPath)).status).toBe(401);
      expect((await call('GET', slotsPath, undefined, await accessToken({ tenantId: config.tenantId, role: 'dispatcher', locationIds: [randomUUID()] }))).status).toBe(404);
      expect((await call('GET', `/v1/locations/${config.locationId}/slots?count=99`, undefined, dispatcher)).status).toBe(400);
      const listed = (await (await call('GET', slotsPath, undefined, dispatcher)).json()) as { timeZone: string; slots: { startAt: string; label: string }[]; upcoming: unknown };
      expect(listed.timeZone).toBe(config.timeZone);
      expect(listed.slots).toHaveLength(4);
      expect(listed.upcoming).toBeNull();
      const chosen = listed.slots[1]!;

      const requestId = randomUUID();
      const book = { requestId, locationId: config.locationId, callerE164: caller, startAt: chosen.startAt, leadId };
      expect((await call('POST', '/v1/bookings', book, await accessToken({ tenantId: config.tenantId, role: 'regional_manager', regionIds: [randomUUID()] }))).status).toBe(404);
      expect((await call('POST', '/v1/bookings', { ...book, callerE164: 'not-a-number' }, dispatcher)).status).toBe(400);
      const first = await call('POST', '/v1/bookings', book, dispatcher);
      expect(first.status).toBe(201);
      const { bookingId } = (await first.json()) as { bookingId: string };
      // The same request again (a retried click) answers the same booking and books nothing more.
      const again = await call('POST', '/v1/bookings', book, dispatcher);
      expect(again.status).toBe(201);
      expect(await again.json()).toEqual({ bookingId });
      const confirmed = await pollUntil(() => bus.events<BookingConfirmedV1>(TOPICS.bookingConfirmed, config.locationId).find((e) => e.data.bookingId === bookingId), 'staff booking confirmed');
      expect(confirmed.data).toMatchObject({ leadId, callerE164: caller, slot: { startAt: chosen.startAt, label: chosen.label }, estimatedValueCents: 45_000 });
      await expectEventually(() => expect(texts(config, caller).map((t) => t.data.body)).toContainEqual(expect.stringContaining(`you're booked for ${chosen.label}`)));
      expect(await sql(`SELECT status FROM $schema.booking WHERE location_id = $1`, [config.locationId])).toEqual([{ status: 'confirmed' }]);

      const after = (await (await call('GET', slotsPath, undefined, dispatcher)).json()) as { slots: { startAt: string }[]; upcoming: { bookingId: string; label: string } | null };
      expect(after.upcoming).toMatchObject({ bookingId, label: chosen.label });
      const second = await call('POST', '/v1/bookings', { ...book, requestId: randomUUID(), startAt: after.slots[0]!.startAt }, dispatcher);
      expect(second.status).toBe(409);
      expect(await second.json()).toMatchObject({ code: 'BOOKING_EXISTS' });
      const notASlot = await call('POST', '/v1/bookings', { requestId: randomUUID(), locationId: config.locationId, callerE164: testNumber(), startAt: local('2026-12-02T03:17').toISOString() }, dispatcher);
      expect(notASlot.status).toBe(409);
      expect(await notASlot.json()).toMatchObject({ code: 'SLOT_UNAVAILABLE' });
      // A reschedule into the past is refused.
      expect((await call('POST', `/v1/bookings/${bookingId}/reschedule`, { startAt: local('2026-11-30T10:00').toISOString() }, dispatcher)).status).toBe(409);

      const callback = { requestId: randomUUID(), locationId: config.locationId, callerE164: caller, at: local('2026-12-03T11:00').toISOString(), reason: 'callback set by Dana' };
      expect((await call('POST', '/v1/callbacks', { ...callback, at: local('2026-11-30T11:00').toISOString() }, dispatcher)).status).toBe(422);
      const scheduled = await call('POST', '/v1/callbacks', callback, dispatcher);
      expect(scheduled.status).toBe(201);
      const { taskId } = (await scheduled.json()) as { taskId: string };
      expect(await (await call('POST', '/v1/callbacks', callback, dispatcher)).json()).toEqual({ taskId });
      const task = await pollUntil(() => bus.events<CallbackScheduledV1>(TOPICS.callbackScheduled, config.locationId).find((e) => e.data.taskId === taskId), 'staff callback scheduled');
      expect(task.data).toMatchObject({ leadId, callerE164: caller, windowStart: local('2026-12-03T11:00').toISOString(), windowEnd: local('2026-12-03T12:00').toISOString(), reason: 'callback set by Dana' });
      expect(await sql(`SELECT count(*)::int AS n FROM $schema.callback_task WHERE location_id = $1`, [config.locationId])).toEqual([{ n: 1 }]);
    });
  });

  describe('callbacks', () => {
    it('puts a callback request in the next staffed window, naming the lead', async () => {
      const config = await location();
      const caller = testNumber();
      const leadId = await knownLead(config, caller);
      clock.set(local('2026-12-01T09:45'));
      await bus.publish(intentCapturedV1, createEvent(intentCapturedV1, attrs(config), { conversationId: randomUUID(), callerE164: caller, intent: 'callback', urgency: 'routine', method: 'rules', confidence: 0.9 }));
      const [task] = await pollUntil(() => bus.events<CallbackScheduledV1>(TOPICS.callbackScheduled, config.locationId).length > 0 && bus.events<CallbackScheduledV1>(TOPICS.callbackScheduled, config.locationId), 'callback scheduled');
      expect(task?.data).toMatchObject({ leadId, callerE164: caller, windowStart: local('2026-12-01T09:45').toISOString(), windowEnd: local('2026-12-01T10:45').toISOString() });
    });
  });

  describe('dispatch', () => {
    it('pages on-call at once by text and call, escalates after the timeout, and stops when acknowledged, each step naming the lead', async () => {
      clock.set(local('2026-12-01T10:00'));
      const config = await location();
      const [ann, bob] = config.onCall.rotation ?? [];
      const caller = testNumber();
      const leadId = await knownLead(config, caller);
      await bus.publish(urgentDetectedV1, createEvent(urgentDetectedV1, attrs(config), { conversationId: randomUUID(), callerE164: caller, hazard: 'gas', summary: 'Smells gas near the furnace', detectedAt: clock.now().toISOString() }));

      const paged = () => bus.events<DispatchPagedV1>(TOPICS.dispatchPaged, config.locationId);
      const [first] = await pollUntil(() => paged().length === 1 && paged(), 'first page');
      expect(first?.data).toMatchObject({ leadId, attempt: 1, onCallName: 'Ann Lee', onCallE164: ann?.e164, role: 'on_call', channels: ['sms', 'voice'], ackDeadline: local('2026-12-01T10:05').toISOString() });
      await expectEventually(() => expect(texts(config, ann?.e164 ?? '')[0]?.data).toMatchObject({ purpose: 'dispatch_page', automated: false, body: expect.stringContaining('Smells gas') }));
      await expectEventually(() => expect(texts(config, caller)[0]?.data.body).toContain('alerting our on-call technician'));

      const call = await pollUntil(() => bandwidth.requestsOf('createCall').find((r) => (r.body as { to?: string }).to === ann?.e164), 'page call to Ann');
      const answerUrl = (call.body as { answerUrl: string }).answerUrl;
      expect(answerUrl).toBe(`http://scheduling.invalid/v1/dispatches/pages/${first?.data.pageId}/answer`);
      // The call carries the page id as its tag and the answer webhook's Basic pair (createCall username/password).
      expect(call.body).toMatchObject({ tag: first?.data.pageId, username: PAGE_CALLBACK.username, password: PAGE_CALLBACK.password, applicationId: VOICE_APP });
      const answer = (authorization?: string) =>
        fetch(answerUrl.replace('http://scheduling.invalid', appUrl), { method: 'POST', body: JSON.stringify({ eventType: 'answer', applicationId: VOICE_APP, tag: first?.data.pageId }), headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) } });
      const refused = await answer();
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toContain('Basic');
      expect((await answer(basic({ ...PAGE_CALLBACK, password: 'wrong-password' }))).status).toBe(401);
      expect((await answer(`Bearer ${await accessToken({ tenantId: config.tenantId, role: 'owner' })}`)).status).toBe(401);
      const bxml = await (await answer(basic(PAGE_CALLBACK))).text();
      expect(bxml).toMatch(/<Response><SpeakSentence voice="julie">Urgent lead for Acme HVAC\. Smells gas near the furnace\./);

      clock.advanceSeconds(299);
      await app.get(DurableTimerService).runDue();
      expect(paged()).toHaveLength(1);
      clock.advanceSeconds(1);
      const second = await pollUntil(() => paged().find((p) => p.data.attempt === 2), 'escalation to Bob');
      expect(second.data).toMatchObject({ leadId, onCallName: 'Bob Diaz', onCallE164: bob?.e164 });
      const escalated = await pollUntil(() => bus.events<DispatchEscalatedV1>(TOPICS.dispatchEscalated, config.locationId)[0], 'escalated');
      expect(escalated.data).toMatchObject({ leadId, fromPageId: first?.data.pageId, toAttempt: 2, exhausted: false });

      const ackText = reply(config, bob?.e164 ?? '', 'ACK');
      await bus.publish(smsReceivedV1, ackText);
      await bus.publish(smsReceivedV1, ackText);
      const [ack] = await pollUntil(() => bus.events<DispatchAcknowledgedV1>(TOPICS.dispatchAcknowledged, config.locationId).length > 0 && bus.events<DispatchAcknowledgedV1>(TOPICS.dispatchAcknowledged, config.locationId), 'acknowledged');
      expect(ack?.data).toMatchObject({ leadId, pageId: second.data.pageId, acknowledgedBy: 'Bob Diaz', via: 'sms', secondsToAcknowledge: 300 });
      await expectEventually(() => expect(texts(config, caller).map((t) => t.data.body)).toContainEqual(expect.stringContaining('Bob has your request')));

      clock.advanceSeconds(3_600);
      await app.get(DurableTimerService).runDue();
      expect(await sql(`SELECT count(*)::int AS n FROM $schema.timer WHERE status = 'pending' AND key LIKE $1`, [`dispatch:${first?.data.dispatchId}:%`])).toEqual([{ n: 0 }]);
      expect(paged()).toHaveLength(2);
      expect(bus.events(TOPICS.dispatchEscalated, config.locationId)).toHaveLength(1);
      expect(bus.events(TOPICS.dispatchAcknowledged, config.locationId)).toHaveLength(1);
    });

    it('pages the manager when the rotation is exhausted, names a lead learned after the first page, and takes an acknowledgement through the API', async () => {
      const cy = testNumber();
      const config = await location({ onCall: { escalationTimeoutSeconds: 120, managerE164: testNumber(), rotation: [{ name: 'Cy Park', e164: cy }] } });
      const caller = testNumber();
      bandwidth.failNextCalls({ status: 429 });
      await bus.publish(urgentDetectedV1, createEvent(urgentDetectedV1, attrs(config), { conversationId: randomUUID(), callerE164: caller, hazard: null, summary: 'Water pouring from ceiling', detectedAt: clock.now().toISOString() }));
      const paged = () => bus.events<DispatchPagedV1>(TOPICS.dispatchPaged, config.locationId);
      const [first] = await pollUntil(() => paged().length === 1 && paged(), 'first page');
      // The urgent lead reached scheduling before lead-crm's lead: paged at once, without a lead id.
      expect(first?.data.leadId).toBeUndefined();
      const leadId = await knownLead(config, caller);
      // The carrier refused the page call (429): the call timer retries after 5 s.
      await pollUntil(async () => (await sql(`SELECT 1 FROM $schema.timer WHERE key = $1 AND status = 'pending' AND attempts = 1`, [`dispatch:${first?.data.dispatchId}:call:1`])).length === 1, 'call retry scheduled');
      clock.advanceSeconds(5);
      const calls = await pollUntil(() => bandwidth.requestsOf('createCall').filter((r) => (r.body as { to?: string }).to === cy).length === 2 && bandwidth.requestsOf('createCall').filter((r) => (r.body as { to?: string }).to === cy), 'retried call');
      expect(calls.map((c) => c.status)).toEqual([429, 201]);
      clock.advanceSeconds(115);
      const manager = await pollUntil(() => paged().find((p) => p.data.attempt === 2), 'manager page');
      expect(manager.data).toMatchObject({ leadId, role: 'manager', onCallE164: config.onCall.managerE164 });
      expect((await pollUntil(() => bus.events<DispatchEscalatedV1>(TOPICS.dispatchEscalated, config.locationId)[0], 'escalated')).data).toMatchObject({ leadId, toAttempt: 2, exhausted: false });

      const ackApi = (dispatchId: string, token?: string) => fetch(`${appUrl}/v1/dispatches/${dispatchId}/ack`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });
      const dispatchId = first?.data.dispatchId ?? '';
      expect((await ackApi(dispatchId)).status).toBe(401);
      expect((await ackApi(dispatchId, await accessToken({ tenantId: randomUUID(), role: 'owner' }))).status).toBe(404);
      expect((await ackApi(dispatchId, await accessToken({ tenantId: config.tenantId, role: 'agent', locationIds: [randomUUID()] }))).status).toBe(404);
      expect((await ackApi(randomUUID(), await accessToken({ tenantId: config.tenantId, role: 'owner' }))).status).toBe(404);
      expect(await sql(`SELECT status FROM $schema.dispatch WHERE dispatch_id = $1`, [dispatchId])).toEqual([{ status: 'paging' }]);
      const dispatcher = await accessToken({ tenantId: config.tenantId, role: 'dispatcher', locationIds: [config.locationId], userId: 'dispatcher-dana' });
      expect((await ackApi(dispatchId, dispatcher)).status).toBe(204);
      expect((await ackApi(dispatchId, dispatcher)).status).toBe(204);
      const ack = await pollUntil(() => bus.events<DispatchAcknowledgedV1>(TOPICS.dispatchAcknowledged, config.locationId)[0], 'api ack');
      expect(ack.data).toMatchObject({ leadId, via: 'api', acknowledgedBy: 'dispatcher-dana', pageId: manager.data.pageId });
      expect(bus.events(TOPICS.dispatchAcknowledged, config.locationId)).toHaveLength(1);
    });
  });

  describe('page calls (one call per page as far as Bandwidth allows)', () => {
    const urgentAt = (config: LocationConfig) =>
      createEvent(urgentDetectedV1, attrs(config), { conversationId: randomUUID(), callerE164: testNumber(), hazard: 'flooding', summary: 'Basement flooding', detectedAt: clock.now().toISOString() });
    const pageCall = async (pageId: string) =>
      (await sql<{ call_state: string; provider_call_id: string | null; call_attempts: number }>(`SELECT call_state, provider_call_id, call_attempts FROM $schema.dispatch_page WHERE page_id = $1`, [pageId]))[0];
    const createCallsTo = (e164: string) => bandwidth.requestsOf('createCall').filter((r) => (r.body as { to?: string }).to === e164);

    it('holds no transaction open while the page call is in flight at the carrier', async () => {
      clock.set(local('2026-12-02T10:30'));
      const cal = testNumber();
      const config = await location({ onCall: { escalationTimeoutSeconds: 600, managerE164: testNumber(), rotation: [{ name: 'Cal Ng', e164: cal }] } });
      // At the create-call request, held until measured: scheduling's transactions open when it arrived that are still
      // open when every short transaction would have ended (up to 3 s later), i.e. transactions spanning the call.
      const openTransactions = () =>
        sql<{ pid: number; xact_start: Date }>(`SELECT pid, xact_start FROM pg_stat_activity WHERE application_name = $1 AND xact_start IS NOT NULL`, [definition.name]);
      const spanningPerCall: number[] = [];
      bandwidth.onCreateCall(async (request) => {
        if ((request as { to?: string }).to !== cal) return;
        let spanning = await openTransactions();
        for (let waited = 0; spanning.length > 0 && waited < 3_000; waited += 50) {
          await sleep(50);
          const open = await openTransactions();
          spanning = open.filter((o) => spanning.some((s) => s.pid === o.pid && s.xact_start.getTime() === o.xact_start.getTime()));
        }
        spanningPerCall.push(spanning.length);
      });
      try {
        await bus.publish(urgentDetectedV1, urgentAt(config));
        const page = await pollUntil(() => bus.events<DispatchPagedV1>(TOPICS.dispatchPaged, config.locationId)[0], 'page');
        await pollUntil(async () => (await pageCall(page.data.pageId))?.call_state === 'placed', 'call placed');
        expect({ calls: createCallsTo(cal).length, spanningPerCall }).toEqual({ calls: 1, spanningPerCall: [0] });
      } finally {
        bandwidth.onCreateCall(undefined);
      }
    });

    it('does not call again after a crash between the carrier creating the call and scheduling recording it', async () => {
      clock.set(local('2026-12-02T11:00'));
      const dee = testNumber();
      const config = await location({ onCall: { escalationTimeoutSeconds: 600, managerE164: testNumber(), rotation: [{ name: 'Dee Ray', e164: dee }] } });
      ledger.dropNextCallResponseTo(dee);
      await bus.publish(urgentDetectedV1, urgentAt(config));
      const page = await pollUntil(() => bus.events<DispatchPagedV1>(TOPICS.dispatchPaged, config.locationId)[0], 'page');
      // Bandwidth created the call, its answer never arrived: the recorded intent stays `placing`.
      await pollUntil(async () => (await pageCall(page.data.pageId))?.call_attempts === 1 && (await sql(`SELECT 1 FROM $schema.timer WHERE key = $1 AND attempts = 1`, [`dispatch:${page.data.dispatchId}:call:1`])).length === 1, 'call outcome unknown');
      expect(await pageCall(page.data.pageId)).toEqual({ call_state: 'placing', provider_call_id: null, call_attempts: 1 });
      expect(ledger.callsTo(dee)).toHaveLength(1);

      await app.close();
      clock.advanceSeconds(30);
      await boot();
      const [created] = ledger.callsTo(dee);
      await pollUntil(async () => (await pageCall(page.data.pageId))?.call_state === 'placed', 'call reconciled after restart');
      expect(await pageCall(page.data.pageId)).toEqual({ call_state: 'placed', provider_call_id: created?.callId, call_attempts: 1 });
      expect(created?.tag).toBe(page.data.pageId);
      expect(createCallsTo(dee)).toHaveLength(1);
      expect(ledger.listRequests.filter((q) => q.get('to') === dee).map((q) => q.get('minStartTime'))).toEqual([local('2026-12-02T10:59').toISOString()]);
      await app.get(DurableTimerService).runDue();
      expect(createCallsTo(dee)).toHaveLength(1);
    });

    it('places the call when the earlier attempt never reached the carrier, and records a call id learned from the answer webhook', async () => {
      clock.set(local('2026-12-02T11:30'));
      const eve = testNumber();
      const config = await location({ onCall: { escalationTimeoutSeconds: 600, managerE164: testNumber(), rotation: [{ name: 'Eve Moss', e164: eve }] } });
      ledger.loseNextCallRequestTo(eve);
      await bus.publish(urgentDetectedV1, urgentAt(config));
      const page = await pollUntil(() => bus.events<DispatchPagedV1>(TOPICS.dispatchPaged, config.locationId)[0], 'page');
      await pollUntil(async () => (await sql(`SELECT 1 FROM $schema.timer WHERE key = $1 AND attempts = 1`, [`dispatch:${page.data.dispatchId}:call:1`])).length === 1, 'first attempt failed');
      expect(await pageCall(page.data.pageId)).toEqual({ call_state: 'placing', provider_call_id: null, call_attempts: 1 });
      expect(createCallsTo(eve)).toHaveLength(0);

      clock.advanceSeconds(5);
      await pollUntil(async () => (await pageCall(page.data.pageId))?.call_state === 'placed', 'call placed on retry');
      const [created] = ledger.callsTo(eve);
      expect(await pageCall(page.data.pageId)).toEqual({ call_state: 'placed', provider_call_id: created?.callId, call_attempts: 2 });
      expect(createCallsTo(eve)).toHaveLength(1);

      // Bandwidth's answer webhook names the call (tag = page id); an already recorded call id is kept.
      const res = await fetch(`${appUrl}/v1/dispatches/pages/${page.data.pageId}/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: basic(PAGE_CALLBACK) },
        body: JSON.stringify({ eventType: 'answer', callId: 'c-another-call', tag: page.data.pageId, applicationId: VOICE_APP }),
      });
      expect(res.status).toBe(200);
      expect((await pageCall(page.data.pageId))?.provider_call_id).toBe(created?.callId);
    });
  });

  describe('bad input', () => {
    it('dead-letters an urgent lead for a location scheduling does not know, and keeps consuming', async () => {
      const unknown = buildLocationConfig();
      const orphan = createEvent(urgentDetectedV1, attrs(unknown), { conversationId: randomUUID(), callerE164: testNumber(), hazard: null, summary: 'No heat', detectedAt: clock.now().toISOString() });
      await bus.publish(urgentDetectedV1, orphan);
      const dead = await pollUntil(() => bus.records(deadLetterTopic(TOPICS.urgentDetected)).find((m) => m.value?.includes(orphan.id)), 'dead letter');
      expect(dead.headers[KAFKA_HEADERS.dlqReason]).toBe('handler');
      expect(dead.headers[KAFKA_HEADERS.dlqError]).toContain(`location ${unknown.locationId} is not in the location directory`);
    });
  });

  describe('follow-up cadence', () => {
    it('stops when the caller replies', async () => {
      clock.set(local('2026-12-01T11:00'));
      const config = await location();
      const caller = testNumber();
      await bus.publish(firstTextDecidedV1, firstText(config, caller));
      await pollUntil(async () => (await sql(`SELECT 1 FROM $schema.follow_up_cadence WHERE caller_e164 = $1 AND status = 'active'`, [caller])).length === 1, 'cadence started');
      await bus.publish(smsReceivedV1, reply(config, caller, 'yes can someone come look at my furnace?'));
      await pollUntil(async () => (await sql(`SELECT 1 FROM $schema.follow_up_cadence WHERE caller_e164 = $1 AND status = 'stopped' AND stop_reason = 'reply'`, [caller])).length === 1, 'cadence stopped');

      clock.advanceSeconds(2 * 3_600);
      await app.get(DurableTimerService).runDue();
      expect(await sql(`SELECT t.status FROM $schema.timer t JOIN $schema.follow_up_cadence c ON t.key LIKE 'follow-up:' || c.cadence_id || ':%' WHERE c.caller_e164 = $1`, [caller])).toEqual([{ status: 'cancelled' }]);
      expect(texts(config, caller).filter((t) => t.data.purpose === 'follow_up')).toHaveLength(0);
    });

    it('defers a step due in quiet hours to the morning', async () => {
      clock.set(local('2026-12-01T20:15'));
      const config = await location();
      const caller = testNumber();
      await bus.publish(firstTextDecidedV1, firstText(config, caller));
      await pollUntil(async () => (await sql(`SELECT 1 FROM $schema.follow_up_cadence WHERE caller_e164 = $1`, [caller])).length === 1, 'cadence started');

      clock.set(local('2026-12-01T21:15'));
      const morning = local('2026-12-02T08:00');
      await pollUntil(async () => (await sql<{ due_at: Date }>(`SELECT t.due_at FROM $schema.timer t JOIN $schema.follow_up_cadence c ON t.key = 'follow-up:' || c.cadence_id || ':0' WHERE c.caller_e164 = $1`, [caller]))[0]?.due_at.getTime() === morning.getTime(), 'step deferred to 08:00');
      expect(texts(config, caller)).toHaveLength(0);

      clock.set(morning);
      const [followUp] = await pollUntil(() => texts(config, caller).length > 0 && texts(config, caller), 'morning follow-up');
      expect(followUp?.data).toMatchObject({ purpose: 'follow_up', automated: true, body: expect.stringContaining('Acme HVAC') });
      expect(followUp?.time).toBe(morning.toISOString());
    });
  });

  describe('durable timers', () => {
    it('fires a timer that fell due while the service was down exactly once after restart', async () => {
      clock.set(local('2026-12-02T09:00'));
      const config = await location();
      const caller = testNumber();
      await bus.publish(firstTextDecidedV1, firstText(config, caller));
      await pollUntil(async () => (await sql(`SELECT 1 FROM $schema.timer t JOIN $schema.follow_up_cadence c ON t.key = 'follow-up:' || c.cadence_id || ':0' WHERE c.caller_e164 = $1`, [caller])).length === 1, 'step timer stored');

      await app.close();
      clock.advanceSeconds(2 * 3_600);
      await boot();
      const timers = app.get(DurableTimerService);
      await Promise.all([timers.runDue(), timers.runDue(), timers.runDue()]);

      await pollUntil(() => texts(config, caller).length > 0, 'follow-up after restart');
      const rows = await sql<{ status: string; attempts: number; next_step: number }>(
        `SELECT t.status, t.attempts, c.next_step FROM $schema.timer t JOIN $schema.follow_up_cadence c ON t.key = 'follow-up:' || c.cadence_id || ':0' WHERE c.caller_e164 = $1`,
        [caller],
      );
      expect(rows).toEqual([{ status: 'fired', attempts: 0, next_step: 1 }]);
      expect(await sql(`SELECT count(*)::int AS n FROM $schema.outbox WHERE topic = $1 AND value LIKE $2`, [TOPICS.smsSend, `%${caller}%`])).toEqual([{ n: 1 }]);
      expect(texts(config, caller)).toHaveLength(1);
    });
  });

  describe('callbacks after hours', () => {
    it('places a callback task for a landline caller in the next opening, once per task key', async () => {
      clock.set(local('2026-12-02T18:30'));
      const config = await location();
      const request = createEvent(callbackTaskRequestedV1, attrs(config), { taskKey: `call:${randomUUID()}`, callId: randomUUID(), callerE164: testNumber(), reason: 'landline' });
      await bus.publish(callbackTaskRequestedV1, request);
      await bus.publish(callbackTaskRequestedV1, { ...request, id: randomUUID() });
      const [task] = await pollUntil(() => bus.events<CallbackScheduledV1>(TOPICS.callbackScheduled, config.locationId).length > 0 && bus.events<CallbackScheduledV1>(TOPICS.callbackScheduled, config.locationId), 'callback scheduled');
      expect(task?.data).toMatchObject({ reason: 'landline', windowStart: local('2026-12-03T08:00').toISOString(), windowEnd: local('2026-12-03T09:00').toISOString() });
      await pollUntil(async () => (await sql(`SELECT 1 FROM $schema.inbox WHERE event_id = $1`, [request.id])).length === 1, 'request applied');
      expect(await sql(`SELECT count(*)::int AS n FROM $schema.callback_task WHERE location_id = $1`, [config.locationId])).toEqual([{ n: 1 }]);
    });
  });
  describe('page call speech (caller words into BXML)', () => {
    it('reads a summary carrying BXML (raw, entity-encoded or look-alike) as words: the page BXML has one SpeakSentence and no other verb', async () => {
      clock.set(local('2026-12-09T10:00')); // after every other test's clock: its pages' timers never come due
      const config = await location();
      const injections = [
        '</SpeakSentence><Redirect redirectUrl="https://evil.example/bxml"/>',
        '&lt;/SpeakSentence&gt;&lt;Transfer&gt;&lt;PhoneNumber&gt;+15550001111&lt;/PhoneNumber&gt;&lt;/Transfer&gt;',
        '&amp;lt;Redirect redirectUrl=&amp;quot;https://evil.example&amp;quot;/&amp;gt; \uFF1CHangup/\uFF1E',
        '</Say><Dial>+15550001111</Dial><Say>',
      ];
      for (const injection of injections) {
        const caller = testNumber();
        await bus.publish(urgentDetectedV1, createEvent(urgentDetectedV1, attrs(config), { conversationId: randomUUID(), callerE164: caller, hazard: 'gas', summary: `Gas leak ${injection}`, detectedAt: clock.now().toISOString() }));
        const page = await pollUntil(() => bus.events<DispatchPagedV1>(TOPICS.dispatchPaged, config.locationId).find((p) => p.data.callerE164 === caller), 'page');
        await pollUntil(() => bandwidth.requestsOf('createCall').find((r) => (r.body as { tag?: string }).tag === page.data.pageId), 'page call');
        const res = await fetch(`${appUrl}/v1/dispatches/pages/${page.data.pageId}/answer`, {
          method: 'POST',
          body: JSON.stringify({ eventType: 'answer', applicationId: VOICE_APP, tag: page.data.pageId }),
          headers: { 'content-type': 'application/json', authorization: basic(PAGE_CALLBACK) },
        });
        expect(res.status).toBe(200);
        const elements = xmlElements(await res.text());
        expect(elements.map((e) => e.name)).toEqual(['Response', 'SpeakSentence']);
        expect(elements[1]?.text).toMatch(/^Urgent lead for Acme HVAC\. Gas leak /);
      }
    });
  });
});
