import { randomUUID } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { type BookingConfirmedV1, type BookingOfferedV1, createEvent, leadQualifiedV1, type LocationConfig, type SmsSendCommandV1, smsReceivedV1, TOPICS } from '@textback/contracts';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { LocationDirectory, type ServiceDefinition } from '@textback/platform';
import { expectEventually, loadStackEnv, pollUntil, uniqueSchemaName } from '@textback/testing';
import { DateTime } from 'luxon';
import { type DataSource } from 'typeorm';
import { loadSchedulingEnv } from '../../src/config/scheduling.env';
import { BookingService } from '../../src/modules/booking/booking.service';
import { ManualClock } from '../../src/modules/clock/adapters/manual/manual.clock';
import { schedulingService } from '../../src/scheduling.definition';
import { buildLocationConfig, testNumber } from '../factories/location-config.factory';
import { KafkaTestBus } from '../utils/kafka-test-bus';
import { startSchedulingApp } from '../utils/scheduling-test-app';

const stack = loadStackEnv();
const schema = uniqueSchemaName('scheduling');
const definition: ServiceDefinition = { ...schedulingService, name: `it-booking-pref-${randomUUID().slice(0, 8)}`, schema };
const zone = 'America/Chicago';
const local = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
// Tuesday 2026-12-01 01:30 in Chicago; the clock only moves forward through the file.
const clock = new ManualClock(local('2026-12-01T01:30'));
const ALL_DAY = [{ open: '00:00', close: '23:59' }];
const EVERY_DAY = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };

describe('booking offers honour the caller (real PostgreSQL and Kafka, controllable clock)', () => {
  let app: INestApplication;
  let db: DataSource;
  const bus = new KafkaTestBus(stack.KAFKA_BROKERS);

  const location = async (overrides: Partial<LocationConfig> = {}) => {
    const config = buildLocationConfig(overrides);
    await app.get(LocationDirectory).upsert(config);
    return config;
  };
  const attrs = (config: LocationConfig) => ({ source: '/textback/it', tenantId: config.tenantId, locationId: config.locationId, correlationId: randomUUID(), time: clock.now() });
  const texts = (config: LocationConfig, to: string) => bus.events<SmsSendCommandV1>(TOPICS.smsSend, config.locationId).filter((e) => e.data.to === to);
  const offers = (config: LocationConfig, caller: string) => bus.events<BookingOfferedV1>(TOPICS.bookingOffered, config.locationId).filter((e) => e.data.callerE164 === caller);
  const nthOffer = (config: LocationConfig, caller: string, n: number) => pollUntil(() => offers(config, caller)[n - 1], `offer ${n}`);
  const reply = (config: LocationConfig, from: string, body: string) =>
    createEvent(smsReceivedV1, attrs(config), { messageId: randomUUID(), provider: 'bandwidth', providerMessageId: randomUUID(), from, to: config.sendingNumbers[0]?.e164 ?? '', body, receivedAt: clock.now().toISOString() });
  const qualified = (config: LocationConfig, caller: string, serviceId: string, said?: string) =>
    createEvent(leadQualifiedV1, attrs(config), {
      conversationId: randomUUID(),
      callerE164: caller,
      intent: 'book',
      urgency: 'routine',
      serviceId,
      summary: 'booking',
      ...(said ? { preferredTime: { text: said, said } } : {}),
    });

  beforeAll(async () => {
    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: definition.migrations }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();
    db = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-assert' }).initialize();
    const env = loadSchedulingEnv({
      DATABASE_URL: stack.DATABASE_URL,
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      LOG_LEVEL: 'warn',
      TIMER_POLL_INTERVAL_MS: '100',
      OUTBOX_POLL_INTERVAL_MS: '50',
      JWT_SECRET: 'it-booking-pref-jwt-secret-of-at-least-32-chars',
      JWT_ISSUER: 'https://auth.textback.test',
      JWT_AUDIENCE: 'textback-api',
    });
    await bus.startGroupAtEnds(definition.name); // skip the shared topics' history
    ({ app } = await startSchedulingApp(env, definition, clock));
    await bus.start([TOPICS.smsSend, TOPICS.bookingOffered, TOPICS.bookingConfirmed]);
    await bus.waitForCatchUp(definition.name, definition.consumes.map((c) => c.topic));
  });

  afterAll(async () => {
    await app?.close();
    await bus.stop();
    await db?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await db?.destroy();
  });

  it('does not offer a 3am job at a 24/7 location unless the service books around the clock; lead time and travel buffer per service', async () => {
    const config = await location({
      businessHours: EVERY_DAY,
      services: [
        { serviceId: 'hvac-repair', name: 'HVAC repair', synonyms: [], averageTicketCents: 45_000, slotMinutes: 120, travelBufferMinutes: 30 },
        { serviceId: 'night-callout', name: 'Night callout', synonyms: [], averageTicketCents: 90_000, slotMinutes: 60, bookingHours: EVERY_DAY },
        { serviceId: 'install', name: 'Install', synonyms: [], averageTicketCents: 200_000, slotMinutes: 120, leadTimeMinutes: 24 * 60 },
      ],
    });
    const [routine, night, install, next] = [testNumber(), testNumber(), testNumber(), testNumber()];
    await bus.publish(leadQualifiedV1, qualified(config, routine, 'hvac-repair'));
    await bus.publish(leadQualifiedV1, qualified(config, night, 'night-callout'));
    await bus.publish(leadQualifiedV1, qualified(config, install, 'install'));

    // 01:30 + 60 min notice; the line is answered 24/7 but routine jobs are booked 07:00-20:00 (the default).
    expect((await nthOffer(config, routine, 1)).data.slots.map((s) => s.label)).toEqual(['Tue Dec 1, 7am', 'Tue Dec 1, 9am', 'Tue Dec 1, 11am']);
    expect((await nthOffer(config, night, 1)).data.slots.map((s) => s.label)).toEqual(['Tue Dec 1, 3am', 'Tue Dec 1, 4am', 'Tue Dec 1, 5am']);
    expect((await nthOffer(config, install, 1)).data.slots[0]?.label).toBe('Wed Dec 2, 7am'); // a day's notice

    const lineage = { tenantId: config.tenantId, locationId: config.locationId, correlationId: randomUUID() };
    expect(await app.get(BookingService).handleReplyNow(lineage, routine, '1')).toMatchObject({ kind: 'booked' });
    await bus.publish(leadQualifiedV1, qualified(config, next, 'hvac-repair'));
    // 07:00-09:00 is booked; with 30 minutes of travel on each side the 9am slot is kept free.
    expect((await nthOffer(config, next, 1)).data.slots.map((s) => s.label)).toEqual(['Tue Dec 1, 11am', 'Tue Dec 1, 1pm', 'Tue Dec 1, 3pm']);
  });

  it('offers a "Friday morning" caller Friday-morning slots, new ones for "none of those", and says so when the new day has none', async () => {
    clock.set(local('2026-12-01T09:30'));
    const config = await location(); // Mon-Fri 08:00-17:00, 2-hour slots, capacity 1
    const caller = testNumber();
    await bus.publish(leadQualifiedV1, qualified(config, caller, 'hvac-repair', 'Friday morning if possible'));

    const first = await nthOffer(config, caller, 1);
    // Every offer is on a Friday morning (this Friday first); nothing on Tuesday to Thursday although they are free.
    expect(first.data.slots.map((s) => s.label)).toEqual(['Fri Dec 4, 8am', 'Fri Dec 4, 10am', 'Fri Dec 11, 8am']);
    await expectEventually(() => expect(texts(config, caller)[0]?.data.body).toContain('openings for Friday morning for HVAC repair:\n1) Fri Dec 4, 8am\n2) Fri Dec 4, 10am\n3) Fri Dec 11, 8am'));

    await bus.publish(smsReceivedV1, reply(config, caller, 'none of those'));
    // The same window without the slots turned down (the 14-day horizon ends before Fri Dec 18).
    expect((await nthOffer(config, caller, 2)).data.slots.map((s) => s.label)).toEqual(['Fri Dec 11, 10am']);

    await bus.publish(smsReceivedV1, reply(config, caller, 'actually Saturday works better'));
    const third = await nthOffer(config, caller, 3);
    // Closed on Saturdays: the openings nearest to the coming Saturday, and the text says Saturday is not free.
    expect(third.data.slots.map((s) => s.label)).toEqual(['Fri Dec 4, 10am', 'Fri Dec 4, 12pm', 'Fri Dec 4, 2pm']);
    await expectEventually(() => expect(texts(config, caller).map((t) => t.data.body)).toContainEqual(expect.stringContaining('sorry, nothing is free for Saturday. The nearest openings')));

    await bus.publish(smsReceivedV1, reply(config, caller, 'ok thanks'));
    await bus.publish(smsReceivedV1, reply(config, caller, 'none of those'));
    await nthOffer(config, caller, 4);
    expect(offers(config, caller)).toHaveLength(4); // "ok thanks" made no offer
  });

  it('offers a stated clock time the slot grid does not start at, and says when only one opening is left in the window', async () => {
    clock.set(local('2026-12-01T10:00'));
    const config = await location(); // Mon-Fri 08:00-17:00, 2-hour slots from 8: 8, 10, 12, 2pm (a 4pm job would end after 17:00)
    const caller = testNumber();
    await bus.publish(leadQualifiedV1, qualified(config, caller, 'hvac-repair', 'tomorrow at 3pm'));
    // 3pm-5pm fits the day although no grid slot starts at 3pm; it is the only slot inside "tomorrow at 3pm".
    expect((await nthOffer(config, caller, 1)).data.slots.map((s) => s.label)).toEqual(['Wed Dec 2, 3pm']);
    await expectEventually(() => expect(texts(config, caller)[0]?.data.body).toContain('only one opening is left tomorrow at 3pm for HVAC repair:\n1) Wed Dec 2, 3pm'));
    const lineage = { tenantId: config.tenantId, locationId: config.locationId, correlationId: randomUUID() };
    expect(await app.get(BookingService).handleReplyNow(lineage, caller, '1')).toMatchObject({ kind: 'booked' });

    // Booked: the next caller asking for the same time hears that it is full, then the nearest openings (2pm overlaps the 3pm job).
    const other = testNumber();
    await bus.publish(leadQualifiedV1, qualified(config, other, 'hvac-repair', 'tomorrow at 3pm'));
    expect((await nthOffer(config, other, 1)).data.slots.map((s) => s.label)).toEqual(['Wed Dec 2, 8am', 'Wed Dec 2, 10am', 'Wed Dec 2, 12pm']);
    await expectEventually(() => expect(texts(config, other)[0]?.data.body).toContain('sorry, nothing is free tomorrow at 3pm. The nearest openings for HVAC repair:'));
  });

  it('does not read the text that led to an offer as a pick from it when scheduling reads that text after making the offer', async () => {
    clock.set(local('2026-12-01T11:00'));
    const config = await location(); // Mon-Fri 08:00-17:00, 2-hour slots from 8
    const caller = testNumber();
    // The caller's "Wednesday" reached messaging at 11:00 and qualified the lead; scheduling made the offer two
    // seconds later, and its inbound-text consumer only reads the same text after that (another topic, lagging).
    const stated = reply(config, caller, 'Wednesday');
    clock.set(local('2026-12-01T11:00:02'));
    await bus.publish(leadQualifiedV1, qualified(config, caller, 'hvac-repair', 'Wednesday'));
    const offer = await nthOffer(config, caller, 1);
    // Read as a pick, "Wednesday" would book the first of them.
    expect(offer.data.slots.map((s) => s.label)).toEqual(['Wed Dec 2, 8am', 'Wed Dec 2, 10am', 'Wed Dec 2, 12pm']);
    await bus.publish(smsReceivedV1, stated);
    // The caller's real answer to the offer, after it: the third opening.
    clock.set(local('2026-12-01T11:01'));
    await bus.publish(smsReceivedV1, reply(config, caller, '3'));
    const confirmed = () => bus.events<BookingConfirmedV1>(TOPICS.bookingConfirmed, config.locationId).filter((e) => e.data.callerE164 === caller);
    const booking = await pollUntil(() => confirmed()[0], 'the booking');
    expect(booking.data.slot.label).toBe(offer.data.slots[2]?.label);
    expect(confirmed()).toHaveLength(1);
  });

  it('reads "actually Wednesday works better" as a change of mind to new Wednesday offers, not a pick of the offered Wednesday slot', async () => {
    clock.set(local('2026-12-01T14:30'));
    const config = await location(); // Mon-Fri 08:00-17:00, 2-hour slots from 8
    const caller = testNumber();
    await bus.publish(leadQualifiedV1, qualified(config, caller, 'hvac-repair'));
    const first = await nthOffer(config, caller, 1);
    // The earliest openings run into Wednesday, so a pick by day alone would book one.
    expect(first.data.slots.some((s) => s.label.startsWith('Wed'))).toBe(true);
    clock.set(local('2026-12-01T14:31'));
    await bus.publish(smsReceivedV1, reply(config, caller, 'actually Wednesday works better'));
    const second = await nthOffer(config, caller, 2);
    expect(second.data.slots.length).toBeGreaterThan(0);
    expect(second.data.slots.every((s) => s.label.startsWith('Wed'))).toBe(true);
    expect(bus.events<BookingConfirmedV1>(TOPICS.bookingConfirmed, config.locationId).filter((e) => e.data.callerE164 === caller)).toHaveLength(0);
  });
});
