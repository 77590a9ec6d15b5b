import { Injectable } from '@nestjs/common';
import { type CallAnsweredV1, type CallMissedV1, type CallReceivedV1, type CallVoicemailV1, type EventEnvelope } from '@textback/contracts';
import { type TransactionContext } from '@textback/persistence';
import { LeadActivityService } from '../../lead-activity.service';
import { type LeadPatch } from '../../lead.types';

type Env<T> = EventEnvelope<T>;

/** Applies calls from telephony-ingest: received, answered, missed (opens a lead), voicemail. Once per event id (inbox), through {@link LeadActivityService}. */
@Injectable()
export class RecordCallUsecase {
  constructor(private readonly activity: LeadActivityService) {}

  async callReceived(tx: TransactionContext, e: Env<CallReceivedV1>): Promise<void> {
    if (!e.data.callerE164) return this.activity.skip(e);
    await this.activity.apply(tx, e, { callerE164: e.data.callerE164, timeline: { kind: 'call_received', at: e.data.startedAt, summary: `Call to ${e.data.dialedE164} (${e.data.route === 'forward' ? 'forwarded' : 'after hours'})`, data: { callId: e.data.callId } } });
  }

  async callAnswered(tx: TransactionContext, e: Env<CallAnsweredV1>): Promise<void> {
    if (!e.data.callerE164) return this.activity.skip(e);
    await this.activity.apply(tx, e, { callerE164: e.data.callerE164, timeline: { kind: 'call_answered', at: e.data.answeredAt, summary: `Call answered after ${e.data.ringSeconds}s`, data: { callId: e.data.callId } } });
  }

  async callMissed(tx: TransactionContext, e: Env<CallMissedV1>): Promise<void> {
    if (!e.data.callerE164) return this.activity.skip(e);
    const fields: LeadPatch = { missedCallReason: e.data.reason, callId: e.data.callId, ...(e.data.trackingSource ? { trackingSource: e.data.trackingSource } : {}) };
    await this.activity.apply(tx, e, {
      callerE164: e.data.callerE164,
      opensLead: { source: 'missed_call', patch: fields },
      timeline: { kind: 'call_missed', at: e.data.endedAt, summary: `Missed call (${e.data.reason}): ${e.data.explanation}`, data: { callId: e.data.callId, reason: e.data.reason, ringSeconds: e.data.ringSeconds } },
    });
  }

  async callVoicemail(tx: TransactionContext, e: Env<CallVoicemailV1>): Promise<void> {
    if (!e.data.callerE164) return this.activity.skip(e);
    await this.activity.apply(tx, e, { callerE164: e.data.callerE164, timeline: { kind: 'voicemail', at: e.data.recordedAt, summary: `Voicemail (${Math.round(e.data.durationSeconds)}s)`, data: { callId: e.data.callId, recordingId: e.data.recordingId } } });
  }
}
