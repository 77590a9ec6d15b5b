import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, quoteSchema, type TransactionHandle } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { returnedRows } from '../shared/returned-rows.util';
import { type Dispatch, type DispatchPage } from './dispatch.types';

interface DispatchRow {
  dispatch_id: string;
  tenant_id: string;
  location_id: string;
  caller_e164: string;
  conversation_id: string;
  lead_id: string | null;
  correlation_id: string;
  summary: string;
  detected_at: Date;
  escalation: Dispatch['escalation'];
  current_attempt: number;
  status: Dispatch['status'];
}

interface PageRow {
  page_id: string;
  dispatch_id: string;
  attempt: number;
  on_call_name: string;
  on_call_e164: string;
  role: DispatchPage['role'];
  paged_at: Date;
  ack_deadline: Date;
  call_state: DispatchPage['callState'];
  call_intent_at: Date | null;
  provider_call_id: string | null;
}

const toDispatch = (r: DispatchRow): Dispatch => ({
  dispatchId: r.dispatch_id, tenantId: r.tenant_id, locationId: r.location_id, callerE164: r.caller_e164, conversationId: r.conversation_id, leadId: r.lead_id, correlationId: r.correlation_id,
  summary: r.summary, detectedAt: new Date(r.detected_at), escalation: r.escalation, currentAttempt: r.current_attempt, status: r.status,
});
const toPage = (r: PageRow): DispatchPage => ({ pageId: r.page_id, dispatchId: r.dispatch_id, attempt: r.attempt, onCallName: r.on_call_name, onCallE164: r.on_call_e164, role: r.role, pagedAt: new Date(r.paged_at), ackDeadline: new Date(r.ack_deadline),
  callState: r.call_state, callIntentAt: r.call_intent_at ? new Date(r.call_intent_at) : null, providerCallId: r.provider_call_id,
});

/** SQL of dispatches and their pages. */
@Injectable()
export class DispatchRepository {
  private readonly s: string;

  constructor(@Inject(SERVICE_DEFINITION) definition: ServiceDefinition) {
    this.s = quoteSchema(definition.schema);
  }

  /** Inserts a dispatch unless the conversation already has one. @returns true when inserted. */
  async insert(tx: TransactionHandle, d: Dispatch, createdAt: Date): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(
      `INSERT INTO ${this.s}.dispatch (dispatch_id, tenant_id, location_id, caller_e164, conversation_id, lead_id, correlation_id, summary, detected_at, escalation, current_attempt, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING RETURNING dispatch_id`,
      [d.dispatchId, d.tenantId, d.locationId, d.callerE164, d.conversationId, d.leadId, d.correlationId, d.summary, d.detectedAt, JSON.stringify(d.escalation), d.currentAttempt, d.status, createdAt],
    )) as unknown[];
    return rows.length === 1;
  }

  /** A dispatch locked for update; null when unknown. */
  async lock(tx: TransactionHandle, dispatchId: string): Promise<Dispatch | null> {
    const rows = (await entityManagerOf(tx).query(`SELECT * FROM ${this.s}.dispatch WHERE dispatch_id = $1 FOR UPDATE`, [dispatchId])) as DispatchRow[];
    return rows[0] ? toDispatch(rows[0]) : null;
  }

  /** A dispatch of the tenant locked for update; null when unknown (or another tenant's). */
  async lockOfTenant(tx: TransactionHandle, tenantId: string, dispatchId: string): Promise<Dispatch | null> {
    const rows = (await entityManagerOf(tx).query(`SELECT * FROM ${this.s}.dispatch WHERE tenant_id = $1 AND dispatch_id = $2 FOR UPDATE`, [tenantId, dispatchId])) as DispatchRow[];
    return rows[0] ? toDispatch(rows[0]) : null;
  }

  /** A dispatch without locking it; null when unknown. */
  async find(tx: TransactionHandle, dispatchId: string): Promise<Dispatch | null> {
    const rows = (await entityManagerOf(tx).query(`SELECT * FROM ${this.s}.dispatch WHERE dispatch_id = $1`, [dispatchId])) as DispatchRow[];
    return rows[0] ? toDispatch(rows[0]) : null;
  }

  /** The newest still-paging dispatch at the location that paged `e164`, locked; null when none. */
  async lockPagingByPagedNumber(tx: TransactionHandle, locationId: string, e164: string): Promise<Dispatch | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT d.* FROM ${this.s}.dispatch d WHERE d.location_id = $1 AND d.status = 'paging'
         AND EXISTS (SELECT 1 FROM ${this.s}.dispatch_page p WHERE p.dispatch_id = d.dispatch_id AND p.on_call_e164 = $2)
       ORDER BY d.detected_at DESC LIMIT 1 FOR UPDATE OF d`,
      [locationId, e164],
    )) as DispatchRow[];
    return rows[0] ? toDispatch(rows[0]) : null;
  }

  /** Records a page and makes it the dispatch's current attempt. */
  async insertPage(tx: TransactionHandle, p: DispatchPage): Promise<void> {
    const m = entityManagerOf(tx);
    await m.query(
      `INSERT INTO ${this.s}.dispatch_page (page_id, dispatch_id, attempt, on_call_name, on_call_e164, role, paged_at, ack_deadline, call_state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [p.pageId, p.dispatchId, p.attempt, p.onCallName, p.onCallE164, p.role, p.pagedAt, p.ackDeadline, p.callState],
    );
    await m.query(`UPDATE ${this.s}.dispatch SET current_attempt = $2 WHERE dispatch_id = $1`, [p.dispatchId, p.attempt]);
  }

  /** A page by id; null when unknown. */
  async page(tx: TransactionHandle, pageId: string): Promise<DispatchPage | null> {
    const rows = (await entityManagerOf(tx).query(`SELECT * FROM ${this.s}.dispatch_page WHERE page_id = $1`, [pageId])) as PageRow[];
    return rows[0] ? toPage(rows[0]) : null;
  }

  /** The page of `attempt` in a dispatch; null when none. */
  async pageOfAttempt(tx: TransactionHandle, dispatchId: string, attempt: number): Promise<DispatchPage | null> {
    const rows = (await entityManagerOf(tx).query(`SELECT * FROM ${this.s}.dispatch_page WHERE dispatch_id = $1 AND attempt = $2`, [dispatchId, attempt])) as PageRow[];
    return rows[0] ? toPage(rows[0]) : null;
  }

  /**
   * Records the intent to place a page's call (`placing`, at `at`), before the carrier is called.
   * @returns false when the call is already placed (or the page has no call).
   */
  async markCallPlacing(tx: TransactionHandle, pageId: string, at: Date): Promise<boolean> {
    const rows = returnedRows(
      await entityManagerOf(tx).query(`UPDATE ${this.s}.dispatch_page SET call_state = 'placing', call_intent_at = $2, call_attempts = call_attempts + 1 WHERE page_id = $1 AND call_state IN ('pending', 'placing') RETURNING page_id`, [pageId, at]),
    );
    return rows.length === 1;
  }

  /** The carrier certainly did not create the call: back to `pending` (the timer retries). */
  async markCallPending(tx: TransactionHandle, pageId: string): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.dispatch_page SET call_state = 'pending' WHERE page_id = $1 AND call_state = 'placing'`, [pageId]);
  }

  /** Stores the carrier's call id of a page's call and marks it placed (a call id already recorded is kept). */
  async recordCall(tx: TransactionHandle, pageId: string, callId: string): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.dispatch_page SET provider_call_id = $2, call_state = 'placed' WHERE page_id = $1 AND provider_call_id IS NULL`, [pageId, callId]);
  }

  /** Which of `callIds` are already recorded for some page. */
  async recordedCallIds(tx: TransactionHandle, callIds: string[]): Promise<Set<string>> {
    if (callIds.length === 0) return new Set();
    const rows = (await entityManagerOf(tx).query(`SELECT provider_call_id FROM ${this.s}.dispatch_page WHERE provider_call_id = ANY($1::text[])`, [callIds])) as { provider_call_id: string }[];
    return new Set(rows.map((r) => r.provider_call_id));
  }

  /** Marks a dispatch acknowledged. */
  async acknowledge(tx: TransactionHandle, dispatchId: string, by: string, at: Date): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.dispatch SET status = 'acknowledged', acknowledged_by = $2, acknowledged_at = $3 WHERE dispatch_id = $1`, [dispatchId, by, at]);
  }

  /** Marks a dispatch exhausted (nobody left to page). */
  async exhaust(tx: TransactionHandle, dispatchId: string): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.s}.dispatch SET status = 'exhausted' WHERE dispatch_id = $1`, [dispatchId]);
  }
}
