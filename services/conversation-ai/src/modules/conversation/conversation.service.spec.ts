import {
  consentReviewResolvedV1,
  conversationReleasedV1,
  conversationTakenOverV1,
  createEvent,
  type EventEnvelope,
  type LocationConfig,
  smsReceivedV1,
} from '@textback/contracts';
import { type OwnTransaction } from '@textback/bus';
import { type TransactionContext, type TransactionHandle } from '@textback/persistence';
import { type LocationDirectory } from '@textback/platform';
import { type Logger } from 'pino';
import { strictMock } from '@textback/testing';
import { buildLocationConfig, testNumber } from '../../../test/factories/location-config.factory';
import { MessageUnderstandingService } from '../understanding/message-understanding.service';
import { ConversationFlow } from './conversation-flow.service';
import { ConversationException } from './conversation.exception';
import { type ConversationRepository } from './conversation.repository';
import { ConversationService } from './conversation.service';
import { type Conversation } from './conversation.types';

describe(ConversationService.name, () => {
  const location: LocationConfig = buildLocationConfig();
  const published: { type: string; id: string; data: Record<string, unknown> }[] = [];
  let stored: Conversation | null = null;
  const tx = strictMock<TransactionContext>({
    handle: {} as TransactionHandle,
    publish: (_c, e) => {
      published.push(e as never);
      return Promise.resolve();
    },
  });
  const inbox: OwnTransaction<TransactionContext> = { once: async (work) => ({ duplicate: false as const, result: await work(tx) }) };
  const repo = strictMock<ConversationRepository>({
    lockByCaller: () => Promise.resolve(stored),
    save: (_h, c) => {
      stored = c;
      return Promise.resolve();
    },
  });
  const directory = (config: LocationConfig | null) => strictMock<LocationDirectory>({ get: () => Promise.resolve(config) });
  const understanding = new MessageUnderstandingService(strictMock<Logger>({}), null);
  const service = (config: LocationConfig | null = location) => new ConversationService(new ConversationFlow({ maxBotMessages: 6, maxStalledTurns: 3 }), repo, directory(config), understanding);
  const text = (body: string, extra: Partial<{ needsReview: boolean }> = {}): EventEnvelope<never> =>
    createEvent(smsReceivedV1, { source: '/test', tenantId: location.tenantId, locationId: location.locationId, correlationId: 'c-1' }, {
      messageId: '2f1d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b', provider: 'bandwidth', providerMessageId: 'p-1', from: '+13035550111', to: location.sendingNumbers[0]?.e164 ?? '', body, receivedAt: '2026-03-10T17:00:00Z', ...extra,
    }) as EventEnvelope<never>;

  beforeEach(() => {
    published.length = 0;
    stored = null;
  });

  it('replies from the number the caller texted, with ids derived from the inbound event', async () => {
    const event = text('my drain is clogged');
    await service().onSmsReceived(event, inbox);
    const first = published.map((e) => ({ type: e.type, id: e.id }));
    expect(first.map((e) => e.type)).toEqual(['conversation.intent.captured.v1', 'messaging.sms.send.cmd.v1']);
    expect(published[1]?.data).toMatchObject({ to: '+13035550111', from: location.sendingNumbers[0]?.e164, purpose: 'conversation_reply', automated: true });
    published.length = 0;
    stored = null;
    await service().onSmsReceived(event, inbox);
    expect(published.map((e) => ({ type: e.type, id: e.id }))).toEqual(first);
  });

  it("names the emergency number of the location's country on the urgent event, for scheduling's notice to the caller", async () => {
    await service({ ...location, countryCode: 'GB' }).onSmsReceived(text('I smell gas in the kitchen'), inbox);
    const urgent = published.find((e) => e.type === 'conversation.urgent.detected.v1');
    expect(urgent?.data).toMatchObject({ emergencyNumber: '999' });
    const reply = published.find((e) => e.type === 'messaging.sms.send.cmd.v1');
    expect(String(reply?.data.body)).toContain('call 999');
  });

  it('pauses and asks for review, without a reply, when messaging flagged the text', async () => {
    await service().onSmsReceived(text('pls no more', { needsReview: true }), inbox);
    expect(published.map((e) => [e.type, e.data.reason])).toEqual([['conversation.handoff.requested.v1', 'needs_review']]);
    expect(stored?.paused).toBe(true);
  });

  it('a review resolved as not an opt-out lifts the review pause, never a staff takeover (each event delivered twice)', async () => {
    const attrs = { source: '/test', tenantId: location.tenantId, locationId: location.locationId, correlationId: 'c-1' };
    const caller = '+13035550111';
    const takeover = { leadId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', callerE164: caller, userId: 'user-dana' };
    const resolved = () =>
      createEvent(consentReviewResolvedV1, { ...attrs, source: '/textback/messaging' }, {
        reviewId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427', phoneE164: caller, sendingNumberE164: location.sendingNumbers[0]?.e164 ?? '', originalText: 'pls no more',
        rule: 'ambiguous.en.no-more', rulesVersion: 'test', decision: 'not_opt_out', resolvedBy: 'user-dana', resolvedAt: '2026-03-10T17:05:00Z',
      });
    const twice = async (work: () => Promise<void>) => {
      await work();
      await work();
    };
    // Only the review paused the bot: resolving it resumes the bot.
    await service().onSmsReceived(text('pls no more', { needsReview: true }), inbox);
    const onlyReview = resolved();
    await twice(() => service().onConsentReviewResolved(tx, onlyReview));
    expect(stored?.paused).toBe(false);
    // Staff took over, then a text went to review: resolving the review leaves the bot paused until staff release.
    stored = null;
    const taken = createEvent(conversationTakenOverV1, attrs, takeover);
    await twice(() => service().onTakenOver(tx, taken));
    await service().onSmsReceived(text('pls no more', { needsReview: true }), inbox);
    const afterTakeover = resolved();
    await twice(() => service().onConsentReviewResolved(tx, afterTakeover));
    expect((stored as Conversation | null)?.paused).toBe(true);
    const released = createEvent(conversationReleasedV1, attrs, takeover);
    await twice(() => service().onReleased(tx, released));
    expect((stored as Conversation | null)?.paused).toBe(false);
  });

  it("publishes the conversation's intent and details after a text that carries only a detail (a bare zip is no `other` lead)", async () => {
    await service().onSmsReceived(text('my drain is clogged, can someone come today?'), inbox);
    published.length = 0;
    await service().onSmsReceived(text('80301'), inbox);
    await service().onSmsReceived(text("it's Maria"), inbox);
    await service().onSmsReceived(text('?'), inbox);
    const captured = published.filter((e) => e.type === 'conversation.intent.captured.v1').map((e) => e.data);
    expect(captured).toHaveLength(3);
    for (const d of captured) expect(d).toMatchObject({ intent: 'book', urgency: 'soon', serviceId: 'drain', preferredTime: { text: 'today' } });
    expect(captured[0]).toMatchObject({ zip: '80301' });
    expect(captured[2]).toMatchObject({ zip: '80301', name: 'Maria' });
  });

  it('never publishes "can" of "no, it can wait" as the need, and keeps the need said before', async () => {
    await service().onSmsReceived(text('no, it can wait'), inbox);
    const alone = published.find((e) => e.type === 'conversation.intent.captured.v1')?.data;
    expect(alone).not.toHaveProperty('serviceText');
    expect(alone).not.toHaveProperty('serviceId');
    stored = null;
    published.length = 0;
    await service().onSmsReceived(text('the water heater is leaking'), inbox);
    await service().onSmsReceived(text('no, it can wait'), inbox);
    const after = published.filter((e) => e.type === 'conversation.intent.captured.v1').at(-1)?.data;
    expect(after).toMatchObject({ intent: 'book', serviceId: 'water-heater', serviceText: 'water heater' });
  });

  it('publishes cancel once: a later "ok" is not another cancel for scheduling to act on', async () => {
    await service().onSmsReceived(text('I need to cancel my appointment'), inbox);
    await service().onSmsReceived(text('ok thanks'), inbox);
    const intents = published.filter((e) => e.type === 'conversation.intent.captured.v1').map((e) => e.data.intent);
    expect(intents).toEqual(['cancel', 'other']);
  });

  it('refuses a text for a location without config', async () => {
    await expect(service(null).onSmsReceived(text('hello'), inbox)).rejects.toBeInstanceOf(ConversationException);
    expect(published).toEqual([]);
  });

  it('ignores a missed call from a caller who cannot receive texts', async () => {
    const caller = testNumber();
    const event = { id: 'e-1', type: 'telephony.call.missed.v1', tenantId: location.tenantId, locationId: location.locationId, data: { callerE164: caller, callerTextable: false, callId: 'x' } };
    await service().onCallMissed(tx, event as never);
    expect(stored).toBeNull();
  });
});
