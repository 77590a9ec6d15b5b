import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { conversationReleasedV1, conversationTakenOverV1, createEvent, smsSendCommandV1 } from '@textback/contracts';
import { mayRecordOutcomes } from '@textback/auth';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { LEAD_CRM_SOURCE } from '../../database/crm-schema.constants';
import { type CrmScope } from '../auth/crm-scope.types';
import { type LeadDetailResponseDto, type LeadPageResponseDto, type LeadResponseDto, type TaskResponseDto } from './dto/lead.response.dto';
import { type LeadListRequestDto } from './dto/lead-list.request.dto';
import { LeadEventPublisher } from './lead-event.publisher';
import { LeadException, LeadExceptionCode } from './lead.exception';
import { toLeadResponse, toTaskResponse, toTimelineResponse } from './lead.mapper';
import { LeadRepository } from './lead.repository';
import { type LeadRecord } from './lead.types';
import { TaskRepository } from './task.repository';
import { TimelineRepository } from './timeline.repository';

/**
 * What staff do with leads through the API. Every read and write goes through a repository
 * method that takes the caller's scope; anything outside it is {@link LeadExceptionCode.NotFound}.
 */
@Injectable()
export class LeadsService {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly leads: LeadRepository,
    private readonly timeline: TimelineRepository,
    private readonly tasks: TaskRepository,
    private readonly publisher: LeadEventPublisher,
  ) {}

  /**
   * Leads newest first, filtered, 50 a page by default.
   * @throws LeadException NotFound when `locationId` is outside the caller's scope; InvalidCursor.
   */
  async list(scope: CrmScope, q: LeadListRequestDto): Promise<LeadPageResponseDto> {
    const limit = q.limit ?? 50;
    const after = q.cursor ? decodeCursor(q.cursor) : undefined;
    return this.runner.run(async (tx) => {
      if (q.locationId && !(await this.leads.locationInScope(tx, scope, q.locationId))) throw notFound('location');
      const rows = await this.leads.listScoped(tx, scope, {
        limit: limit + 1,
        ...(q.locationId ? { locationId: q.locationId } : {}),
        ...(q.stage ? { stage: q.stage } : {}),
        ...(q.urgency ? { urgency: q.urgency } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to) } : {}),
        ...(after ? { after } : {}),
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { items: page.map(toLeadResponse), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    });
  }

  /** A lead with its timeline and tasks. @throws LeadException NotFound. */
  async detail(scope: CrmScope, leadId: string): Promise<LeadDetailResponseDto> {
    return this.runner.run(async (tx) => {
      const lead = await this.require(tx, scope, leadId);
      const [timeline, tasks] = [await this.timeline.list(tx, lead.tenantId, lead.contactId, lead.locationId), await this.tasks.listForLead(tx, scope, lead.id)];
      return { ...toLeadResponse(lead), timeline: timeline.map(toTimelineResponse), tasks: tasks.map(toTaskResponse) };
    });
  }

  /**
   * The caller takes over the conversation: automation pauses (crm.conversation.taken-over.v1).
   * Taking over again is a no-op. @throws LeadException NotFound, TakenOverByAnother.
   */
  async takeOver(scope: CrmScope, leadId: string): Promise<LeadResponseDto> {
    return this.runner.run(async (tx) => {
      const lead = await this.require(tx, scope, leadId, true);
      if (lead.takenOverBy === scope.userId) return toLeadResponse(lead);
      if (lead.takenOverBy) throw new LeadException(LeadExceptionCode.TakenOverByAnother, `the conversation is taken over by ${lead.takenOverBy}`);
      const now = new Date();
      const updated = await this.leads.updateLead(tx, lead.tenantId, lead.id, { takenOverBy: scope.userId, takenOverAt: now });
      await tx.publish(conversationTakenOverV1, createEvent(conversationTakenOverV1, this.attrs(lead, now), { leadId: lead.id, callerE164: lead.callerE164, userId: scope.userId }));
      await this.note(tx, lead, 'takeover', `Taken over by ${scope.userId}`, scope.userId, now);
      return toLeadResponse(updated);
    });
  }

  /** Hands the conversation back to automation (crm.conversation.released.v1); no-op when not taken over. @throws LeadException NotFound. */
  async release(scope: CrmScope, leadId: string): Promise<LeadResponseDto> {
    return this.runner.run(async (tx) => {
      const lead = await this.require(tx, scope, leadId, true);
      if (!lead.takenOverBy) return toLeadResponse(lead);
      const now = new Date();
      const updated = await this.leads.updateLead(tx, lead.tenantId, lead.id, { takenOverBy: null, takenOverAt: null });
      await tx.publish(conversationReleasedV1, createEvent(conversationReleasedV1, this.attrs(lead, now), { leadId: lead.id, callerE164: lead.callerE164, userId: scope.userId }));
      await this.note(tx, lead, 'takeover', `Released by ${scope.userId}`, scope.userId, now);
      return toLeadResponse(updated);
    });
  }

  /**
   * Asks messaging to send a text a person typed (purpose `manual`, not automated: quiet hours
   * do not apply but opt-out and landline rules do). One text per `requestId`.
   * @returns the command id. @throws LeadException NotFound.
   */
  async sendText(scope: CrmScope, leadId: string, body: string, requestId?: string): Promise<{ commandId: string }> {
    const commandId = requestId ?? randomUUID();
    return this.runner.run(async (tx) => {
      const lead = await this.require(tx, scope, leadId);
      const now = new Date();
      const first = await this.timeline.append(tx, {
        tenantId: lead.tenantId,
        locationId: lead.locationId,
        contactId: lead.contactId,
        leadId: lead.id,
        kind: 'manual_text',
        occurredAt: now,
        summary: body.slice(0, 500),
        actor: scope.userId,
        sourceEventId: `manual-text:${commandId}`,
        data: { commandId },
      });
      if (first) {
        await tx.publish(
          smsSendCommandV1,
          createEvent(smsSendCommandV1, { ...this.attrs(lead, now), id: commandId }, { commandId, to: lead.callerE164, body, purpose: 'manual', automated: false, requestedBy: scope.userId }),
        );
      }
      return { commandId };
    });
  }

  /** Adds a note to the lead's timeline. @throws LeadException NotFound. */
  async addNote(scope: CrmScope, leadId: string, body: string): Promise<void> {
    await this.runner.run(async (tx) => {
      const lead = await this.require(tx, scope, leadId);
      await this.note(tx, lead, 'note', body, scope.userId, new Date());
    });
  }

  /**
   * Marks a lead won (with the job's actual value, cents) or lost (with a reason); publishes
   * stage-changed and updated. @throws LeadException NotFound (outside the scope), Forbidden (a role
   * outside `OUTCOME_RECORDING_ROLES`, @textback/auth: dispatchers and agents).
   */
  async close(scope: CrmScope, leadId: string, outcome: 'won' | 'lost', actualValueCents?: number, reason?: string): Promise<LeadResponseDto> {
    return this.runner.run(async (tx) => {
      const lead = await this.require(tx, scope, leadId, true);
      // After the scope check: a lead outside the scope stays a 404, whatever the role.
      if (!mayRecordOutcomes(scope.role)) throw new LeadException(LeadExceptionCode.Forbidden, `a ${scope.role} may not record lead outcomes (owner, admin or regional manager)`);
      const now = new Date();
      const updated = await this.leads.updateLead(tx, lead.tenantId, lead.id, {
        stage: outcome,
        closedAt: lead.closedAt ?? now,
        ...(actualValueCents !== undefined ? { actualValueCents } : {}),
        ...(outcome === 'lost' ? { lostReason: reason ?? null } : { lostReason: null }),
      });
      const cause = { correlationId: lead.callId ?? lead.id, causationId: `api:${scope.userId}` };
      if (lead.stage !== outcome) {
        await this.publisher.stageChanged(tx, updated, lead.stage, scope.userId, cause);
        await this.note(tx, lead, 'stage_change', `Stage ${lead.stage} → ${outcome}${reason ? `: ${reason}` : ''}`, scope.userId, now);
      }
      await this.publisher.updated(tx, updated, cause);
      return toLeadResponse(updated);
    });
  }

  /** Tasks the caller may see. @throws LeadException NotFound when `locationId` is outside the scope. */
  async listTasks(scope: CrmScope, q: { locationId?: string; status?: 'open' | 'done'; limit?: number }): Promise<TaskResponseDto[]> {
    return this.runner.run(async (tx) => {
      if (q.locationId && !(await this.leads.locationInScope(tx, scope, q.locationId))) throw notFound('location');
      const rows = await this.tasks.listScoped(tx, scope, { limit: q.limit ?? 100, ...(q.locationId ? { locationId: q.locationId } : {}), ...(q.status ? { status: q.status } : {}) });
      return rows.map(toTaskResponse);
    });
  }

  /** Completes a task (again: no change). @throws LeadException NotFound. */
  async completeTask(scope: CrmScope, taskId: string): Promise<TaskResponseDto> {
    return this.runner.run(async (tx) => {
      const task = await this.tasks.completeScoped(tx, scope, taskId);
      if (!task) throw notFound('task');
      return toTaskResponse(task);
    });
  }

  private async require(tx: TransactionContext, scope: CrmScope, leadId: string, forUpdate = false): Promise<LeadRecord> {
    const lead = await this.leads.findScoped(tx, scope, leadId, forUpdate);
    if (!lead) throw notFound('lead');
    return lead;
  }

  private attrs(lead: LeadRecord, time: Date) {
    return { source: LEAD_CRM_SOURCE, tenantId: lead.tenantId, locationId: lead.locationId, correlationId: lead.callId ?? lead.id, subject: lead.id, time };
  }

  private async note(tx: TransactionContext, lead: LeadRecord, kind: 'note' | 'takeover' | 'stage_change', summary: string, actor: string, at: Date): Promise<void> {
    await this.timeline.append(tx, { tenantId: lead.tenantId, locationId: lead.locationId, contactId: lead.contactId, leadId: lead.id, kind, occurredAt: at, summary, actor });
  }
}

function notFound(what: string): LeadException {
  return new LeadException(LeadExceptionCode.NotFound, `${what} not found`);
}

function encodeCursor(lead: LeadRecord): string {
  return Buffer.from(`${lead.createdAt.toISOString()}|${lead.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) throw new LeadException(LeadExceptionCode.InvalidCursor, 'invalid cursor');
  return { createdAt, id };
}
