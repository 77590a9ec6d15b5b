import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createEvent, type LocationConfig, type SmsSuppressionReason, smsSuppressedV1 } from '@textback/contracts';
import { METRICS_REGISTRY } from '@textback/observability';
import { ROOT_LOGGER } from '@textback/platform';
import { type TransactionContext } from '@textback/persistence';
import { type Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { CLOCK, type Clock } from '../clock/port/clock';
import { MESSAGING_SOURCE } from '../shared/messaging-events';
import { OutboundMessageRepository } from './outbound-message.repository';
import { countSegments } from '../templates/sms-segments.util';
import { type OutboundMessage } from './outbound-message.types';
import { KNOWN_PRODUCERS, MESSAGING_PRODUCER } from './send-decision.constants';
import { SendDecision, sendingNumberOf } from './send-decision.policy';
import { type ComplianceReply, type EnqueueResult, type InlineSendClaim, type SendIntent, type SendOrigin } from './send-intent.types';
import { SendRateRepository } from './send-rate.repository';

export { SEND_POLICY_LIMITS, type SendPolicyLimits } from './send-decision.policy';

/**
 * Runs the one {@link SendDecision} for every outbound text (first texts, keyword replies and send commands from other
 * services) and stores its outcome in the durable queue `outbound_message`: queued (possibly deferred to the morning),
 * or suppressed with its stable reason, which is also published as `messaging.sms.suppressed.v1` and counted in
 * `textback_sms_refused_total{reason, purpose, producer}`.
 */
@Injectable()
export class SendPolicy {
  private readonly refused: Counter<'reason' | 'purpose' | 'producer'>;

  constructor(
    private readonly messages: OutboundMessageRepository,
    private readonly decision: SendDecision,
    private readonly rates: SendRateRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    const existing = registry.getSingleMetric('textback_sms_refused_total') as Counter<'reason' | 'purpose' | 'producer'> | undefined;
    this.refused =
      existing ??
      new Counter({ name: 'textback_sms_refused_total', help: 'Texts refused by the send decision, by reason, purpose and producer', labelNames: ['reason', 'purpose', 'producer'], registers: [registry] });
  }

  /** The location's sending number for `provider`-agnostic sends: the first registered (or exempt) one. */
  static sendingNumberOf(config: LocationConfig): string | undefined {
    return sendingNumberOf(config);
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

  /** How much of `from`'s throughput a text of `body` takes, ms: its segments at the number's messages per second. */
  static slotCostMs(config: LocationConfig, from: string, body: string): number {
    return (countSegments(body).segments * 1000) / SendPolicy.throughputOf(config, from);
  }

  /**
   * Decides `intent` and stores the outcome (queued, or suppressed with its reason and a `messaging.sms.suppressed.v1`
   * event) keyed by `commandId`.
   *
   * With `claim`, a text that may go now is also claimed and prepared for its carrier call in `tx`, the decision's own
   * transaction, instead of in the send queue's claim and prepare transactions after it: the number's throughput slot
   * is taken here ({@link SendRateRepository.tryTake}) and the row is stored with the claim's lease and
   * `carrier_call_at` (result `prepared`), so once `tx` commits the caller calls the carrier at once
   * (`SendQueueWorker.sendPrepared`). The send stage's re-check is not repeated: it would read what this decision just
   * read in the same transaction (consent, pauses, takeover, expiry, quiet hours). When the slot is taken the text is
   * stored queued for the instant the number is free (no claim). If `tx` rolls back, the slot and the claim go with it;
   * if the process dies after the commit, the lease expires with `carrier_call_at` set and the row is reconciled with
   * the carrier (never re-sent blindly), as after a queue worker's prepare. A duplicate command id still spends the slot
   * taken for it (one text's worth of the number's throughput, in a rare race).
   * @returns `duplicate` when the command id was seen before (nothing changes).
   */
  async enqueue(tx: TransactionContext, intent: SendIntent, claim?: InlineSendClaim): Promise<EnqueueResult> {
    const now = this.clock.now();
    const verdict = await this.decision.decide(tx, intent, now, 'enqueue');
    const messageId = randomUUID();
    const confirmation = intent.compliance && intent.compliance.kind !== 'help' ? intent.compliance.consentId : null;
    const row: OutboundMessage = {
      messageId,
      commandId: intent.commandId,
      tenantId: intent.tenantId,
      locationId: intent.locationId,
      correlationId: intent.correlationId,
      causationId: intent.causationId ?? null,
      to: intent.to,
      from: verdict.from,
      body: intent.body ?? '',
      purpose: intent.purpose,
      // As decided: `automated: false` only from producers whose texts a person types (the cap counts the rest).
      automated: SendDecision.automated(intent),
      requestedBy: intent.requestedBy,
      status: verdict.kind === 'refuse' ? 'suppressed' : 'queued',
      reason: verdict.kind === 'refuse' ? verdict.reason : verdict.deferred ? 'quiet_hours_deferred' : null,
      attempts: 0,
      nextAttemptAt: verdict.kind === 'allow' ? verdict.notBefore : now,
      expiresAt: intent.expiresAt ?? null,
      provider: null,
      providerMessageId: null,
      segments: null,
      encoding: null,
      errorCode: null,
      createdAt: now,
      sentAt: null,
      complianceKind: intent.compliance?.kind ?? null,
      consentId: confirmation,
      producer: SendPolicy.producerOf(intent.origin),
      leaseToken: null,
      handlingFailures: 0,
    };
    let inline: InlineSendClaim | undefined;
    if (claim && verdict.kind === 'allow' && intent.config && row.nextAttemptAt.getTime() <= now.getTime()) {
      const busyUntil = await this.rates.tryTake(tx.handle, verdict.from, now, SendPolicy.slotCostMs(intent.config, verdict.from, row.body));
      if (busyUntil) row.nextAttemptAt = busyUntil;
      else {
        inline = claim;
        row.leaseToken = claim.token;
      }
    }
    if (!(await this.messages.insert(tx.handle, row, inline ? { ...inline, carrierCallAt: now } : undefined))) return { status: 'duplicate' };
    if (verdict.kind === 'refuse') {
      await this.publishRefusal(tx, row, verdict.reason, verdict.detail, now);
      return { status: 'suppressed', messageId, reason: verdict.reason };
    }
    const queued = { status: 'queued' as const, messageId, nextAttemptAt: row.nextAttemptAt, from: verdict.from };
    if (!inline || !intent.config) return queued;
    return { ...queued, prepared: { message: row, token: inline.token, from: verdict.from, provider: SendPolicy.providerOf(intent.config, verdict.from) } };
  }

  /**
   * The same decision again right before the carrier call (stage `send`), so that an opt-out, a pause or quiet hours
   * that arrived after queueing still win, and a confirmation past its 5 minutes is not sent late.
   * @returns a suppression reason, a deferral instant, or `ok`.
   */
  async recheck(tx: TransactionContext, m: OutboundMessage, config: LocationConfig, now: Date): Promise<{ kind: 'ok' } | { kind: 'suppress'; reason: SmsSuppressionReason; detail: string } | { kind: 'defer'; until: Date }> {
    // Rows queued before the send decision existed carry no producer: the old policy admitted them, and a keyword
    // reply among them has no kind to check; they only get the consent check of their time (skipped for keyword replies).
    const legacyKeywordReply = m.producer === null && m.purpose === 'keyword_reply';
    if (legacyKeywordReply) return { kind: 'ok' };
    const verdict = await this.decision.decide(tx, SendPolicy.intentOf(m, config), now, 'send');
    if (verdict.kind === 'refuse') return { kind: 'suppress', reason: verdict.reason, detail: verdict.detail };
    if (verdict.notBefore.getTime() > now.getTime()) return { kind: 'defer', until: verdict.notBefore };
    return { kind: 'ok' };
  }

  /**
   * Ends a queued message refused on its re-check: `cancelled` for an opt-out, else `suppressed`, with the reason
   * stored, published and counted.
   */
  async refuseQueued(tx: TransactionContext, m: OutboundMessage, reason: SmsSuppressionReason, detail: string, now: Date): Promise<void> {
    await this.messages.finish(tx.handle, m.messageId, reason === 'opted_out' ? 'cancelled' : 'suppressed', reason, null, now);
    await this.publishRefusal(tx, m, reason, detail, now);
  }

  /** The row as an intent again (for the re-check). */
  static intentOf(m: OutboundMessage, config: LocationConfig): SendIntent {
    const producer = m.producer ?? MESSAGING_PRODUCER;
    return {
      commandId: m.commandId,
      tenantId: m.tenantId,
      locationId: m.locationId,
      correlationId: m.correlationId,
      to: m.to,
      ...(m.from ? { from: m.from } : {}),
      body: m.body,
      purpose: m.purpose,
      automated: m.automated,
      requestedBy: m.requestedBy,
      config,
      origin: producer === MESSAGING_PRODUCER ? { kind: 'messaging' } : { kind: 'command', producer },
      ...(m.complianceKind ? { compliance: SendPolicy.complianceOf(m) } : {}),
    };
  }

  private static complianceOf(m: OutboundMessage): ComplianceReply {
    switch (m.complianceKind) {
      case 'opt_out_confirmation':
        return { kind: 'opt_out_confirmation', consentId: m.consentId ?? '' };
      case 'opt_in_confirmation':
        return { kind: 'opt_in_confirmation', consentId: m.consentId };
      case 'help':
      case null:
        return { kind: 'help' };
    }
  }

  private static producerOf(origin: SendOrigin): string {
    return origin.kind === 'messaging' ? MESSAGING_PRODUCER : origin.producer;
  }

  private async publishRefusal(tx: TransactionContext, m: OutboundMessage, reason: SmsSuppressionReason, detail: string, now: Date): Promise<void> {
    const producer = m.producer ?? MESSAGING_PRODUCER;
    this.refused.inc({ reason, purpose: m.purpose, producer: KNOWN_PRODUCERS.has(producer) ? producer : 'other' });
    this.log.info({ commandId: m.commandId, purpose: m.purpose, reason, detail, producer, correlationId: m.correlationId }, 'send refused');
    await tx.publish(
      smsSuppressedV1,
      createEvent(
        smsSuppressedV1,
        { source: MESSAGING_SOURCE, tenantId: m.tenantId, locationId: m.locationId, correlationId: m.correlationId, causationId: m.commandId, subject: m.messageId, time: now },
        { messageId: m.messageId, commandId: m.commandId, to: m.to, purpose: m.purpose, automated: m.automated, reason, requestedBy: m.requestedBy, producer, suppressedAt: now.toISOString() },
      ),
    );
  }
}
