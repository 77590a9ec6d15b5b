import { Injectable } from '@nestjs/common';
import {
  type CallbackTaskRequestedV1,
  type ConsentOptedInV1,
  type ConsentOptedOutV1,
  type ConsentReviewOpenedV1,
  type ConsentReviewResolvedV1,
  type EventEnvelope,
  type FirstTextDecidedV1,
  type SmsDeliveredV1,
  type SmsFailedV1,
  type SmsReceivedV1,
  type SmsSentV1,
} from '@textback/contracts';
import { type TransactionContext } from '@textback/persistence';
import { LeadActivityService } from '../../lead-activity.service';

type Env<T> = EventEnvelope<T>;

/** Applies texts, consent, first-text decisions and callback requests from messaging. Once per event id (inbox), through {@link LeadActivityService}. */
@Injectable()
export class RecordMessageUsecase {
  constructor(private readonly activity: LeadActivityService) {}

  async firstTextDecided(tx: TransactionContext, e: Env<FirstTextDecidedV1>): Promise<void> {
    if (!e.data.callerE164) return this.activity.skip(e);
    const summary = e.data.outcome === 'sent' ? 'First text queued' : `First text ${e.data.outcome}${e.data.reason ? ` (${e.data.reason})` : ''}`;
    await this.activity.apply(tx, e, { callerE164: e.data.callerE164, timeline: { kind: 'first_text', at: e.data.decidedAt, summary, data: { callId: e.data.callId, outcome: e.data.outcome, reason: e.data.reason } } });
  }

  async smsSent(tx: TransactionContext, e: Env<SmsSentV1>): Promise<void> {
    await this.activity.apply(tx, e, { callerE164: e.data.to, timeline: { kind: 'sms_out', at: e.data.sentAt, summary: `Text sent (${e.data.purpose}${e.data.automated ? ', automated' : ''})`, data: { messageId: e.data.messageId, purpose: e.data.purpose, segments: e.data.segments } } });
  }

  async smsDelivered(tx: TransactionContext, e: Env<SmsDeliveredV1>): Promise<void> {
    await this.activity.apply(tx, e, { callerE164: e.data.to, timeline: { kind: 'sms_delivered', at: e.data.deliveredAt, summary: 'Text delivered', data: { messageId: e.data.messageId } } });
  }

  async smsFailed(tx: TransactionContext, e: Env<SmsFailedV1>): Promise<void> {
    await this.activity.apply(tx, e, { callerE164: e.data.to, timeline: { kind: 'sms_failed', at: e.data.failedAt, summary: `Text failed: ${e.data.reason} (${e.data.errorCode})`, data: { messageId: e.data.messageId, reason: e.data.reason } } });
  }

  async smsReceived(tx: TransactionContext, e: Env<SmsReceivedV1>): Promise<void> {
    await this.activity.apply(tx, e, {
      callerE164: e.data.from,
      opensLead: { source: 'inbound_sms' },
      stage: 'engaged',
      timeline: { kind: 'sms_in', at: e.data.receivedAt, summary: e.data.body.slice(0, 500), data: { messageId: e.data.messageId, mediaCount: e.data.mediaUrls.length } },
      ...(e.data.needsReview ? { task: { kind: 'review' as const, key: `needs-review:${e.data.messageId}`, reason: 'The caller may have asked to stop texts: review before any further text' } } : {}),
    });
  }

  async consentChanged(tx: TransactionContext, e: Env<ConsentOptedOutV1 | ConsentOptedInV1>, optedOut: boolean): Promise<void> {
    const d = e.data;
    const how = [d.method, d.keyword ? `: ${d.keyword}` : '', d.resolvedBy ? `, review resolved by ${d.resolvedBy}` : ''].join('');
    const text = d.originalText !== undefined ? ` "${d.originalText.slice(0, 300)}"` : '';
    await this.activity.apply(tx, e, {
      callerE164: d.phoneE164,
      consent: { optedOut, at: d.at },
      timeline: {
        kind: 'consent',
        at: d.at,
        summary: `${optedOut ? 'Opted out' : 'Opted in'}${text} (${how}, scope ${d.scope})`,
        data: {
          consentId: d.consentId,
          scope: d.scope,
          method: d.method,
          ...(d.rule ? { rule: d.rule, rulesVersion: d.rulesVersion ?? null, language: d.language ?? null } : {}),
          ...(d.reviewId ? { reviewId: d.reviewId, resolvedBy: d.resolvedBy ?? null } : {}),
        },
      },
    });
  }

  /** An ambiguous text awaits a staff decision (messaging paused automation for the caller meanwhile). */
  async consentReviewOpened(tx: TransactionContext, e: Env<ConsentReviewOpenedV1>): Promise<void> {
    const d = e.data;
    await this.activity.apply(tx, e, {
      callerE164: d.phoneE164,
      timeline: {
        kind: 'consent',
        at: d.openedAt,
        summary: `Opt-out review opened: "${d.originalText.slice(0, 300)}" (automation paused until resolved)`,
        data: { reviewId: d.reviewId, rule: d.rule, rulesVersion: d.rulesVersion },
      },
    });
  }

  /** A staff member decided whether the text was an opt-out: the review is over, so are its needs-review tasks. */
  async consentReviewResolved(tx: TransactionContext, e: Env<ConsentReviewResolvedV1>): Promise<void> {
    const d = e.data;
    await this.activity.apply(tx, e, {
      callerE164: d.phoneE164,
      closesReviewTasks: { by: d.resolvedBy, at: d.resolvedAt },
      timeline: {
        kind: 'consent',
        at: d.resolvedAt,
        summary: `Opt-out review resolved by ${d.resolvedBy}: ${d.decision === 'opt_out' ? 'opted out' : 'not an opt-out, automation resumes'}`,
        data: { reviewId: d.reviewId, decision: d.decision, resolvedBy: d.resolvedBy, ...(d.consentId ? { consentId: d.consentId } : {}) },
      },
    });
  }

  async callbackTaskRequested(tx: TransactionContext, e: Env<CallbackTaskRequestedV1>): Promise<void> {
    const task = { kind: 'callback' as const, key: e.data.taskKey, reason: `Call back: ${e.data.reason}` };
    if (!e.data.callerE164) return this.activity.openTaskWithoutCaller(tx, e, task);
    await this.activity.apply(tx, e, { callerE164: e.data.callerE164, task });
  }
}
