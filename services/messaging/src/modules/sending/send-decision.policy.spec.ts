import { randomUUID } from 'node:crypto';
import { type LocationDirectory } from '@textback/platform';
import { type TransactionContext, type TransactionHandle } from '@textback/persistence';
import { DateTime } from 'luxon';
import { strictMock } from '@textback/testing';
import { buildLocationConfig } from '../../../test/factories/location-config.factory';
import { messagingEnvSchema } from '../../config/messaging.env';
import { type ConsentLedger } from '../consent/consent-ledger.service';
import { type ConsentEntry } from '../consent/consent.repository';
import { type LineTypeRepository } from '../line-type/line-type.repository';
import { type RecipientZones } from '../policy/recipient-zones.service';
import { type OutboundMessageRepository } from './outbound-message.repository';
import { SendDecision } from './send-decision.policy';
import { type SendIntent } from './send-intent.types';

const tx = { handle: {} as TransactionHandle } as TransactionContext;
const config = buildLocationConfig({ timeZone: 'America/New_York', internationalPolicy: 'callback_task' });
const sender = config.sendingNumbers[0]?.e164 ?? '';
const caller = '+12125550123';
/** 14:30 in New York on a weekday: daytime everywhere on the mainland. */
const now = DateTime.fromISO('2026-12-01T14:30', { zone: 'America/New_York' }).toJSDate();
const conversation: { pausedReason: string | null; humanActive: boolean; lastInboundAt: Date | null } = { pausedReason: null, humanActive: false, lastInboundAt: null };
const limits = { automatedHourlyCap: 6, loopWindowSeconds: 30 };

function intent(overrides: Partial<SendIntent> = {}): SendIntent {
  return {
    commandId: randomUUID(),
    tenantId: config.tenantId,
    locationId: config.locationId,
    correlationId: randomUUID(),
    to: caller,
    body: 'hello',
    purpose: 'conversation_reply',
    automated: true,
    requestedBy: 'conversation-ai',
    config,
    origin: { kind: 'command', producer: '/textback/conversation-ai' },
    ...overrides,
  };
}

function entry(action: 'opt_out' | 'opt_in', minutesAgo: number): ConsentEntry {
  return {
    consentId: randomUUID(),
    tenantId: config.tenantId,
    locationId: config.locationId,
    phoneE164: caller,
    sendingNumberE164: sender,
    action,
    scope: 'location',
    method: 'keyword',
    channel: 'sms',
    keyword: action === 'opt_out' ? 'STOP' : 'START',
    providerMessageId: null,
    at: new Date(now.getTime() - minutesAgo * 60_000),
    originalText: null,
    rule: null,
    rulesVersion: null,
    language: null,
    reviewId: null,
    resolvedBy: null,
  };
}

function ports(stubs: { messages?: Partial<Record<keyof OutboundMessageRepository, jest.Mock>>; consent?: Partial<Record<keyof ConsentLedger, jest.Mock>>; lineType?: jest.Mock; zones?: jest.Mock }) {
  // Compliance replies take the recipient's advisory lock first; every other read must be stubbed by the test.
  const messages = strictMock<OutboundMessageRepository>({ lockRecipient: jest.fn().mockResolvedValue(undefined), ...stubs.messages });
  const consent = strictMock<ConsentLedger>(stubs.consent ?? {});
  const lineTypes = strictMock<LineTypeRepository>(stubs.lineType ? { get: stubs.lineType } : {});
  const directory = strictMock<LocationDirectory>({ findByNumber: jest.fn().mockResolvedValue(undefined) });
  const zones = strictMock<RecipientZones>(stubs.zones ? { of: stubs.zones } : {});
  return { decision: new SendDecision(messages, consent, lineTypes, directory, zones, limits), messages, consent, lineTypes, zones };
}

const standing = (optedOut: boolean, state: Partial<typeof conversation> = {}) => jest.fn().mockResolvedValue({ optedOut, conversation: { ...conversation, ...state } });

describe(SendDecision.name, () => {
  it('allows an ordinary automated reply after consent, pause, cap, line type and quiet hours in the recipient zone', async () => {
    const { decision, zones } = ports({
      consent: { standing: standing(false) },
      messages: { countAutomatedSince: jest.fn().mockResolvedValue(2) },
      lineType: jest.fn().mockResolvedValue(null),
      zones: jest.fn().mockResolvedValue({ zones: ['America/New_York'], basis: 'number', rules: [] }),
    });
    await expect(decision.decide(tx, intent(), now)).resolves.toMatchObject({ kind: 'allow', from: sender, notBefore: now, deferred: false });
    expect(zones.of).toHaveBeenCalledWith(caller, config);
  });

  it('refuses a keyword reply from another producer before reading anything (reserved purpose)', async () => {
    const { decision } = ports({});
    const verdict = await decision.decide(tx, intent({ purpose: 'keyword_reply', compliance: { kind: 'help' } }), now);
    expect(verdict).toMatchObject({ kind: 'refuse', reason: 'reserved_purpose' });
  });

  it('refuses a first text from the bus, and a keyword reply of messaging that does not name its kind', async () => {
    const { decision } = ports({});
    await expect(decision.decide(tx, intent({ purpose: 'first_text' }), now)).resolves.toMatchObject({ reason: 'reserved_purpose' });
    await expect(decision.decide(tx, intent({ purpose: 'keyword_reply', origin: { kind: 'messaging' } }), now)).resolves.toMatchObject({ reason: 'reserved_purpose' });
  });

  it('refuses every purpose to an opted-out number, staff texts and dispatch pages included', async () => {
    for (const overrides of [{}, { purpose: 'manual', automated: false }, { purpose: 'dispatch_page' }, { purpose: 'follow_up' }] as Partial<SendIntent>[]) {
      const { decision } = ports({ consent: { standing: standing(true) } });
      await expect(decision.decide(tx, intent(overrides), now)).resolves.toMatchObject({ kind: 'refuse', reason: 'opted_out' });
    }
  });

  it('sends exactly one opt-out confirmation: the current entry, within 5 minutes, not confirmed yet', async () => {
    const optOut = entry('opt_out', 1);
    const confirm = intent({ purpose: 'keyword_reply', origin: { kind: 'messaging' }, compliance: { kind: 'opt_out_confirmation', consentId: optOut.consentId } });
    const allowed = ports({
      consent: { standing: standing(true), latestEntries: jest.fn().mockResolvedValue([optOut]) },
      messages: { hasConfirmation: jest.fn().mockResolvedValue(false), lastComplianceReply: jest.fn().mockResolvedValue(null), countAutomatedSince: jest.fn().mockResolvedValue(9) },
    });
    // Over the hourly cap (9 >= 6) but no opt-out confirmation in the last hour: allowed; never held by quiet hours.
    await expect(allowed.decision.decide(tx, confirm, now)).resolves.toMatchObject({ kind: 'allow', notBefore: now });

    const twice = ports({ consent: { standing: standing(true), latestEntries: jest.fn().mockResolvedValue([optOut]) }, messages: { hasConfirmation: jest.fn().mockResolvedValue(true) } });
    await expect(twice.decision.decide(tx, confirm, now)).resolves.toMatchObject({ reason: 'confirmation_already_sent' });

    const late = ports({ consent: { standing: standing(true), latestEntries: jest.fn().mockResolvedValue([{ ...optOut, at: new Date(now.getTime() - 6 * 60_000) }]) } });
    await expect(late.decision.decide(tx, confirm, now)).resolves.toMatchObject({ reason: 'confirmation_window_passed' });

    const repeated = ports({ consent: { standing: standing(true), latestEntries: jest.fn().mockResolvedValue([optOut, entry('opt_out', 30)]) } });
    await expect(repeated.decision.decide(tx, confirm, now)).resolves.toMatchObject({ reason: 'confirmation_already_sent' });

    const stale = ports({ consent: { standing: standing(false), latestEntries: jest.fn().mockResolvedValue([entry('opt_in', 0), optOut]) } });
    await expect(stale.decision.decide(tx, confirm, now)).resolves.toMatchObject({ reason: 'not_opted_out' });
  });

  it('confirms START only when its opt-in entry reversed an opt-out', async () => {
    const optIn = entry('opt_in', 0);
    const confirm = (consentId: string | null) => intent({ purpose: 'keyword_reply', origin: { kind: 'messaging' }, compliance: { kind: 'opt_in_confirmation', consentId } });
    const never = ports({ consent: { standing: standing(false), latestEntries: jest.fn().mockResolvedValue([]) } });
    await expect(never.decision.decide(tx, confirm(null), now)).resolves.toMatchObject({ kind: 'refuse', reason: 'not_opted_out' });
    const noReversal = ports({ consent: { standing: standing(false), latestEntries: jest.fn().mockResolvedValue([optIn]) } });
    await expect(noReversal.decision.decide(tx, confirm(optIn.consentId), now)).resolves.toMatchObject({ reason: 'not_opted_out' });
    const reversal = ports({
      consent: { standing: standing(false), latestEntries: jest.fn().mockResolvedValue([optIn, entry('opt_out', 60)]) },
      messages: { hasConfirmation: jest.fn().mockResolvedValue(false), lastComplianceReply: jest.fn().mockResolvedValue(null), countAutomatedSince: jest.fn().mockResolvedValue(0) },
    });
    await expect(reversal.decision.decide(tx, confirm(optIn.consentId), now)).resolves.toMatchObject({ kind: 'allow' });
  });

  it("sends a booking conversation's confirmation under the default hourly cap (about 7 automated texts before it), refusing past the cap", async () => {
    const defaultCap = messagingEnvSchema.shape.AUTOMATED_HOURLY_CAP.parse(undefined);
    const decide = (sentThisHour: number) => {
      const messages = strictMock<OutboundMessageRepository>({ countAutomatedSince: jest.fn().mockResolvedValue(sentThisHour) });
      const consent = strictMock<ConsentLedger>({ standing: standing(false) });
      const lineTypes = strictMock<LineTypeRepository>({ get: jest.fn().mockResolvedValue(null) });
      const directory = strictMock<LocationDirectory>({ findByNumber: jest.fn().mockResolvedValue(undefined) });
      const zones = strictMock<RecipientZones>({ of: jest.fn().mockResolvedValue({ zones: ['America/New_York'], basis: 'number', rules: [] }) });
      const decision = new SendDecision(messages, consent, lineTypes, directory, zones, { automatedHourlyCap: defaultCap, loopWindowSeconds: 30 });
      return decision.decide(tx, intent({ body: "You're booked for Fri Dec 4, 9am." }), now);
    };
    // First text, urgency question, need, zip, day and time, offers, a second set of offers after "none of those".
    await expect(decide(7)).resolves.toMatchObject({ kind: 'allow' });
    await expect(decide(defaultCap)).resolves.toMatchObject({ kind: 'refuse', reason: 'hourly_cap' });
  });

  it('puts HELP answers under the loop guard, the hourly cap, pauses and the international policy', async () => {
    const help = (to = caller) => intent({ to, purpose: 'keyword_reply', origin: { kind: 'messaging' }, compliance: { kind: 'help' } });
    const loop = ports({ consent: { standing: standing(false) }, messages: { lastComplianceReply: jest.fn().mockResolvedValue(new Date(now.getTime() - 10_000)) } });
    await expect(loop.decision.decide(tx, help(), now)).resolves.toMatchObject({ reason: 'loop_guard' });
    const capped = ports({ consent: { standing: standing(false) }, messages: { lastComplianceReply: jest.fn().mockResolvedValue(null), countAutomatedSince: jest.fn().mockResolvedValue(6) } });
    await expect(capped.decision.decide(tx, help(), now)).resolves.toMatchObject({ reason: 'hourly_cap' });
    const paused = ports({ consent: { standing: standing(false, { pausedReason: 'auto_responder_loop' }) } });
    await expect(paused.decision.decide(tx, help(), now)).resolves.toMatchObject({ reason: 'paused' });
    const abroad = ports({ consent: { standing: standing(false) } });
    await expect(abroad.decision.decide(tx, help('+447700900123'), now)).resolves.toMatchObject({ reason: 'international' });
  });

  it('defers an automated follow-up in quiet hours of the recipient zone, but not a reply to someone who just texted', async () => {
    const early = DateTime.fromISO('2026-12-01T12:30', { zone: 'America/New_York' }).toJSDate();
    const hawaii = jest.fn().mockResolvedValue({ zones: ['Pacific/Honolulu'], basis: 'number', rules: [] });
    const base = { messages: { countAutomatedSince: jest.fn().mockResolvedValue(0) }, lineType: jest.fn().mockResolvedValue(null), zones: hawaii };
    const followUp = ports({ ...base, consent: { standing: standing(false) } });
    const verdict = await followUp.decision.decide(tx, intent({ to: '+18085550123', purpose: 'follow_up' }), early);
    expect(verdict).toMatchObject({ kind: 'allow', deferred: true, notBefore: new Date('2026-12-01T18:00:00.000Z') });
    const reply = ports({ ...base, consent: { standing: standing(false, { lastInboundAt: new Date(early.getTime() - 60_000) }) } });
    await expect(reply.decision.decide(tx, intent({ to: '+18085550123' }), early)).resolves.toMatchObject({ kind: 'allow', deferred: false, notBefore: early });
  });

  it("does not hold a caller notice (the dispatch's \"we're alerting our on-call technician\") for someone who just texted", async () => {
    const night = DateTime.fromISO('2026-12-01T23:30', { zone: 'America/New_York' }).toJSDate();
    const base = { messages: { countAutomatedSince: jest.fn().mockResolvedValue(0) }, lineType: jest.fn().mockResolvedValue(null), zones: jest.fn().mockResolvedValue({ zones: ['America/New_York'], basis: 'number', rules: [] }) };
    const justTexted = ports({ ...base, consent: { standing: standing(false, { lastInboundAt: new Date(night.getTime() - 60_000) }) } });
    await expect(justTexted.decision.decide(tx, intent({ purpose: 'caller_notice' }), night)).resolves.toMatchObject({ kind: 'allow', deferred: false, notBefore: night });
    const longAgo = ports({ ...base, consent: { standing: standing(false, { lastInboundAt: new Date(night.getTime() - 3 * 3_600_000) }) } });
    await expect(longAgo.decision.decide(tx, intent({ purpose: 'caller_notice' }), night)).resolves.toMatchObject({ kind: 'allow', deferred: true });
  });

  it('lets staff texts through pauses and quiet hours, never past consent or a landline', async () => {
    const night = DateTime.fromISO('2026-12-01T23:30', { zone: 'America/New_York' }).toJSDate();
    const staff = intent({ purpose: 'manual', automated: false, requestedBy: 'user-1', origin: { kind: 'command', producer: '/textback/lead-crm' } });
    const ok = ports({ consent: { standing: standing(false, { pausedReason: 'stop_request', humanActive: true }) }, lineType: jest.fn().mockResolvedValue(null) });
    await expect(ok.decision.decide(tx, staff, night)).resolves.toMatchObject({ kind: 'allow', notBefore: night });
    const landline = ports({ consent: { standing: standing(false) }, lineType: jest.fn().mockResolvedValue({ textable: false, source: 'lookup', lineType: 'landline' }) });
    await expect(landline.decision.decide(tx, staff, night)).resolves.toMatchObject({ reason: 'landline' });
  });

  it('decides a command that claims a person typed it as automated unless lead-crm or scheduling sent it', async () => {
    const claimed = intent({ automated: false, origin: { kind: 'command', producer: '/textback/conversation-ai' } });
    const { decision } = ports({ consent: { standing: standing(false, { pausedReason: 'stop_request' }) } });
    await expect(decision.decide(tx, claimed, now)).resolves.toMatchObject({ kind: 'refuse', reason: 'paused' });
  });

  it('at the send stage re-checks consent and quiet hours without counting the cap or the loop guard again', async () => {
    const { decision } = ports({ consent: { standing: standing(false) }, zones: jest.fn().mockResolvedValue({ zones: ['America/New_York'], basis: 'number', rules: [] }) });
    await expect(decision.decide(tx, intent(), now, 'send')).resolves.toMatchObject({ kind: 'allow', notBefore: now });
  });
});
