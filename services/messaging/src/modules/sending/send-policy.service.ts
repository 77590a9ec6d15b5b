import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type LocationConfig, type SmsPurpose } from '@textback/contracts';
import { LocationDirectory, ROOT_LOGGER } from '@textback/platform';
import { type TransactionContext } from '@textback/persistence';
import { type Logger } from 'pino';
import { CLOCK, type Clock } from '../clock/clock';
import { ConsentLedger } from '../consent/consent-ledger.service';
import { LineTypeRepository } from '../line-type/line-type.repository';
import { isReplyableAddress } from '../policy/phone-number.util';
import { QuietHoursPolicy } from '../policy/quiet-hours.policy';
import { OutboundMessageRepository } from './outbound-message.repository';
import { type OutboundMessage, type SendSuppressionReason } from './outbound-message.types';
import { type EnqueueResult, type SendIntent } from './send-intent.types';

/** Policy limits (env AUTOMATED_HOURLY_CAP). */
export const SEND_POLICY_LIMITS = Symbol('SendPolicyLimits');
export interface SendPolicyLimits {
  /** Hard cap of automated texts per conversation (location + caller) per rolling hour. */
  automatedHourlyCap: number;
}

/** Purposes that are not held for the morning: the immediate first text, compliance replies and staff pages. */
const QUIET_HOURS_EXEMPT = new Set<SmsPurpose>(['first_text', 'keyword_reply', 'dispatch_page']);
/** A reply to someone who texted us within this window may go out in quiet hours (they texted first). */
const TEXTED_FIRST_WINDOW_MS = 30 * 60_000;

/**
 * The one send policy every outbound text passes (first texts, keyword replies and send commands from other
 * services), then the durable queue. Checks, in order: replyable address, our own number, a registered sending
 * number, consent (the ledger), paused automation and human takeover, the hourly cap of automated texts,
 * learned non-textable numbers, quiet hours (deferral to the morning, never a drop) and `notBefore`.
 * Keyword replies (STOP/START/HELP confirmations) skip consent, pauses, caps and quiet hours.
 */
@Injectable()
export class SendPolicy {
  constructor(
    private readonly messages: OutboundMessageRepository,
    private readonly consent: ConsentLedger,
    private readonly lineTypes: LineTypeRepository,
    private readonly directory: LocationDirectory,
    @Inject(SEND_POLICY_LIMITS) private readonly limits: SendPolicyLimits,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  /** The location's sending number for `provider`-agnostic sends: the first registered (or exempt) one. */
  static sendingNumberOf(config: LocationConfig): string | undefined {
    return config.sendingNumbers.find((n) => n.campaignStatus === 'registered' || n.campaignStatus === 'not_required')?.e164;
  }

  /**
   * The provider that sends from `from`: its entry in `sendingNumbers`, else in `phoneNumbers` (a keyword reply from
   * the number that was texted), else Bandwidth.
   */
  static providerOf(config: LocationConfig, from: string): 'bandwidth' | 'twilio' {
    return config.sendingNumbers.find((n) => n.e164 === from)?.provider ?? config.phoneNumbers.find((n) => n.e164 === from)?.provider ?? 'bandwidth';
  }

  /** Messages per second allowed for `from` (10DLC throughput from location config; default 1). */
  static throughputOf(config: LocationConfig, from: string): number {
    return config.sendingNumbers.find((n) => n.e164 === from)?.messagesPerSecond ?? 1;
  }

  /**
   * Runs the policy and stores the outcome (queued, or suppressed with its reason) keyed by `commandId`.
   * @returns `duplicate` when the command id was seen before (nothing changes).
   */
  async enqueue(tx: TransactionContext, intent: SendIntent): Promise<EnqueueResult> {
    const now = this.clock.now();
    const verdict = await this.evaluate(tx, intent, now);
    const messageId = randomUUID();
    const row: OutboundMessage = {
      messageId,
      commandId: intent.commandId,
      tenantId: intent.tenantId,
      locationId: intent.locationId,
      correlationId: intent.correlationId,
      causationId: intent.causationId ?? null,
      to: intent.to,
      from: verdict.from ?? null,
      body: intent.body,
      purpose: intent.purpose,
      automated: intent.automated,
      requestedBy: intent.requestedBy,
      status: verdict.reason ? 'suppressed' : 'queued',
      reason: verdict.reason ?? verdict.deferral ?? null,
      attempts: 0,
      nextAttemptAt: verdict.nextAttemptAt ?? now,
      expiresAt: intent.expiresAt ?? null,
      provider: null,
      providerMessageId: null,
      segments: null,
      encoding: null,
      errorCode: null,
      createdAt: now,
      sentAt: null,
    };
    if (!(await this.messages.insert(tx.handle, row))) return { status: 'duplicate' };
    if (verdict.reason) {
      this.log.info({ commandId: intent.commandId, purpose: intent.purpose, reason: verdict.reason, correlationId: intent.correlationId }, 'send suppressed');
      return { status: 'suppressed', messageId, reason: verdict.reason };
    }
    return { status: 'queued', messageId, nextAttemptAt: row.nextAttemptAt, from: verdict.from ?? '' };
  }

  /**
   * The checks that apply again right before the carrier call (consent, pauses, quiet hours), so that an opt-out or a
   * pause that arrived after queueing still wins.
   * @returns a suppression reason, a deferral instant, or `ok`.
   */
  async recheck(tx: TransactionContext, m: OutboundMessage, config: LocationConfig, now: Date): Promise<{ kind: 'ok' } | { kind: 'suppress'; reason: SendSuppressionReason } | { kind: 'defer'; until: Date }> {
    if (m.purpose === 'keyword_reply') return { kind: 'ok' };
    const { optedOut, conversation: state } = await this.consent.standing(tx, { tenantId: m.tenantId, locationId: m.locationId, phoneE164: m.to, sendingNumberE164: m.from });
    if (optedOut) return { kind: 'suppress', reason: 'opted_out' };
    if (m.automated && m.purpose !== 'dispatch_page') {
      if (state.pausedReason) return { kind: 'suppress', reason: 'paused' };
      if (state.humanActive) return { kind: 'suppress', reason: 'human_active' };
      if (!QUIET_HOURS_EXEMPT.has(m.purpose) && !this.textedFirst(state.lastInboundAt, m.purpose, now)) {
        const until = QuietHoursPolicy.nextAllowed(config, now);
        if (until.getTime() > now.getTime()) return { kind: 'defer', until };
      }
    }
    return { kind: 'ok' };
  }

  private textedFirst(lastInboundAt: Date | null, purpose: SmsPurpose, now: Date): boolean {
    return purpose === 'conversation_reply' && lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() <= TEXTED_FIRST_WINDOW_MS;
  }

  private async evaluate(tx: TransactionContext, intent: SendIntent, now: Date): Promise<{ reason?: SendSuppressionReason; from?: string; nextAttemptAt?: Date; deferral?: string }> {
    const config = intent.config;
    if (!config || !config.active) return { reason: 'unknown_location' };
    if (!isReplyableAddress(intent.to)) return { reason: 'not_replyable' };
    const pre = intent.prechecked === true;
    if (!pre && (await this.directory.findByNumber(intent.to))) return { reason: 'own_number' };
    const from = intent.from ?? SendPolicy.sendingNumberOf(config);
    if (!from) return { reason: 'sender_not_registered' };
    if (intent.purpose === 'keyword_reply') return { from };
    const standing = pre ? null : await this.consent.standing(tx, { tenantId: intent.tenantId, locationId: intent.locationId, phoneE164: intent.to, sendingNumberE164: from });
    if (standing?.optedOut) return { reason: 'opted_out', from };
    const state = standing?.conversation ?? { pausedReason: null, humanActive: false, lastInboundAt: null };
    if (intent.automated && intent.purpose !== 'dispatch_page') {
      if (state.pausedReason) return { reason: 'paused', from };
      if (state.humanActive) return { reason: 'human_active', from };
      const recent = await this.messages.countAutomatedSince(tx.handle, intent.locationId, intent.to, new Date(now.getTime() - 3_600_000));
      if (recent >= this.limits.automatedHourlyCap) return { reason: 'hourly_cap', from };
    }
    const lineType = pre ? null : await this.lineTypes.get(intent.to);
    if (lineType && !lineType.textable) return { reason: lineType.source === 'delivery_error' ? 'not_textable' : 'landline', from };
    let nextAttemptAt = intent.notBefore && intent.notBefore.getTime() > now.getTime() ? intent.notBefore : now;
    let deferral: string | undefined;
    if (intent.automated && !QUIET_HOURS_EXEMPT.has(intent.purpose) && !this.textedFirst(state.lastInboundAt, intent.purpose, now)) {
      const allowed = QuietHoursPolicy.nextAllowed(config, nextAttemptAt);
      if (allowed.getTime() !== nextAttemptAt.getTime()) {
        nextAttemptAt = allowed;
        deferral = 'quiet_hours_deferred';
      }
    }
    return { from, nextAttemptAt, ...(deferral ? { deferral } : {}) };
  }
}
