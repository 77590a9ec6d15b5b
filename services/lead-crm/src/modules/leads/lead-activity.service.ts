import { Inject, Injectable } from '@nestjs/common';
import {
  type BookingCancelledV1,
  type BookingConfirmedV1,
  type BookingOfferedV1,
  type CallAnsweredV1,
  type CallbackScheduledV1,
  type CallbackTaskRequestedV1,
  type CallMissedV1,
  type CallReceivedV1,
  type CallVoicemailV1,
  type ConsentOptedInV1,
  type ConsentOptedOutV1,
  type DispatchAcknowledgedV1,
  type DispatchEscalatedV1,
  type DispatchPagedV1,
  type EventEnvelope,
  type FirstTextDecidedV1,
  type HandoffRequestedV1,
  type IntentCapturedV1,
  type LeadQualifiedV1,
  type SmsDeliveredV1,
  type SmsFailedV1,
  type SmsReceivedV1,
  type SmsSentV1,
  type UrgentDetectedV1,
} from '@textback/contracts';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { advanceStage } from './lead-stage.policy';
import { LeadEventPublisher } from './lead-event.publisher';
import { LeadRepository } from './lead.repository';
import { type LeadPatch, type LeadRecord, type LeadSource, type TimelineKind } from './lead.types';
import { TaskRepository } from './task.repository';
import { TimelineRepository } from './timeline.repository';

/** Consumer group (inbox key) of lead-crm's lead activity consumer. */
export const LEAD_ACTIVITY_GROUP = 'lead-crm.lead-activity';

type Env<T> = EventEnvelope<T>;
type OpenStage = 'new' | 'engaged' | 'qualified' | 'booked';

/** What an event does to a contact's lead and timeline. */
interface Effect {
  callerE164: string;
  /** Open a lead when the contact has none open at the location (a new story starts). */
  opensLead?: { source: LeadSource; patch?: LeadPatch };
  /** Fields to set on the open (or latest) lead. */
  patch?: LeadPatch;
  stage?: OpenStage;
  timeline?: { kind: TimelineKind; at: string; summary: string; data?: Record<string, unknown> };
  task?: { kind: 'callback' | 'review'; key: string; reason: string; windowStart?: string; windowEnd?: string };
}

/**
 * Applies every call, text, consent, conversation and scheduling event to the contact, the
 * lead and the timeline, once per event (inbox), publishing lead events through the outbox.
 * Events of a location this CRM does not know are ignored (recorded as applied): lead-crm is
 * the system of record of locations, so such an event concerns no lead here.
 */
@Injectable()
export class LeadActivityService {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly leads: LeadRepository,
    private readonly timeline: TimelineRepository,
    private readonly tasks: TaskRepository,
    private readonly publisher: LeadEventPublisher,
  ) {}

  async callReceived(e: Env<CallReceivedV1>): Promise<void> {
    if (!e.data.callerE164) return this.skip(e);
    await this.apply(e, { callerE164: e.data.callerE164, timeline: { kind: 'call_received', at: e.data.startedAt, summary: `Call to ${e.data.dialedE164} (${e.data.route === 'forward' ? 'forwarded' : 'after hours'})`, data: { callId: e.data.callId } } });
  }

  async callAnswered(e: Env<CallAnsweredV1>): Promise<void> {
    if (!e.data.callerE164) return this.skip(e);
    await this.apply(e, { callerE164: e.data.callerE164, timeline: { kind: 'call_answered', at: e.data.answeredAt, summary: `Call answered after ${e.data.ringSeconds}s`, data: { callId: e.data.callId } } });
  }

  async callMissed(e: Env<CallMissedV1>): Promise<void> {
    if (!e.data.callerE164) return this.skip(e);
    const fields: LeadPatch = { missedCallReason: e.data.reason, callId: e.data.callId, ...(e.data.trackingSource ? { trackingSource: e.data.trackingSource } : {}) };
    await this.apply(e, {
      callerE164: e.data.callerE164,
      opensLead: { source: 'missed_call', patch: fields },
      timeline: { kind: 'call_missed', at: e.data.endedAt, summary: `Missed call (${e.data.reason}): ${e.data.explanation}`, data: { callId: e.data.callId, reason: e.data.reason, ringSeconds: e.data.ringSeconds } },
    });
  }

  async callVoicemail(e: Env<CallVoicemailV1>): Promise<void> {
    if (!e.data.callerE164) return this.skip(e);
    await this.apply(e, { callerE164: e.data.callerE164, timeline: { kind: 'voicemail', at: e.data.recordedAt, summary: `Voicemail (${Math.round(e.data.durationSeconds)}s)`, data: { callId: e.data.callId, recordingId: e.data.recordingId } } });
  }

  async firstTextDecided(e: Env<FirstTextDecidedV1>): Promise<void> {
    if (!e.data.callerE164) return this.skip(e);
    const summary = e.data.outcome === 'sent' ? 'First text queued' : `First text ${e.data.outcome}${e.data.reason ? ` (${e.data.reason})` : ''}`;
    await this.apply(e, { callerE164: e.data.callerE164, timeline: { kind: 'first_text', at: e.data.decidedAt, summary, data: { callId: e.data.callId, outcome: e.data.outcome, reason: e.data.reason } } });
  }

  async smsSent(e: Env<SmsSentV1>): Promise<void> {
    await this.apply(e, { callerE164: e.data.to, timeline: { kind: 'sms_out', at: e.data.sentAt, summary: `Text sent (${e.data.purpose}${e.data.automated ? ', automated' : ''})`, data: { messageId: e.data.messageId, purpose: e.data.purpose, segments: e.data.segments } } });
  }

  async smsDelivered(e: Env<SmsDeliveredV1>): Promise<void> {
    await this.apply(e, { callerE164: e.data.to, timeline: { kind: 'sms_delivered', at: e.data.deliveredAt, summary: 'Text delivered', data: { messageId: e.data.messageId } } });
  }

  async smsFailed(e: Env<SmsFailedV1>): Promise<void> {
    await this.apply(e, { callerE164: e.data.to, timeline: { kind: 'sms_failed', at: e.data.failedAt, summary: `Text failed: ${e.data.reason} (${e.data.errorCode})`, data: { messageId: e.data.messageId, reason: e.data.reason } } });
  }

  async smsReceived(e: Env<SmsReceivedV1>): Promise<void> {
    await this.apply(e, {
      callerE164: e.data.from,
      opensLead: { source: 'inbound_sms' },
      stage: 'engaged',
      timeline: { kind: 'sms_in', at: e.data.receivedAt, summary: e.data.body.slice(0, 500), data: { messageId: e.data.messageId, mediaCount: e.data.mediaUrls.length } },
      ...(e.data.needsReview ? { task: { kind: 'review' as const, key: `needs-review:${e.data.messageId}`, reason: 'The caller may have asked to stop texts: review before any further text' } } : {}),
    });
  }

  async consentChanged(e: Env<ConsentOptedOutV1 | ConsentOptedInV1>, optedOut: boolean): Promise<void> {
    await this.runner.runOnce(LEAD_ACTIVITY_GROUP, e, async (tx) => {
      if (!(await this.leads.locationOfTenant(tx, e.tenantId, e.locationId))) return;
      await this.leads.upsertContact(tx, e.tenantId, e.data.phoneE164);
      await this.leads.setConsent(tx, e.tenantId, e.data.phoneE164, optedOut, new Date(e.data.at));
      await this.effect(tx, e, { callerE164: e.data.phoneE164, timeline: { kind: 'consent', at: e.data.at, summary: `${optedOut ? 'Opted out' : 'Opted in'} (${e.data.method}${e.data.keyword ? `: ${e.data.keyword}` : ''}, scope ${e.data.scope})` } });
    });
  }

  async callbackTaskRequested(e: Env<CallbackTaskRequestedV1>): Promise<void> {
    if (!e.data.callerE164) {
      await this.runner.runOnce(LEAD_ACTIVITY_GROUP, e, async (tx) => {
        if (!(await this.leads.locationOfTenant(tx, e.tenantId, e.locationId))) return;
        await this.tasks.upsert(tx, { tenantId: e.tenantId, locationId: e.locationId, contactId: null, leadId: null, kind: 'callback', taskKey: e.data.taskKey, reason: `Call back: ${e.data.reason}` });
      });
      return;
    }
    await this.apply(e, { callerE164: e.data.callerE164, task: { kind: 'callback', key: e.data.taskKey, reason: `Call back: ${e.data.reason}` } });
  }

  async intentCaptured(e: Env<IntentCapturedV1>): Promise<void> {
    await this.apply(e, {
      callerE164: e.data.callerE164,
      opensLead: { source: 'inbound_sms' },
      stage: 'engaged',
      patch: { intent: e.data.intent, urgency: e.data.urgency, ...(e.data.serviceId ? { serviceId: e.data.serviceId } : {}) },
      timeline: { kind: 'intent', at: e.time, summary: `Intent ${e.data.intent}, urgency ${e.data.urgency}${e.data.serviceText ? `: ${e.data.serviceText}` : ''}`, data: { method: e.data.method, confidence: e.data.confidence } },
    });
  }

  async leadQualified(e: Env<LeadQualifiedV1>): Promise<void> {
    await this.apply(e, {
      callerE164: e.data.callerE164,
      opensLead: { source: 'inbound_sms' },
      stage: 'qualified',
      patch: { intent: e.data.intent, urgency: e.data.urgency, ...(e.data.serviceId ? { serviceId: e.data.serviceId } : {}) },
      timeline: { kind: 'qualified', at: e.time, summary: e.data.summary },
    });
  }

  async urgentDetected(e: Env<UrgentDetectedV1>): Promise<void> {
    await this.apply(e, {
      callerE164: e.data.callerE164,
      opensLead: { source: 'inbound_sms' },
      stage: 'engaged',
      patch: { urgency: 'emergency', ...(e.data.serviceId ? { serviceId: e.data.serviceId } : {}) },
      timeline: { kind: 'urgent', at: e.data.detectedAt, summary: `Urgent${e.data.hazard ? ` (${e.data.hazard})` : ''}: ${e.data.summary}` },
    });
  }

  async handoffRequested(e: Env<HandoffRequestedV1>): Promise<void> {
    await this.apply(e, {
      callerE164: e.data.callerE164,
      timeline: { kind: 'handoff', at: e.time, summary: `Handoff requested (${e.data.reason})${e.data.detail ? `: ${e.data.detail}` : ''}` },
      task: { kind: 'review', key: `handoff:${e.id}`, reason: `Take over the conversation (${e.data.reason})` },
    });
  }

  async bookingOffered(e: Env<BookingOfferedV1>): Promise<void> {
    await this.apply(e, { callerE164: e.data.callerE164, timeline: { kind: 'booking', at: e.time, summary: `Offered ${e.data.slots.map((s) => s.label).join(', ')}`, data: { offerId: e.data.offerId } } });
  }

  async bookingConfirmed(e: Env<BookingConfirmedV1>): Promise<void> {
    await this.apply(e, {
      callerE164: e.data.callerE164,
      stage: 'booked',
      patch: { estimatedValueCents: e.data.estimatedValueCents, ...(e.data.serviceId ? { serviceId: e.data.serviceId } : {}) },
      timeline: { kind: 'booking', at: e.time, summary: `Booked ${e.data.slot.label}`, data: { bookingId: e.data.bookingId, startAt: e.data.slot.startAt } },
    });
  }

  async bookingCancelled(e: Env<BookingCancelledV1>): Promise<void> {
    await this.apply(e, {
      callerE164: e.data.callerE164,
      timeline: { kind: 'booking', at: e.time, summary: `Booking cancelled${e.data.reason ? `: ${e.data.reason}` : ''}`, data: { bookingId: e.data.bookingId } },
      task: { kind: 'review', key: `booking-cancelled:${e.data.bookingId}`, reason: 'Booking cancelled: rebook or mark lost' },
    });
  }

  async callbackScheduled(e: Env<CallbackScheduledV1>): Promise<void> {
    const task = { kind: 'callback' as const, key: `callback:${e.data.taskId}`, reason: e.data.reason, windowStart: e.data.windowStart, windowEnd: e.data.windowEnd };
    if (!e.data.callerE164) {
      await this.runner.runOnce(LEAD_ACTIVITY_GROUP, e, async (tx) => {
        if (!(await this.leads.locationOfTenant(tx, e.tenantId, e.locationId))) return;
        await this.tasks.upsert(tx, { tenantId: e.tenantId, locationId: e.locationId, contactId: null, leadId: null, kind: 'callback', taskKey: task.key, reason: task.reason, windowStart: new Date(task.windowStart), windowEnd: new Date(task.windowEnd) });
      });
      return;
    }
    await this.apply(e, { callerE164: e.data.callerE164, task });
  }

  async dispatch(e: Env<DispatchPagedV1 | DispatchAcknowledgedV1 | DispatchEscalatedV1>): Promise<void> {
    const d = e.data;
    const summary =
      'pagedAt' in d
        ? `Paged ${d.onCallName} (${d.role}, attempt ${d.attempt})`
        : 'acknowledgedAt' in d
          ? `Page acknowledged by ${d.acknowledgedBy} after ${Math.round(d.secondsToAcknowledge)}s`
          : `Page escalated to attempt ${d.toAttempt}${d.exhausted ? ' (nobody left)' : ''}`;
    const at = 'pagedAt' in d ? d.pagedAt : 'acknowledgedAt' in d ? d.acknowledgedAt : d.escalatedAt;
    await this.apply(e, { callerE164: d.callerE164, timeline: { kind: 'page', at, summary, data: { dispatchId: d.dispatchId } } });
  }

  private async skip(e: Env<unknown>): Promise<void> {
    await this.runner.runOnce(LEAD_ACTIVITY_GROUP, e, async () => undefined);
  }

  private async apply(e: Env<unknown>, effect: Effect): Promise<void> {
    await this.runner.runOnce(LEAD_ACTIVITY_GROUP, e, async (tx) => {
      if (!(await this.leads.locationOfTenant(tx, e.tenantId, e.locationId))) return;
      await this.effect(tx, e, effect);
    });
  }

  private async effect(tx: TransactionContext, e: Env<unknown>, effect: Effect): Promise<void> {
    const contactId = await this.leads.upsertContact(tx, e.tenantId, effect.callerE164);
    const cause = { correlationId: e.correlationId, causationId: e.id };
    let lead = await this.leads.findOpenLead(tx, e.tenantId, e.locationId, contactId);
    if (!lead && effect.opensLead) {
      lead = await this.leads.insertLead(tx, { tenantId: e.tenantId, locationId: e.locationId, contactId, source: effect.opensLead.source, createdAt: new Date(e.time), ...effect.opensLead.patch });
      await this.publisher.created(tx, lead, cause);
    }
    lead ??= await this.leads.findLatestLead(tx, e.tenantId, e.locationId, contactId);
    if (effect.timeline) {
      await this.timeline.append(tx, { tenantId: e.tenantId, locationId: e.locationId, contactId, leadId: lead?.id ?? null, kind: effect.timeline.kind, occurredAt: new Date(effect.timeline.at), summary: effect.timeline.summary, sourceEventId: e.id, data: effect.timeline.data ?? {} });
    }
    if (lead) lead = await this.changeLead(tx, e, lead, effect);
    if (effect.task) {
      const t = effect.task;
      const { task, created } = await this.tasks.upsert(tx, {
        tenantId: e.tenantId,
        locationId: e.locationId,
        contactId,
        leadId: lead?.id ?? null,
        kind: t.kind,
        taskKey: t.key,
        reason: t.reason,
        ...(t.windowStart ? { windowStart: new Date(t.windowStart) } : {}),
        ...(t.windowEnd ? { windowEnd: new Date(t.windowEnd) } : {}),
      });
      if (created) {
        await this.timeline.append(tx, { tenantId: e.tenantId, locationId: e.locationId, contactId, leadId: lead?.id ?? null, kind: 'task', occurredAt: new Date(e.time), summary: `${t.kind === 'callback' ? 'Callback' : 'Review'} task: ${t.reason}`, sourceEventId: `${e.id}:task`, data: { taskId: task.id } });
      }
    }
  }

  /** Applies fields (only those that differ) and a forward-only stage; publishes updated / stage-changed. */
  private async changeLead(tx: TransactionContext, e: Env<unknown>, lead: LeadRecord, effect: Effect): Promise<LeadRecord> {
    if (lead.stage === 'won' || lead.stage === 'lost') return lead;
    const patch: LeadPatch = {};
    for (const [k, v] of Object.entries(effect.patch ?? {}) as [keyof LeadPatch, unknown][]) if (v !== undefined && lead[k] !== v) (patch as Record<string, unknown>)[k] = v;
    if (patch.serviceId && lead.estimatedValueCents === null && patch.estimatedValueCents === undefined) {
      const ticket = await this.leads.averageTicketCents(tx, lead.locationId, patch.serviceId);
      if (ticket !== null) patch.estimatedValueCents = ticket;
    }
    const stage = effect.stage ? advanceStage(lead.stage, effect.stage) : lead.stage;
    if (stage !== lead.stage) patch.stage = stage;
    if (Object.keys(patch).length === 0) return lead;
    const updated = await this.leads.updateLead(tx, lead.tenantId, lead.id, patch);
    const cause = { correlationId: e.correlationId, causationId: e.id };
    if (stage !== lead.stage) {
      await this.publisher.stageChanged(tx, updated, lead.stage, 'automation', cause);
      await this.timeline.append(tx, { tenantId: lead.tenantId, locationId: lead.locationId, contactId: lead.contactId, leadId: lead.id, kind: 'stage_change', occurredAt: new Date(e.time), summary: `Stage ${lead.stage} → ${stage}`, sourceEventId: `${e.id}:stage`, data: { from: lead.stage, to: stage } });
    }
    await this.publisher.updated(tx, updated, cause);
    return updated;
  }
}
