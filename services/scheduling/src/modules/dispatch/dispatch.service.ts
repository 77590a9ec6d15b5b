import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { dispatchAcknowledgedV1, dispatchEscalatedV1, dispatchPagedV1, type EventEnvelope, type LocationConfig, smsSendCommandV1, type UrgentDetectedV1 } from '@textback/contracts';
import { type AccessScope, canSeeLocation } from '@textback/auth';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { LocationDirectory, PLATFORM_ENV } from '@textback/platform';
import { speakableText } from '@textback/voice-markup';
import { Bxml } from 'bandwidth-sdk';
import { type SchedulingEnv } from '../../config/scheduling.env';
import { CLOCK, type Clock } from '../clock/port/clock';
import { stableId } from '../clock/stable-id.util';
import { LeadRefRepository } from '../lead/lead-ref.repository';
import { type Lineage, scheduledEvent, sendTextCommand } from '../shared/outbound-event.factory';
import { SchedulingException, SchedulingExceptionCode } from '../shared/scheduling.exception';
import { DurableTimerService } from '../timers/durable-timer.service';
import { type DueTimer } from '../timers/timer.types';
import { DispatchRepository } from './dispatch.repository';
import { type Dispatch, type DispatchPage } from './dispatch.types';
import { OnCallRotation } from './on-call-rotation';
import { PageCallError, VOICE_PAGER, type VoicePager } from './port/voice-pager';

const ESCALATE_TIMER = 'dispatch.escalate';
const CALL_TIMER = 'dispatch.page-call';
/** A call the carrier lists up to this long before our recorded intent still counts as ours (clock skew). */
const RECONCILE_SKEW_MS = 60_000;
/** Longest summary and business name read on a page call (characters; about 20 s and 5 s of speech). */
const PAGE_SUMMARY_MAX_LENGTH = 300;
const PAGE_BUSINESS_MAX_LENGTH = 80;

/**
 * The last line of a notice to an urgent caller, with the emergency number conversation-ai named for the location's
 * country ("911", "999", "112"...); "your local emergency number" when the event carries none.
 */
function dangerLine(urgent: UrgentDetectedV1): string {
  return `If anyone is in danger, call ${urgent.emergencyNumber ?? 'your local emergency number'}.`;
}

/** How an acknowledgement arrived. */
export type AckVia = 'sms' | 'api';

/**
 * Dispatch for urgent leads: pages the first on-call person at once (a `dispatch_page` text
 * that quiet hours do not hold, and a phone call through Bandwidth reading a BXML summary),
 * escalates to the next person of the rotation after `onCall.escalationTimeoutSeconds` without
 * acknowledgement (a durable timer), then to the manager, until someone acknowledges (a text
 * "ACK" from a paged number, or the API). Every page, escalation and acknowledgement is
 * published (lead-crm puts them on the lead's timeline), and the caller is told what happens.
 */
@Injectable()
export class DispatchService implements OnModuleInit {
  constructor(
    private readonly dispatches: DispatchRepository,
    private readonly leads: LeadRefRepository,
    private readonly directory: LocationDirectory,
    private readonly timers: DurableTimerService,
    @Inject(VOICE_PAGER) private readonly voice: VoicePager,
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PLATFORM_ENV) private readonly env: SchedulingEnv,
  ) {}

  onModuleInit(): void {
    // Both page a human while a caller waits: they fire before any due follow-up (TimerPriority).
    this.timers.register(ESCALATE_TIMER, (tx, timer) => this.onAckTimeout(tx, timer), { priority: 'urgent' });
    this.timers.registerOutside(CALL_TIMER, (timer) => this.placeCall(timer), { priority: 'urgent' });
  }

  /**
   * Starts a dispatch for an urgent conversation (once per conversation) and pages the first
   * person of the escalation list.
   * @throws SchedulingException LOCATION_NOT_FOUND.
   * @returns the dispatch id, or null when the conversation already has a dispatch.
   */
  async startForUrgent(tx: TransactionContext, event: EventEnvelope<UrgentDetectedV1>): Promise<string | null> {
    const config = await this.requireConfig(event.locationId);
    const now = this.clock.now();
    const dispatch: Dispatch = {
      dispatchId: stableId(`dispatch|${event.locationId}|${event.data.conversationId}`),
      tenantId: event.tenantId,
      locationId: event.locationId,
      callerE164: event.data.callerE164,
      conversationId: event.data.conversationId,
      leadId: await this.leads.openLeadId(tx.handle, event.tenantId, event.locationId, event.data.callerE164),
      correlationId: event.correlationId,
      summary: event.data.summary,
      detectedAt: new Date(event.data.detectedAt),
      escalation: new OnCallRotation(config).escalationList(now),
      currentAttempt: 0,
      status: 'paging',
    };
    if (!(await this.dispatches.insert(tx.handle, dispatch, now))) return null;
    const lineage = lineageOf(dispatch, event.id);
    if (dispatch.escalation.length === 0) {
      await this.dispatches.exhaust(tx.handle, dispatch.dispatchId);
      await this.tellCaller(tx, lineage, dispatch, 'nobody', `${config.businessName}: we got your urgent message and are reaching our team now. ${dangerLine(event.data)}`);
      return dispatch.dispatchId;
    }
    await this.page(tx, config, dispatch, 1);
    await this.tellCaller(tx, lineage, dispatch, 'paged', `${config.businessName}: we're alerting our on-call technician right now; they'll contact you shortly. ${dangerLine(event.data)}`);
    return dispatch.dispatchId;
  }

  /**
   * Acknowledges the newest paging dispatch at the location that paged `fromE164` (its reply
   * "ACK"). @returns false when that number has no dispatch waiting for acknowledgement.
   */
  async acknowledgeBySms(tx: TransactionContext, locationId: string, fromE164: string): Promise<boolean> {
    const dispatch = await this.dispatches.lockPagingByPagedNumber(tx.handle, locationId, fromE164);
    if (!dispatch) return false;
    await this.acknowledge(tx, dispatch, fromE164, 'sms');
    return true;
  }

  /**
   * Acknowledges a dispatch on behalf of a staff user (the staff API): `acknowledgedBy` is the
   * user (JWT `sub`). Acknowledging an already acknowledged dispatch is a no-op.
   * @throws SchedulingException DISPATCH_NOT_FOUND when unknown, another tenant's, or at a location `scope` may not see.
   */
  async acknowledgeByStaff(scope: AccessScope, dispatchId: string): Promise<void> {
    await this.runner.run(async (tx) => {
      const dispatch = await this.dispatches.lockOfTenant(tx.handle, scope.tenantId, dispatchId);
      const config = dispatch ? await this.directory.get(dispatch.locationId) : null;
      if (!dispatch || !canSeeLocation(scope, { tenantId: dispatch.tenantId, locationId: dispatch.locationId, regionId: config?.regionId ?? null })) {
        throw new SchedulingException(SchedulingExceptionCode.DISPATCH_NOT_FOUND, `dispatch ${dispatchId} not found`);
      }
      if (dispatch.status === 'acknowledged') return;
      await this.acknowledge(tx, dispatch, scope.userId, 'api');
    });
  }

  /**
   * BXML answering a page call: one SpeakSentence reading the summary twice (Bandwidth answer
   * webhook). Every outside word in it passes `speakableText` (@textback/voice-markup).
   * `callId` (the webhook's, when its `tag` is this page) is recorded if the page's call id is
   * not known yet (its creation outcome was lost).
   * @throws SchedulingException PAGE_NOT_FOUND.
   */
  async answerBxml(pageId: string, callId: string | null): Promise<string> {
    return this.runner.run(async (tx) => {
      const page = await this.dispatches.page(tx.handle, pageId);
      const dispatch = page ? await this.dispatches.find(tx.handle, page.dispatchId) : null;
      if (!page || !dispatch) throw new SchedulingException(SchedulingExceptionCode.PAGE_NOT_FOUND, `page ${pageId} not found`);
      if (callId && !page.providerCallId) await this.dispatches.recordCall(tx.handle, pageId, callId);
      const config = await this.directory.get(dispatch.locationId);
      // The summary is built from the caller's own words and the business name from tenant config:
      // both pass the shared speech sanitiser (bandwidth-sdk turns escaped markup back into verbs).
      const business = speakableText(config?.businessName ?? 'your business', PAGE_BUSINESS_MAX_LENGTH);
      const summary = speakableText(dispatch.summary, PAGE_SUMMARY_MAX_LENGTH);
      const digits = dispatch.callerE164.replace(/^\+1/, '').replace(/\D/g, '').split('').join(' ');
      const text = `Urgent lead for ${business}. ${summary}. Caller number ${digits}. To accept, reply A C K to the page text.`;
      // One SpeakSentence that says it twice (the technician may miss the start).
      return new Bxml.Response([new Bxml.SpeakSentence(`${text} Again: ${text}`, { voice: 'julie' })]).toBxml();
    });
  }

  private async page(tx: TransactionContext, config: LocationConfig, dispatch: Dispatch, attempt: number): Promise<void> {
    const entry = dispatch.escalation[attempt - 1];
    if (!entry) return;
    const now = this.clock.now();
    const timeoutSeconds = config.onCall.escalationTimeoutSeconds;
    const page: DispatchPage = {
      pageId: stableId(`page|${dispatch.dispatchId}|${attempt}`),
      dispatchId: dispatch.dispatchId,
      attempt,
      onCallName: entry.name,
      onCallE164: entry.e164,
      role: entry.role,
      pagedAt: now,
      ackDeadline: new Date(now.getTime() + timeoutSeconds * 1000),
      callState: this.voice.enabled ? 'pending' : null,
      callIntentAt: null,
      providerCallId: null,
    };
    await this.dispatches.insertPage(tx.handle, page);
    const lineage = lineageOf(dispatch);
    await tx.publish(smsSendCommandV1, sendTextCommand(lineage, now, { key: `page|${page.pageId}`, to: entry.e164, body: pageText(config, dispatch, timeoutSeconds, this.env.CONSOLE_PUBLIC_URL), purpose: 'dispatch_page', automated: false }));
    if (this.voice.enabled) await this.timers.schedule(tx, { key: `dispatch:${dispatch.dispatchId}:call:${attempt}`, kind: CALL_TIMER, dueAt: now, payload: { pageId: page.pageId } });
    await this.timers.schedule(tx, { key: `dispatch:${dispatch.dispatchId}:escalate:${attempt}`, kind: ESCALATE_TIMER, dueAt: page.ackDeadline, payload: { dispatchId: dispatch.dispatchId, attempt } });
    await tx.publish(
      dispatchPagedV1,
      scheduledEvent(dispatchPagedV1, page.pageId, lineage, now, {
        ...refOf(dispatch),
        pageId: page.pageId,
        attempt,
        onCallName: entry.name,
        onCallE164: entry.e164,
        role: entry.role,
        channels: this.voice.enabled ? ['sms', 'voice'] : ['sms'],
        pagedAt: now.toISOString(),
        ackDeadline: page.ackDeadline.toISOString(),
      }),
    );
  }

  private async onAckTimeout(tx: TransactionContext, timer: DueTimer): Promise<void> {
    const { dispatchId, attempt } = timer.payload as { dispatchId: string; attempt: number };
    const dispatch = await this.dispatches.lock(tx.handle, dispatchId);
    if (!dispatch || dispatch.status !== 'paging' || dispatch.currentAttempt !== attempt) return;
    const config = await this.requireConfig(dispatch.locationId);
    const from = await this.dispatches.pageOfAttempt(tx.handle, dispatchId, attempt);
    const now = this.clock.now();
    const next = attempt + 1;
    const exhausted = next > dispatch.escalation.length;
    await tx.publish(
      dispatchEscalatedV1,
      scheduledEvent(dispatchEscalatedV1, `${dispatchId}|${attempt}`, lineageOf(dispatch), now, { ...refOf(dispatch), fromPageId: from?.pageId ?? stableId(`page|${dispatchId}|${attempt}`), toAttempt: next, exhausted, escalatedAt: now.toISOString() }),
    );
    if (exhausted) {
      await this.dispatches.exhaust(tx.handle, dispatchId);
      return;
    }
    await this.page(tx, config, dispatch, next);
  }

  /**
   * The phone-call half of a page, once per page as far as Bandwidth allows (it has no
   * idempotency key on createCall): the intent (`placing`) is committed in its own transaction
   * before the carrier is called, the call carries the page id as `tag`, and its call id is
   * committed at once after. An attempt that finds the intent of an earlier attempt whose outcome
   * is unknown (a crash, a timeout, a 5xx) first asks the carrier (listCalls: same numbers, since
   * the intent, not recorded for another page) and records a call it finds instead of calling
   * again. The window that remains is described in the README. Runs with no transaction open
   * (an outside timer): each read and write is its own short transaction, so no transaction
   * spans a carrier request.
   */
  private async placeCall(timer: DueTimer): Promise<void> {
    const { pageId } = timer.payload as { pageId: string };
    // Not locked: an acknowledgement must not wait for the carrier's answer.
    const { page, dispatch } = await this.runner.run(async (tx) => {
      const found = await this.dispatches.page(tx.handle, pageId);
      return { page: found, dispatch: found ? await this.dispatches.find(tx.handle, found.dispatchId) : null };
    });
    if (!page || !dispatch || dispatch.status !== 'paging' || page.callState === null || page.callState === 'placed') return;
    const config = await this.requireConfig(dispatch.locationId);
    const from = config.phoneNumbers.find((n) => n.purpose === 'main_line')?.e164 ?? config.phoneNumbers[0]?.e164 ?? config.forwardToE164;
    if (page.callState === 'placing' && page.callIntentAt) {
      const since = new Date(page.callIntentAt.getTime() - RECONCILE_SKEW_MS);
      const candidates = (await this.voice.findCalls({ to: page.onCallE164, from, since })).filter((c) => c.createdAt === null || c.createdAt >= since);
      const taken = await this.runner.run((tx) => this.dispatches.recordedCallIds(tx.handle, candidates.map((c) => c.callId)));
      const ours = candidates.find((c) => !taken.has(c.callId));
      if (ours) {
        await this.runner.run((own) => this.dispatches.recordCall(own.handle, pageId, ours.callId));
        return;
      }
    }
    const intended = await this.runner.run((own) => this.dispatches.markCallPlacing(own.handle, pageId, this.clock.now()));
    if (!intended) return;
    let callId: string;
    try {
      callId = await this.voice.placeCall({ to: page.onCallE164, from, answerUrl: `${this.env.SCHEDULING_PUBLIC_BASE_URL.replace(/\/$/, '')}/v1/dispatches/pages/${pageId}/answer`, tag: pageId });
    } catch (err) {
      if (err instanceof PageCallError && err.outcome === 'refused') await this.runner.run((own) => this.dispatches.markCallPending(own.handle, pageId));
      throw err;
    }
    await this.runner.run((own) => this.dispatches.recordCall(own.handle, pageId, callId));
  }

  private async acknowledge(tx: TransactionContext, dispatch: Dispatch, by: string, via: AckVia): Promise<void> {
    const now = this.clock.now();
    await this.dispatches.acknowledge(tx.handle, dispatch.dispatchId, by, now);
    await this.timers.cancel(tx, `dispatch:${dispatch.dispatchId}:`);
    const page = await this.dispatches.pageOfAttempt(tx.handle, dispatch.dispatchId, dispatch.currentAttempt);
    // By text, `by` is the paged number; by the staff API, a user id (whose name scheduling does not hold).
    const person = dispatch.escalation.find((e) => e.e164 === by)?.name ?? null;
    const name = person ?? by;
    const lineage = lineageOf(dispatch);
    await tx.publish(
      dispatchAcknowledgedV1,
      scheduledEvent(dispatchAcknowledgedV1, dispatch.dispatchId, lineage, now, {
        ...refOf(dispatch),
        pageId: page?.pageId ?? stableId(`page|${dispatch.dispatchId}|${dispatch.currentAttempt}`),
        acknowledgedBy: name,
        via,
        acknowledgedAt: now.toISOString(),
        secondsToAcknowledge: Math.max(0, (now.getTime() - dispatch.detectedAt.getTime()) / 1000),
      }),
    );
    const config = await this.directory.get(dispatch.locationId);
    const who = person ? person.split(' ')[0] : 'Our team';
    await this.tellCaller(tx, lineage, dispatch, 'acknowledged', `${config?.businessName ?? 'We'}: ${who} has your request and will contact you shortly.`);
  }

  private async tellCaller(tx: TransactionContext, lineage: Lineage, dispatch: Dispatch, step: string, body: string): Promise<void> {
    await tx.publish(smsSendCommandV1, sendTextCommand(lineage, this.clock.now(), { key: `dispatch-notice|${dispatch.dispatchId}|${step}`, to: dispatch.callerE164, body, purpose: 'caller_notice', automated: true }));
  }

  private async requireConfig(locationId: string): Promise<LocationConfig> {
    const config = await this.directory.get(locationId);
    if (!config) throw new SchedulingException(SchedulingExceptionCode.LOCATION_NOT_FOUND, `location ${locationId} is not in the location directory`);
    return config;
  }
}

/**
 * The page text to an on-call person: business, summary, caller, how to acknowledge within the timeout (minutes,
 * at least 1), and, when the console's public URL is configured, a link that opens the conversation in the console
 * (`/dispatches/<dispatchId>`: the console resolves it after sign-in; the URL carries no token).
 */
export function pageText(config: LocationConfig, dispatch: Pick<Dispatch, 'dispatchId' | 'summary' | 'callerE164'>, timeoutSeconds: number, consolePublicUrl: string | undefined): string {
  const minutes = Math.max(1, Math.round(timeoutSeconds / 60));
  const text = `URGENT ${config.businessName}: ${dispatch.summary} Caller ${dispatch.callerE164}. Reply ACK within ${minutes} min to take it.`;
  return consolePublicUrl ? `${text} Open: ${consolePublicUrl.replace(/\/+$/, '')}/dispatches/${dispatch.dispatchId}` : text;
}

function lineageOf(d: Dispatch, causationId?: string): Lineage {
  return { tenantId: d.tenantId, locationId: d.locationId, correlationId: d.correlationId, ...(causationId ? { causationId } : {}) };
}

function refOf(d: Dispatch) {
  return { dispatchId: d.dispatchId, callerE164: d.callerE164, conversationId: d.conversationId, ...(d.leadId ? { leadId: d.leadId } : {}) };
}
