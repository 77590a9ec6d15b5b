import { Injectable } from '@nestjs/common';
import { type EventEnvelope, type HandoffRequestedV1, type IntentCapturedV1, type LeadQualifiedV1, type UrgentDetectedV1 } from '@textback/contracts';
import { type TransactionContext } from '@textback/persistence';
import { LeadActivityService } from '../../lead-activity.service';

type Env<T> = EventEnvelope<T>;

/** Applies conversation-ai's decisions: intent, qualification, urgency, handoff. Once per event id (inbox), through {@link LeadActivityService}. */
@Injectable()
export class RecordConversationUsecase {
  constructor(private readonly activity: LeadActivityService) {}

  async intentCaptured(tx: TransactionContext, e: Env<IntentCapturedV1>): Promise<void> {
    await this.activity.apply(tx, e, {
      callerE164: e.data.callerE164,
      opensLead: { source: 'inbound_sms' },
      stage: 'engaged',
      patch: { intent: e.data.intent, urgency: e.data.urgency, ...(e.data.serviceId ? { serviceId: e.data.serviceId } : {}) },
      timeline: { kind: 'intent', at: e.time, summary: `Intent ${e.data.intent}, urgency ${e.data.urgency}${e.data.serviceText ? `: ${e.data.serviceText}` : ''}`, data: { method: e.data.method, confidence: e.data.confidence } },
    });
  }

  async leadQualified(tx: TransactionContext, e: Env<LeadQualifiedV1>): Promise<void> {
    await this.activity.apply(tx, e, {
      callerE164: e.data.callerE164,
      opensLead: { source: 'inbound_sms' },
      stage: 'qualified',
      patch: { intent: e.data.intent, urgency: e.data.urgency, ...(e.data.serviceId ? { serviceId: e.data.serviceId } : {}) },
      timeline: { kind: 'qualified', at: e.time, summary: e.data.summary },
    });
  }

  async urgentDetected(tx: TransactionContext, e: Env<UrgentDetectedV1>): Promise<void> {
    await this.activity.apply(tx, e, {
      callerE164: e.data.callerE164,
      opensLead: { source: 'inbound_sms' },
      stage: 'engaged',
      patch: { urgency: 'emergency', ...(e.data.serviceId ? { serviceId: e.data.serviceId } : {}) },
      timeline: { kind: 'urgent', at: e.data.detectedAt, summary: `Urgent${e.data.hazard ? ` (${e.data.hazard})` : ''}: ${e.data.summary}` },
    });
  }

  async handoffRequested(tx: TransactionContext, e: Env<HandoffRequestedV1>): Promise<void> {
    await this.activity.apply(tx, e, {
      callerE164: e.data.callerE164,
      timeline: { kind: 'handoff', at: e.time, summary: `Handoff requested (${e.data.reason})${e.data.detail ? `: ${e.data.detail}` : ''}` },
      task: { kind: 'review', key: `handoff:${e.id}`, reason: `Take over the conversation (${e.data.reason})` },
    });
  }
}
