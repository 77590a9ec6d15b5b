import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createEvent, type LocationConfig, smsDeliveredV1, smsFailedV1, smsReceivedV1 } from '@textback/contracts';
import { type ConsentReplyVerdict, OPT_OUT_RULES_VERSION, recognizeConsentReply } from '@textback/opt-out';
import { LocationDirectory, ROOT_LOGGER } from '@textback/platform';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { type Logger } from 'pino';
import { CLOCK, type Clock } from '../clock/port/clock';
import { ConsentLedger } from '../consent/consent-ledger.service';
import { OptOutRecorder } from '../consent/opt-out-recorder.service';
import { ConsentReviewService } from '../consent-review/consent-review.service';
import { FirstTextRepository } from '../first-text/first-text.repository';
import { ConversationStateRepository } from '../conversation/conversation-state.repository';
import { LineTypeService } from '../line-type/line-type.service';
import { isReplyableAddress } from '../policy/phone-number.util';
import { OutboundMessageRepository } from '../sending/outbound-message.repository';
import { type ComplianceReply } from '../sending/send-intent.types';
import { SendPolicy } from '../sending/send-policy.service';
import { SendQueueWorker } from '../sending/send-queue.worker';
import { MESSAGING_SOURCE } from '../shared/messaging-events';
import { stableUuid } from '../shared/stable-id.util';
import { TemplateCatalog } from '../templates/template-catalog.service';
import { type BandwidthMessageCallback } from './bandwidth-callback.schema';
import { failureReasonOf } from './carrier-error.mapper';
import { InboundCallbackRepository, type StoredCallback } from './inbound-callback.repository';
import { normalizeProviderCallback, type ProviderCallback, type StoredTwilioCallback } from './provider-callback.normalizer';

/**
 * Opt-in keywords that are also everyday answers (@textback/opt-out rule ids): "YES" re-subscribes a number that
 * opted out (Twilio Advanced Opt-Out lists it), but from a number that did not it answers a question, such as
 * conversation-ai's "is this urgent? Reply YES", and is handled as an ordinary text.
 */
const ANSWER_OPT_IN_RULES: ReadonlySet<string> = new Set(['keyword.en.yes']);

/** Auto-responder loop detection (env LOOP_WINDOW_SECONDS, LOOP_INBOUND_THRESHOLD). */
export const LOOP_DETECTION = Symbol('LoopDetection');
export interface LoopDetectionSettings {
  windowSeconds: number;
  /** Inbound texts from one number within the window that mark an auto-responder. */
  inboundThreshold: number;
}

/**
 * Processes stored provider callbacks (persisted before the 2xx) exactly once each:
 * - `message-received`: the opt-out recogniser (@textback/opt-out) first. `opt_out` (STOP & co., REVOKE, "please
 *   stop texting me", other languages...) is recorded in the consent ledger with the text as received, the rule, the
 *   rule set's version and the language, in the tenant's scope, cancels pending sends and asks the send decision for
 *   exactly one confirmation ({@link OptOutRecorder}); `opt_in` (START/UNSTOP/YES) reverses an opt-out (a YES from a number that is not opted out is an ordinary reply); `help` answers
 *   with the business name and number; `ambiguous` opens a human review ({@link ConsentReviewService}) that pauses
 *   automation until a staff member resolves it, and is published flagged (`needsReview`); `none` is an ordinary
 *   reply (auto-responder loops pause automation and are flagged). Opt-out and opt-in texts are not published as
 *   `messaging.sms.received.v1` (no bot answers them). Short codes, alphanumeric senders and our own numbers never
 *   get a reply.
 * - `message-delivered` / `message-failed`: update the message log and publish delivered/failed with the carrier
 *   error code mapped to a reason; 4720/4700/30006 mark the number non-textable; 4775 records a carrier opt-out.
 */
@Injectable()
export class InboundService {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly callbacks: InboundCallbackRepository,
    private readonly messages: OutboundMessageRepository,
    private readonly directory: LocationDirectory,
    private readonly consent: ConsentLedger,
    private readonly optOuts: OptOutRecorder,
    private readonly reviews: ConsentReviewService,
    private readonly conversations: ConversationStateRepository,
    private readonly firstTexts: FirstTextRepository,
    private readonly lineTypes: LineTypeService,
    private readonly templates: TemplateCatalog,
    private readonly policy: SendPolicy,
    private readonly worker: SendQueueWorker,
    @Inject(LOOP_DETECTION) private readonly loop: LoopDetectionSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  /**
   * Stores Bandwidth callback events (duplicates skipped) in one transaction.
   * @returns the ids of newly stored callbacks (to process after acknowledging).
   */
  async storeBandwidth(events: BandwidthMessageCallback[]): Promise<string[]> {
    const now = this.clock.now();
    const stored = await this.callbacks.storeAll(
      events.map((e): StoredCallback => ({ callbackId: randomUUID(), provider: 'bandwidth', providerMessageId: e.message.id, eventType: e.type, payload: e, receivedAt: now })),
    );
    return stored.map((s) => s.callbackId);
  }

  /**
   * Stores Bandwidth callback events and applies the new ones in one transaction, which also records raw request
   * `rawId` as answered 204, accepted (the storing statement does it): for a request whose every event was valid.
   * Fewer statements than {@link storeBandwidth}, `finish` and {@link process} per event (no lock of a row this
   * transaction wrote, one BEGIN and COMMIT); the same effects, de-duplicated by the same unique key. When it throws
   * nothing of it is kept, and the caller takes that path instead (a failing event is then retried by the sweeper).
   * @returns how many events were newly stored (and applied).
   */
  async storeAndApplyBandwidth(rawId: string, events: BandwidthMessageCallback[]): Promise<number> {
    const now = this.clock.now();
    let queued = false;
    const applied = await this.runner.run(async (tx) => {
      const stored = await this.callbacks.storeAll(
        events.map((e): StoredCallback => ({ callbackId: randomUUID(), provider: 'bandwidth', providerMessageId: e.message.id, eventType: e.type, payload: e, receivedAt: now })),
        { tx: tx.handle, acceptRaw: rawId },
      );
      for (const callback of stored) {
        const result = await this.dispatch(tx, normalizeProviderCallback(callback.provider, callback.payload), callback);
        queued ||= result.queued;
        if (!result.marked) await this.callbacks.markProcessed(tx.handle, callback.callbackId, result.outcome, this.clock.now());
      }
      return stored.length;
    });
    if (queued) this.worker.nudge();
    return applied;
  }

  /**
   * Stores one Twilio messaging webhook (already signature-checked): an inbound text (`kind: inbound`, keyed by
   * MessageSid + `message-received`) or a status callback (`kind: status`, keyed by MessageSid + `status-<MessageStatus>`).
   * @returns the id of the newly stored callback, or undefined for a redelivery.
   */
  async storeTwilio(callback: StoredTwilioCallback): Promise<string | undefined> {
    const p = callback.params;
    const pick = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
    const sid = pick(p.MessageSid) || pick(p.SmsSid);
    const eventType = callback.kind === 'inbound' ? 'message-received' : `status-${(pick(p.MessageStatus) || pick(p.SmsStatus) || 'unknown').toLowerCase()}`;
    const [stored] = await this.callbacks.storeAll([{ callbackId: randomUUID(), provider: 'twilio', providerMessageId: sid, eventType, payload: callback, receivedAt: this.clock.now() }]);
    return stored?.callbackId;
  }

  /** Processes one stored callback unless it is already done (or being done by another replica). */
  async process(callbackId: string): Promise<string | undefined> {
    let queued = false;
    const outcome = await this.runner.run(async (tx) => {
      const stored = await this.callbacks.lockUnprocessed(tx.handle, callbackId);
      if (!stored) return undefined;
      const event = normalizeProviderCallback(stored.provider, stored.payload);
      const result = await this.dispatch(tx, event, stored);
      queued = result.queued;
      if (!result.marked) await this.callbacks.markProcessed(tx.handle, callbackId, result.outcome, this.clock.now());
      return result.outcome;
    });
    if (queued) this.worker.nudge();
    return outcome;
  }

  /**
   * Processes callbacks left unprocessed (a crash or an error after acknowledging). A failure is recorded on the
   * callback (attempts, error); after INBOUND_MAX_ATTEMPTS it is marked dead and no longer swept.
   */
  async sweep(olderThanMs: number): Promise<number> {
    const ids = await this.callbacks.listStale(new Date(this.clock.now().getTime() - olderThanMs), 100);
    for (const id of ids) {
      try {
        await this.process(id);
      } catch (err) {
        const dead = await this.callbacks.recordFailure(id, err);
        this.log.error({ err, callbackId: id, dead }, dead ? 'stored callback failed for the last time; marked dead' : 'stored callback failed to process; will retry');
      }
    }
    return ids.length;
  }

  /** Applies one callback in `tx`; `marked` when the callback's row was already marked processed with its outcome. */
  private async dispatch(tx: TransactionContext, e: ProviderCallback, stored: StoredCallback): Promise<{ outcome: string; queued: boolean; marked: boolean }> {
    switch (e.kind) {
      case 'received':
        return { ...(await this.onReceived(tx, e, stored)), marked: false };
      case 'status':
        return { outcome: e.status === 'delivered' ? await this.onDelivered(tx, e, stored.callbackId) : await this.onFailed(tx, e, stored.callbackId), queued: false, marked: true };
      case 'ignored':
        return { outcome: e.outcome, queued: false, marked: false };
    }
  }

  private async onReceived(tx: TransactionContext, e: Extract<ProviderCallback, { kind: 'received' }>, stored: StoredCallback): Promise<{ outcome: string; queued: boolean }> {
    const from = e.from;
    const ours = e.to;
    const owner = await this.directory.findByNumber(ours);
    if (!owner) return { outcome: 'unknown_number', queued: false };
    if (!isReplyableAddress(from)) return { outcome: 'not_replyable_sender', queued: false };
    if (await this.directory.findByNumber(from)) return { outcome: 'own_number', queued: false };
    const config = owner.config;
    const now = this.clock.now();
    const messageId = stableUuid('inbound', e.provider, e.providerMessageId);
    // The reply continues the missed call's story when there is one; otherwise it starts its own.
    const correlationId = (await this.firstTexts.storyOf(tx.handle, config.locationId, from)) ?? messageId;
    const base = { tenantId: config.tenantId, locationId: config.locationId, correlationId, providerMessageId: e.providerMessageId };
    await this.conversations.touchInbound(tx.handle, config.locationId, from, now);
    const verdict = InboundService.verdictOf(e);
    const change = { tenantId: config.tenantId, locationId: config.locationId, phoneE164: from, sendingNumberE164: ours, channel: 'sms' as const, providerMessageId: e.providerMessageId, correlationId, at: now };
    const standing = { tenantId: config.tenantId, locationId: config.locationId, phoneE164: from, sendingNumberE164: ours };
    const recognised = {
      originalText: e.text,
      rule: verdict.rule,
      rulesVersion: OPT_OUT_RULES_VERSION,
      ...(verdict.language ? { language: verdict.language } : {}),
      ...(verdict.matched ? { keyword: verdict.matched.toUpperCase().slice(0, 40) } : {}),
    };
    switch (verdict.kind) {
      case 'opt_out': {
        if (await this.consent.isOptedOut(tx, standing)) return { outcome: 'opt_out_repeat', queued: false };
        const { confirmationQueued } = await this.optOuts.record(tx, config, { ...change, ...recognised, method: verdict.rule.startsWith('keyword.') || verdict.rule.startsWith('carrier.') ? 'keyword' : 'fuzzy' });
        return { outcome: 'opt_out', queued: confirmationQueued };
      }
      case 'opt_in': {
        const optedOut = await this.consent.isOptedOut(tx, standing);
        // "YES" re-subscribes only a number that opted out; from anyone else it is an answer (the bot's
        // "is this urgent? Reply YES"), passed on like any text.
        if (!optedOut && ANSWER_OPT_IN_RULES.has(verdict.rule)) return this.ordinaryText(tx, e, stored, config, messageId, correlationId, now);
        const entry = optedOut ? await this.consent.optIn(tx, { ...change, ...recognised, scope: this.consent.scopeFor(config), method: 'keyword' }) : null;
        await this.conversations.setPaused(tx.handle, config.locationId, from, null, now);
        // The send decision confirms a START only when it reversed an opt-out (entry null: nothing to confirm).
        const queued = await this.reply(tx, config, from, ours, 'opt_in_confirmation', base, { kind: 'opt_in_confirmation', consentId: entry?.consentId ?? null });
        return { outcome: 'opt_in', queued };
      }
      case 'help': {
        const queued = await this.reply(tx, config, from, ours, 'help', base, { kind: 'help' });
        return { outcome: 'help', queued };
      }
      case 'ambiguous': {
        const optedOut = await this.consent.isOptedOut(tx, standing);
        const reviewId = optedOut
          ? null
          : await this.reviews.open(tx, config, { phoneE164: from, sendingNumberE164: ours, text: e.text, verdict, rulesVersion: OPT_OUT_RULES_VERSION, provider: e.provider, providerMessageId: e.providerMessageId, correlationId, at: now });
        await this.publishReceived(tx, e, stored, config, messageId, correlationId, true);
        return { outcome: optedOut ? 'ambiguous_opted_out' : reviewId ? 'consent_review_opened' : 'consent_review_already_open', queued: false };
      }
      case 'none':
        return this.ordinaryText(tx, e, stored, config, messageId, correlationId, now);
    }
  }

  /** A text that is no keyword: published for conversation-ai (auto-responder loops pause automation and are flagged). */
  private async ordinaryText(
    tx: TransactionContext,
    e: Extract<ProviderCallback, { kind: 'received' }>,
    stored: StoredCallback,
    config: LocationConfig,
    messageId: string,
    correlationId: string,
    now: Date,
  ): Promise<{ outcome: string; queued: boolean }> {
    const recent = await this.callbacks.recentInbound(tx.handle, e.from, e.to, new Date(now.getTime() - this.loop.windowSeconds * 1000), e.text);
    const loop = recent.count >= this.loop.inboundThreshold || recent.sameBody >= 3;
    if (loop) {
      await this.conversations.setPaused(tx.handle, config.locationId, e.from, 'auto_responder_loop', now);
      this.log.warn({ locationId: config.locationId, correlationId: messageId, recent }, 'auto-responder loop suspected; automation paused');
    }
    await this.publishReceived(tx, e, stored, config, messageId, correlationId, loop);
    return { outcome: loop ? 'received_loop_paused' : 'received', queued: false };
  }

  /**
   * The opt-out recogniser's verdict (@textback/opt-out, the one shared with conversation-ai), except that a Twilio
   * Advanced Opt-Out verdict (`OptOutType`, only sent for numbers in a Messaging Service with custom keywords) wins:
   * Twilio has already applied it to its own block list.
   */
  private static verdictOf(e: Extract<ProviderCallback, { kind: 'received' }>): ConsentReplyVerdict {
    const ours = recognizeConsentReply(e.text);
    const carrier = (kind: 'opt_out' | 'opt_in' | 'help'): ConsentReplyVerdict =>
      ours.kind === kind ? ours : { kind, rule: `carrier.twilio.${kind}`, matched: e.optOutType ?? kind };
    if (e.optOutType === 'STOP') return carrier('opt_out');
    if (e.optOutType === 'START') return carrier('opt_in');
    if (e.optOutType === 'HELP') return carrier('help');
    return ours;
  }

  /** A compliance reply (START confirmation, HELP) from the number the caller texted, through the send decision. */
  private async reply(
    tx: TransactionContext,
    config: LocationConfig,
    to: string,
    from: string,
    templateId: 'opt_in_confirmation' | 'help',
    base: { tenantId: string; locationId: string; correlationId: string; providerMessageId: string },
    compliance: ComplianceReply,
  ): Promise<boolean> {
    const body = this.templates.render(config, templateId).body;
    const result = await this.policy.enqueue(tx, {
      commandId: stableUuid('keyword-reply', base.providerMessageId, templateId),
      tenantId: base.tenantId,
      locationId: base.locationId,
      correlationId: base.correlationId,
      to,
      from,
      body,
      purpose: 'keyword_reply',
      automated: true,
      requestedBy: 'messaging',
      config,
      origin: { kind: 'messaging' },
      compliance,
    });
    return result.status === 'queued';
  }

  private async publishReceived(tx: TransactionContext, e: Extract<ProviderCallback, { kind: 'received' }>, stored: StoredCallback, config: LocationConfig, messageId: string, correlationId: string, needsReview: boolean): Promise<void> {
    await tx.publish(
      smsReceivedV1,
      createEvent(
        smsReceivedV1,
        { id: stableUuid('sms-received', messageId), source: MESSAGING_SOURCE, tenantId: config.tenantId, locationId: config.locationId, correlationId, subject: messageId, time: stored.receivedAt },
        {
          messageId,
          provider: e.provider,
          providerMessageId: e.providerMessageId,
          from: e.from,
          to: e.to,
          body: e.text,
          mediaUrls: e.media,
          receivedAt: stored.receivedAt.toISOString(),
          needsReview,
        },
      ),
    );
  }

  /** Marks the message delivered, publishes it and marks callback `callbackId` processed, in one statement and the outbox row. */
  private async onDelivered(tx: TransactionContext, e: Extract<ProviderCallback, { kind: 'status' }>, callbackId: string): Promise<string> {
    const now = this.clock.now();
    const m = await this.messages.applyDeliveryStatus(
      tx.handle,
      { providerMessageId: e.providerMessageId, tag: e.commandId, provider: e.provider },
      { status: 'delivered', reason: null, errorCode: null, at: now },
      { callbackId, outcome: 'delivered', at: now },
    );
    if (!m) return 'unknown_message';
    await tx.publish(
      smsDeliveredV1,
      createEvent(
        smsDeliveredV1,
        { source: MESSAGING_SOURCE, tenantId: m.tenantId, locationId: m.locationId, correlationId: m.correlationId, causationId: m.commandId, subject: m.messageId, time: now },
        { messageId: m.messageId, provider: e.provider, providerMessageId: e.providerMessageId, to: m.to, deliveredAt: new Date(Date.parse(e.time ?? '') || now.getTime()).toISOString() },
      ),
    );
    return 'delivered';
  }

  /** Marks the message failed (and callback `callbackId` processed) in one statement, publishes it, learns from the error. */
  private async onFailed(tx: TransactionContext, e: Extract<ProviderCallback, { kind: 'status' }>, callbackId: string): Promise<string> {
    const now = this.clock.now();
    const errorCode = e.errorCode ?? 'unknown';
    const reason = failureReasonOf(errorCode);
    const m = await this.messages.applyDeliveryStatus(
      tx.handle,
      { providerMessageId: e.providerMessageId, tag: e.commandId, provider: e.provider },
      { status: 'failed', reason, errorCode, at: now },
      { callbackId, outcome: `failed_${reason}`, at: now },
    );
    if (!m) return 'unknown_message';
    await tx.publish(
      smsFailedV1,
      createEvent(
        smsFailedV1,
        { source: MESSAGING_SOURCE, tenantId: m.tenantId, locationId: m.locationId, correlationId: m.correlationId, causationId: m.commandId, subject: m.messageId, time: now },
        {
          messageId: m.messageId,
          provider: e.provider,
          providerMessageId: e.providerMessageId,
          to: m.to,
          errorCode,
          ...(e.description ? { errorDescription: e.description } : {}),
          reason,
          failedAt: new Date(Date.parse(e.time ?? '') || now.getTime()).toISOString(),
        },
      ),
    );
    await this.lineTypes.learnFromDeliveryError(tx, m.to, errorCode);
    if (reason === 'opted_out_at_carrier' && m.from) {
      const q = { tenantId: m.tenantId, locationId: m.locationId, phoneE164: m.to, sendingNumberE164: m.from };
      if (!(await this.consent.isOptedOut(tx, q))) {
        const scope = this.consent.scopeFor(await this.directory.get(m.locationId, tx.handle));
        await this.consent.optOut(tx, { ...q, scope, method: 'carrier', channel: 'sms', providerMessageId: e.providerMessageId, correlationId: m.correlationId, at: now });
      }
    }
    return `failed_${reason}`;
  }
}
