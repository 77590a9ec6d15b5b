import { Inject, Injectable } from '@nestjs/common';
import {
  type BookingConfirmedV1,
  type BookingOfferedV1,
  type CallbackScheduledV1,
  type CallMissedV1,
  type ConsentOptedOutV1,
  type ConsentReviewResolvedV1,
  type ConversationTakenOverV1,
  createEvent,
  type EventEnvelope,
  handoffRequestedV1,
  intentCapturedV1,
  leadQualifiedV1,
  type SmsReceivedV1,
  smsSendCommandV1,
  urgentDetectedV1,
  type Urgency,
} from '@textback/contracts';
import { recognizeConsentReply } from '@textback/opt-out';
import { type OwnTransaction } from '@textback/bus';
import { type TransactionContext } from '@textback/persistence';
import { LocationDirectory } from '@textback/platform';
import { emergencyNumberFor } from '../understanding/emergency-detector.util';
import { MessageUnderstandingService } from '../understanding/message-understanding.service';
import { type Understanding, type UnderstandingContext } from '../understanding/understanding.types';
import { capturedDetails, ConversationFlow } from './conversation-flow.service';
import { ConversationException, ConversationExceptionCode } from './conversation.exception';
import { ConversationRepository } from './conversation.repository';
import { type Conversation, type FlowEffect } from './conversation.types';
import { stableUuid } from './stable-id.util';

const SOURCE = '/textback/conversation-ai';
/** Injection token of the configured {@link ConversationFlow}. */
export const CONVERSATION_FLOW = Symbol('ConversationFlow');

/**
 * Applies every event about a caller's conversation once (inbox + state + outbox in one
 * transaction: the consumer's, or for a text `inbox.once` after understanding it), and turns the flow's decisions into
 * conversation.* events and messaging.sms.send.cmd.v1 reply commands. Ids of everything it
 * emits derive from the inbound event id, so a redelivery can never send a second reply.
 */
@Injectable()
export class ConversationService {
  constructor(
    @Inject(CONVERSATION_FLOW) private readonly flow: ConversationFlow,
    private readonly conversations: ConversationRepository,
    private readonly directory: LocationDirectory,
    private readonly understanding: MessageUnderstandingService,
  ) {}

  /** telephony.call.missed.v1: a textable caller's missed call starts (or joins) a conversation. */
  async onCallMissed(tx: TransactionContext, event: EventEnvelope<CallMissedV1>): Promise<void> {
    const caller = event.data.callerE164;
    if (!caller || !event.data.callerTextable) return;
    const start = { conversationId: stableUuid(`conversation|${event.id}`), tenantId: event.tenantId, locationId: event.locationId, callerE164: caller, callId: event.data.callId };
    // A new caller (the usual case): the conversation the flow starts for one is inserted in the statement that takes
    // the caller's lock, one round trip instead of three; else the existing one is read after the lock, as always.
    const fresh = this.flow.startFromMissedCall(null, start);
    let existing: Conversation | null;
    if (fresh) {
      if (await this.conversations.insertIfAbsentLocking(tx.handle, fresh)) return;
      existing = await this.conversations.findLocked(tx.handle, event.tenantId, event.locationId, caller);
    } else existing = await this.conversations.lockByCaller(tx.handle, event.tenantId, event.locationId, caller);
    const next = this.flow.startFromMissedCall(existing, start);
    if (next) await this.conversations.save(tx.handle, next);
  }

  /**
   * messaging.sms.received.v1: understands the text (outside the transaction: the LLM may take
   * seconds), then applies it to the caller's conversation in `inbox.once` (claim and change commit together).
   * @throws ConversationException LOCATION_NOT_FOUND when the location has no config here.
   */
  async onSmsReceived(event: EventEnvelope<SmsReceivedV1>, inbox: OwnTransaction<TransactionContext>): Promise<void> {
    const location = await this.directory.get(event.locationId);
    if (!location) throw new ConversationException(ConversationExceptionCode.LOCATION_NOT_FOUND, `no config for location ${event.locationId}`);
    const receivedAt = new Date(event.data.receivedAt);
    const context: UnderstandingContext = {
      services: location.services,
      serviceArea: location.serviceArea,
      timeZone: location.timeZone,
      forwardToE164: location.forwardToE164,
      ...(location.vertical ? { vertical: location.vertical } : {}),
      ...(location.countryCode ? { countryCode: location.countryCode } : {}),
    };
    const understood = await this.understanding.understand(event.data.body, context, receivedAt);
    await inbox.once(async (tx) => {
      const existing = await this.conversations.lockByCaller(tx.handle, event.tenantId, event.locationId, event.data.from);
      const conversation = this.flow.startFromInbound(existing, {
        conversationId: stableUuid(`conversation|${event.id}`),
        tenantId: event.tenantId,
        locationId: event.locationId,
        callerE164: event.data.from,
        messageId: event.data.messageId,
      });
      const consent = recognizeConsentReply(event.data.body);
      if (consent.kind === 'opt_out') {
        // An opt-out (the recogniser messaging records in the consent ledger): the bot never answers it.
        const closed = this.flow.onOptedOut({ ...conversation, inboundMessages: conversation.inboundMessages + 1 });
        await this.conversations.save(tx.handle, closed);
        return;
      }
      if ((event.data.needsReview || consent.kind === 'ambiguous') && !conversation.paused) {
        // messaging opened an opt-out review (or saw an auto-responder loop): automation pauses until a person looks.
        const paused: Conversation = { ...conversation, paused: true, handoffRequested: true, inboundMessages: conversation.inboundMessages + 1 };
        await this.conversations.save(tx.handle, paused);
        await this.emit(tx, event, paused, understood, emergencyNumberFor(context), [{ kind: 'handoff', reason: 'needs_review', detail: consent.kind === 'ambiguous' ? `possible opt-out (${consent.rule}): under review` : 'messaging flagged the text for review' }]);
        return;
      }
      const outcome = this.flow.onInbound(conversation, understood, location);
      await this.conversations.save(tx.handle, outcome.conversation);
      await this.emit(tx, event, outcome.conversation, understood, emergencyNumberFor(context), outcome.effects);
    });
  }

  /** crm.conversation.taken-over.v1: staff took over; the bot pauses. */
  async onTakenOver(tx: TransactionContext, event: EventEnvelope<ConversationTakenOverV1>): Promise<void> {
    await this.update(tx, event, event.data.callerE164, (c) => this.flow.onTakenOver(c), true);
  }

  /** crm.conversation.released.v1: staff released; the bot resumes. */
  async onReleased(tx: TransactionContext, event: EventEnvelope<ConversationTakenOverV1>): Promise<void> {
    await this.update(tx, event, event.data.callerE164, (c) => this.flow.onReleased(c), false);
  }

  /** scheduling.booking.offered.v1 */
  async onBookingOffered(tx: TransactionContext, event: EventEnvelope<BookingOfferedV1>): Promise<void> {
    await this.update(tx, event, event.data.callerE164, (c) => this.flow.onBookingOffered(c, event.data.offerId), false);
  }

  /** scheduling.booking.confirmed.v1 */
  async onBookingConfirmed(tx: TransactionContext, event: EventEnvelope<BookingConfirmedV1>): Promise<void> {
    await this.update(tx, event, event.data.callerE164, (c) => this.flow.onBookingConfirmed(c), false);
  }

  /** scheduling.callback.scheduled.v1 */
  async onCallbackScheduled(tx: TransactionContext, event: EventEnvelope<CallbackScheduledV1>): Promise<void> {
    if (!event.data.callerE164) return;
    await this.update(tx, event, event.data.callerE164, (c) => this.flow.onCallbackScheduled(c), false);
  }

  /** messaging.consent.opted-out.v1: no automated text follows. */
  async onOptedOut(tx: TransactionContext, event: EventEnvelope<ConsentOptedOutV1>): Promise<void> {
    await this.update(tx, event, event.data.phoneE164, (c) => this.flow.onOptedOut(c), true);
  }

  /**
   * messaging.consent.review-resolved.v1: a staff member decided on the text that paused the bot for review. Not an
   * opt-out: the review's pause ends (messaging lifted its own), but a staff takeover's pause stays until staff
   * release; an opt-out: the conversation closes (the opted-out event follows too).
   */
  async onConsentReviewResolved(tx: TransactionContext, event: EventEnvelope<ConsentReviewResolvedV1>): Promise<void> {
    const resolve = (c: Conversation) => (event.data.decision === 'opt_out' ? this.flow.onOptedOut(c) : this.flow.onReviewCleared(c));
    await this.update(tx, event, event.data.phoneE164, resolve, false);
  }

  /** Applies `change` to the caller's conversation once; creates one first when `create` (a pause or opt-out must stick). */
  private async update(tx: TransactionContext, event: EventEnvelope<unknown>, callerE164: string, change: (c: Conversation) => Conversation, create: boolean): Promise<void> {
    let c = await this.conversations.lockByCaller(tx.handle, event.tenantId, event.locationId, callerE164);
    if (!c && create) {
      c = this.flow.startFromInbound(null, { conversationId: stableUuid(`conversation|${event.id}`), tenantId: event.tenantId, locationId: event.locationId, callerE164, messageId: event.id });
    }
    if (!c) return;
    await this.conversations.save(tx.handle, change(c));
  }

  /** Publishes the flow's effects; `emergencyNumber` is the location's, for scheduling's notices to the caller. */
  private async emit(tx: TransactionContext, cause: EventEnvelope<SmsReceivedV1>, c: Conversation, u: Understanding, emergencyNumber: string, effects: FlowEffect[]): Promise<void> {
    const ref = { conversationId: c.conversationId, callerE164: c.callerE164, messageId: cause.data.messageId };
    const urgency: Urgency = u.urgency === 'none' ? 'routine' : u.urgency;
    const time = new Date();
    for (const [i, effect] of effects.entries()) {
      const attrs = { source: SOURCE, tenantId: c.tenantId, locationId: c.locationId, correlationId: c.correlationId, causationId: cause.id, subject: c.conversationId, time, id: stableUuid(`${cause.id}|${i}|${effect.kind}`) };
      switch (effect.kind) {
        case 'intent_captured':
          await tx.publish(
            intentCapturedV1,
            createEvent(intentCapturedV1, attrs, {
              ...ref,
              // The conversation's merged facts, not this message's alone: a bare zip must not make the lead `other`.
              ...capturedDetails(c, u),
              method: u.method,
              confidence: u.confidence,
            }),
          );
          break;
        case 'urgent':
          await tx.publish(
            urgentDetectedV1,
            createEvent(urgentDetectedV1, attrs, { ...ref, hazard: effect.hazard, summary: effect.summary, ...(c.facts.serviceId ? { serviceId: c.facts.serviceId } : {}), ...(c.callId ? { callId: c.callId } : {}), detectedAt: time.toISOString(), emergencyNumber }),
          );
          break;
        case 'qualified': {
          const f = c.facts;
          await tx.publish(
            leadQualifiedV1,
            createEvent(leadQualifiedV1, attrs, {
              ...ref,
              intent: f.intent ?? u.intent,
              urgency: f.urgency ?? urgency,
              ...(f.serviceId ? { serviceId: f.serviceId } : {}),
              ...(f.serviceText ? { serviceText: f.serviceText } : {}),
              ...(f.city ? { city: f.city } : {}),
              ...(f.zip ? { zip: f.zip } : {}),
              ...(f.preferredTime ? { preferredTime: f.preferredTime } : {}),
              ...(f.name ? { name: f.name } : {}),
              summary: effect.summary,
              ...(c.callId ? { callId: c.callId } : {}),
            }),
          );
          break;
        }
        case 'handoff':
          await tx.publish(handoffRequestedV1, createEvent(handoffRequestedV1, attrs, { ...ref, reason: effect.reason, ...(effect.detail ? { detail: effect.detail } : {}) }));
          break;
        case 'reply':
          await tx.publish(
            smsSendCommandV1,
            createEvent(smsSendCommandV1, attrs, {
              commandId: stableUuid(`${cause.id}|reply|${i}`),
              to: c.callerE164,
              from: cause.data.to,
              body: effect.body,
              purpose: 'conversation_reply',
              automated: true,
              requestedBy: 'conversation-ai',
            }),
          );
          break;
      }
    }
  }
}
