import { Injectable } from '@nestjs/common';
import { type EventEnvelope } from '@textback/contracts';
import { type TransactionContext } from '@textback/persistence';
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

/** What an event does to a contact, their lead, the timeline and tasks. Instants RFC 3339. */
export interface LeadActivityEffect {
  callerE164: string;
  /** Opt-out (true) or opt-in (false) of the contact. */
  consent?: { optedOut: boolean; at: string };
  /** Open a lead when the contact has none open at the location (a new story starts). */
  opensLead?: { source: LeadSource; patch?: LeadPatch };
  /** Fields to set on the open (or latest) lead. */
  patch?: LeadPatch;
  stage?: OpenStage;
  timeline?: { kind: TimelineKind; at: string; summary: string; data?: Record<string, unknown> };
  task?: { kind: 'callback' | 'review'; key: string; reason: string; windowStart?: string; windowEnd?: string };
  /** A consent review of the contact at the location was resolved: its open needs-review tasks are done. */
  closesReviewTasks?: { by: string; at: string };
}

/**
 * The core the record-* use cases share: applies one event's {@link LeadActivityEffect} to the
 * contact, the lead and the timeline, once per event (inbox), publishing lead events through the outbox.
 * Events of a location this CRM does not know are ignored (nothing is written): lead-crm is
 * the system of record of locations, so such an event concerns no lead here.
 */
@Injectable()
export class LeadActivityService {
  /** `${tenantId}:${locationId}` pairs known to exist (locations are never deleted, so this never goes stale). */
  private readonly knownLocations = new Set<string>();

  constructor(
    private readonly leads: LeadRepository,
    private readonly timeline: TimelineRepository,
    private readonly tasks: TaskRepository,
    private readonly publisher: LeadEventPublisher,
  ) {}

  /** An event with no effect here (e.g. an anonymous caller's call): nothing to record. */
  async skip(_e: Env<unknown>): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Applies `effect` in `tx` (the consumer claimed the event id in the inbox there): nothing when the event's
   * location is not a location of its tenant in this CRM.
   */
  async apply(tx: TransactionContext, e: Env<unknown>, effect: LeadActivityEffect): Promise<void> {
    if (!(await this.isKnownLocation(tx, e))) return;
    await this.effect(tx, e, effect);
  }

  /** Opens a task for a caller without a usable number (no contact, no lead), in `tx`. */
  async openTaskWithoutCaller(tx: TransactionContext, e: Env<unknown>, t: NonNullable<LeadActivityEffect['task']>): Promise<void> {
    if (!(await this.isKnownLocation(tx, e))) return;
    await this.tasks.upsert(tx, {
      tenantId: e.tenantId,
      locationId: e.locationId,
      contactId: null,
      leadId: null,
      kind: t.kind,
      taskKey: t.key,
      reason: t.reason,
      ...(t.windowStart ? { windowStart: new Date(t.windowStart) } : {}),
      ...(t.windowEnd ? { windowEnd: new Date(t.windowEnd) } : {}),
    });
  }

  /** Whether the event's location is a location of its tenant here (one read per location and process). */
  private async isKnownLocation(tx: TransactionContext, e: Env<unknown>): Promise<boolean> {
    const key = `${e.tenantId}:${e.locationId}`;
    if (this.knownLocations.has(key)) return true;
    const known = await this.leads.locationOfTenant(tx, e.tenantId, e.locationId);
    if (known) this.knownLocations.add(key);
    return known;
  }

  private async effect(tx: TransactionContext, e: Env<unknown>, effect: LeadActivityEffect): Promise<void> {
    const contactId = await this.leads.upsertContact(tx, e.tenantId, effect.callerE164);
    if (effect.consent) await this.leads.setConsent(tx, e.tenantId, effect.callerE164, effect.consent.optedOut, new Date(effect.consent.at));
    const cause = { correlationId: e.correlationId, causationId: e.id };
    const entry = effect.timeline
      ? { tenantId: e.tenantId, locationId: e.locationId, contactId, kind: effect.timeline.kind, occurredAt: new Date(effect.timeline.at), summary: effect.timeline.summary, sourceEventId: e.id, data: effect.timeline.data ?? {} }
      : null;
    // The open lead, else the latest (closed) one, in one statement; when the event opens no lead, its timeline entry
    // (which then belongs to that lead) is appended by the same statement.
    const current = entry && !effect.opensLead ? await this.leads.findCurrentLeadAppending(tx, e.tenantId, e.locationId, contactId, entry) : await this.leads.findCurrentLead(tx, e.tenantId, e.locationId, contactId);
    let lead = current?.open ? current.lead : null;
    if (!lead && effect.opensLead) {
      // The new lead and its timeline entry in one statement.
      lead = await this.leads.insertLead(tx, { tenantId: e.tenantId, locationId: e.locationId, contactId, source: effect.opensLead.source, createdAt: new Date(e.time), ...effect.opensLead.patch }, entry ?? undefined);
      await this.publisher.created(tx, lead, cause);
    } else if (entry && effect.opensLead) await this.timeline.append(tx, { ...entry, leadId: lead?.id ?? null });
    lead ??= current?.lead ?? null;
    if (lead) lead = await this.changeLead(tx, e, lead, effect);
    if (effect.closesReviewTasks) {
      await this.tasks.completeOpenReviews(tx, { tenantId: e.tenantId, locationId: e.locationId, contactId }, effect.closesReviewTasks.by, new Date(effect.closesReviewTasks.at));
    }
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
  private async changeLead(tx: TransactionContext, e: Env<unknown>, lead: LeadRecord, effect: LeadActivityEffect): Promise<LeadRecord> {
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
