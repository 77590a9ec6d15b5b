import { type LeadResponseDto, type TaskResponseDto, type TimelineEntryResponseDto } from './dto/lead.response.dto';
import { type LeadRecord, type TaskRecord, type TimelineEntry } from './lead.types';

/** Lead record → API shape. */
export function toLeadResponse(l: LeadRecord): LeadResponseDto {
  return {
    id: l.id,
    locationId: l.locationId,
    contactId: l.contactId,
    callerE164: l.callerE164,
    callerOptedOut: l.callerOptedOut,
    stage: l.stage,
    source: l.source,
    trackingSource: l.trackingSource,
    missedCallReason: l.missedCallReason,
    intent: l.intent,
    urgency: l.urgency,
    serviceId: l.serviceId,
    estimatedValueCents: l.estimatedValueCents,
    actualValueCents: l.actualValueCents,
    takenOverBy: l.takenOverBy,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
    closedAt: l.closedAt?.toISOString() ?? null,
  };
}

/** Timeline entry → API shape. */
export function toTimelineResponse(e: TimelineEntry): TimelineEntryResponseDto {
  return { id: e.id, kind: e.kind, occurredAt: e.occurredAt.toISOString(), summary: e.summary, actor: e.actor, leadId: e.leadId, data: e.data };
}

/** Task record → API shape. */
export function toTaskResponse(t: TaskRecord): TaskResponseDto {
  return {
    id: t.id,
    locationId: t.locationId,
    leadId: t.leadId,
    kind: t.kind,
    status: t.status,
    reason: t.reason,
    windowStart: t.windowStart?.toISOString() ?? null,
    windowEnd: t.windowEnd?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    completedAt: t.completedAt?.toISOString() ?? null,
    completedBy: t.completedBy,
  };
}
