import { type Intent, type LeadStage, type MissedCallReason, type Urgency } from '@textback/contracts';

/** How a lead started. */
export type LeadSource = 'missed_call' | 'inbound_sms' | 'manual';

/** A lead as stored, with its contact's number. Money in cents. Instants UTC. */
export interface LeadRecord {
  id: string;
  tenantId: string;
  locationId: string;
  contactId: string;
  callerE164: string;
  /** The contact opted out of texts (messaging will refuse a manual text too). */
  callerOptedOut: boolean;
  stage: LeadStage;
  source: LeadSource;
  trackingSource: string | null;
  missedCallReason: MissedCallReason | null;
  intent: Intent | null;
  urgency: Urgency | null;
  serviceId: string | null;
  estimatedValueCents: number | null;
  actualValueCents: number | null;
  callId: string | null;
  lostReason: string | null;
  takenOverBy: string | null;
  takenOverAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

/** Fields of a lead an event or a person may change. */
export type LeadPatch = Partial<Pick<LeadRecord, 'stage' | 'missedCallReason' | 'intent' | 'urgency' | 'serviceId' | 'estimatedValueCents' | 'actualValueCents' | 'lostReason' | 'takenOverBy' | 'takenOverAt' | 'closedAt' | 'trackingSource' | 'callId'>>;

/** Kinds of timeline entries. */
export type TimelineKind =
  | 'call_received'
  | 'call_answered'
  | 'call_missed'
  | 'voicemail'
  | 'first_text'
  | 'sms_out'
  | 'sms_in'
  | 'sms_delivered'
  | 'sms_failed'
  | 'consent'
  | 'intent'
  | 'qualified'
  | 'urgent'
  | 'handoff'
  | 'booking'
  | 'page'
  | 'task'
  | 'note'
  | 'stage_change'
  | 'takeover'
  | 'manual_text';

/** One entry of the timeline of a contact at a location. */
export interface TimelineEntry {
  id: string;
  sequence: number;
  leadId: string | null;
  kind: TimelineKind;
  occurredAt: Date;
  summary: string;
  actor: string | null;
  data: Record<string, unknown>;
}

/** A callback or review task. */
export interface TaskRecord {
  id: string;
  tenantId: string;
  locationId: string;
  contactId: string | null;
  leadId: string | null;
  kind: 'callback' | 'review';
  status: 'open' | 'done';
  taskKey: string;
  reason: string;
  windowStart: Date | null;
  windowEnd: Date | null;
  createdAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
}
