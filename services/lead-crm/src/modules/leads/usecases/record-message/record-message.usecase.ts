import { Injectable } from '@nestjs/common';
import { type CallbackTaskRequestedV1, type ConsentOptedInV1, type ConsentOptedOutV1, type EventEnvelope, type FirstTextDecidedV1, type SmsDeliveredV1, type SmsFailedV1, type SmsReceivedV1, type SmsSentV1 } from '@textback/contracts';
import { LeadActivityService } from '../../lead-activity.service';

type Env<T> = EventEnvelope<T>;

/** Applies texts, consent, first-text decisions and callback requests from messaging. Once per event id (inbox), through {@link LeadActivityService}. */
@Injectable()
export class RecordMessageUsecase {
  constructor(private readonly activity: LeadActivityService) {}

  async firstTextDecided(e: Env<FirstTextDecidedV1>): Promise<void> {
    if (!e.data.callerE164) return this.activity.skip(e);
    const summary = e.data.outcome === 'sent' ? 'First text queued' : `First text ${e.data.outcome}${e.data.reason ? ` (${e.data.reason})` : ''}`;
    await this.activity.apply(e, { callerE164: e.data.callerE164, timeline: { kind: 'first_text', at: e.data.decidedAt, summary, data: { callId: e.data.callId, outcome: e.data.outcome, reason: e.data.reason } } });
  }

  async smsSent(e: Env<SmsSentV1>): Promise<void> {
    await this.activity.apply(e, { callerE164: e.data.to, timeline: { kind: 'sms_out', at: e.data.sentAt, summary: `Text sent (${e.data.purpose}${e.data.automated ? ', automated' : ''})`, data: { messageId: e.data.messageId, purpose: e.data.purpose, segments: e.data.segments } } });
  }

  async smsDelivered(e: Env<SmsDeliveredV1>): Promise<void> {
    await this.activity.apply(e, { callerE164: e.data.to, timeline: { kind: 'sms_delivered', at: e.data.deliveredAt, summary: 'Text delivered', data: { messageId: e.data.messageId } } });
  }

  async smsFailed(e: Env<SmsFailedV1>): Promise<void> {
    await this.activity.apply(e, { callerE164: e.data.to, timeline: { kind: 'sms_failed', at: e.data.failedAt, summary: `Text failed: ${e.data.reason} (${e.data.errorCode})`, data: { messageId: e.data.messageId, reason: e.data.reason } } });
  }

  async smsReceived(e: Env<SmsReceivedV1>): Promise<void> {
    await this.activity.apply(e, {
      callerE164: e.data.from,
      opensLead: { source: 'inbound_sms' },
      stage: 'engaged',
      timeline: { kind: 'sms_in', at: e.data.receivedAt, summary: e.data.body.slice(0, 500), data: { messageId: e.data.messageId, mediaCount: e.data.mediaUrls.length } },
      ...(e.data.needsReview ? { task: { kind: 'review' as const, key: `needs-review:${e.data.messageId}`, reason: 'The caller may have asked to stop texts: review before any further text' } } : {}),
    });
  }

  async consentChanged(e: Env<ConsentOptedOutV1 | ConsentOptedInV1>, optedOut: boolean): Promise<void> {
    await this.activity.apply(e, {
      callerE164: e.data.phoneE164,
      consent: { optedOut, at: e.data.at },
      timeline: { kind: 'consent', at: e.data.at, summary: `${optedOut ? 'Opted out' : 'Opted in'} (${e.data.method}${e.data.keyword ? `: ${e.data.keyword}` : ''}, scope ${e.data.scope})` },
    });
  }

  async callbackTaskRequested(e: Env<CallbackTaskRequestedV1>): Promise<void> {
    const task = { kind: 'callback' as const, key: e.data.taskKey, reason: `Call back: ${e.data.reason}` };
    if (!e.data.callerE164) return this.activity.openTaskWithoutCaller(e, task);
    await this.activity.apply(e, { callerE164: e.data.callerE164, task });
  }
}
