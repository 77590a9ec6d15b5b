import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, type TransactionHandle } from '@textback/persistence';
import { DATA_SOURCE } from '@textback/platform';
import { type DataSource } from 'typeorm';
import { ConsoleSchema } from '../console-schema';
import {
  type ConversationPatch,
  type ConversationStatus,
  type DispatchChange,
  type DispatchState,
  type ConversationSource,
  type InboxFilter,
  type InboxRow,
  type NewEntry,
  type OutboundChange,
  type TimelineEntry,
  type VisibleLocation,
} from './conversation.types';

/** PostgreSQL channel the projection notifies on after each change (payload: {@link InboxChange} JSON). */
export const INBOX_CHANNEL = 'console_inbox';

/** What a notification on {@link INBOX_CHANNEL} carries. */
export interface InboxChange {
  conversationId: string;
  tenantId: string;
  locationId: string;
}

/**
 * The one definition of a conversation's status (precedence: opted out, booked, waiting on caller, staff, callback
 * due, bot). Waiting on caller: the latest text that expects an answer (the bot's or staff's, sent, not refused) is
 * newer than the caller's latest text, so the next move is the caller's; it comes before staff because a taken-over
 * conversation where staff asked last needs nobody at the business until the caller answers.
 */
export const CONVERSATION_STATUS_SQL = `CASE WHEN c.opted_out THEN 'opted_out'
  WHEN c.stage IN ('booked', 'won') THEN 'booked'
  WHEN c.last_asked_caller_at IS NOT NULL AND (c.last_caller_text_at IS NULL OR c.last_asked_caller_at > c.last_caller_text_at) THEN 'waiting_on_caller'
  WHEN c.human_active THEN 'staff'
  WHEN c.callback_due_at IS NOT NULL AND coalesce(c.stage, '') <> 'lost' THEN 'callback_due'
  ELSE 'bot_active' END`;

const PATCH_COLUMNS: Record<keyof ConversationPatch, { column: string; cast?: string }> = {
  leadId: { column: 'lead_id', cast: 'uuid' },
  stage: { column: 'stage' },
  humanActive: { column: 'human_active', cast: 'boolean' },
  takenOverBy: { column: 'taken_over_by' },
  optedOut: { column: 'opted_out', cast: 'boolean' },
  urgent: { column: 'urgent', cast: 'boolean' },
  urgency: { column: 'urgency' },
  intent: { column: 'intent' },
  need: { column: 'need' },
  facts: { column: 'facts', cast: 'jsonb' },
  missedCallReason: { column: 'missed_call_reason' },
  firstTextOutcome: { column: 'first_text_outcome' },
  firstTextReason: { column: 'first_text_reason' },
  callbackDueAt: { column: 'callback_due_at', cast: 'timestamptz' },
  lastPreview: { column: 'last_preview' },
  source: { column: 'source' },
  trackingSource: { column: 'tracking_source' },
  callerTextAt: { column: 'last_caller_text_at', cast: 'timestamptz' },
  askedCallerAt: { column: 'last_asked_caller_at', cast: 'timestamptz' },
};

/** Columns that keep the latest value whatever order events arrive in (topics are not ordered among each other). */
const LATEST_OF = new Set(['last_caller_text_at', 'last_asked_caller_at']);

interface RowOf {
  id: string;
  location_id: string;
  location_name: string | null;
  caller_e164: string;
  lead_id: string | null;
  status: ConversationStatus;
  urgent: boolean;
  urgency: string | null;
  intent: string | null;
  need: string | null;
  missed_call_reason: string | null;
  first_text_outcome: string | null;
  first_text_reason: string | null;
  taken_over_by: string | null;
  callback_due_at: Date | null;
  last_preview: string | null;
  source: string | null;
  tracking_source: string | null;
  last_activity_at: Date;
  facts: Record<string, unknown>;
  dispatch_id: string | null;
  dispatch_state: DispatchState | null;
  dispatch_attempt: number | null;
  dispatch_paged_name: string | null;
  dispatch_ack_deadline: Date | null;
  dispatch_acknowledged_by: string | null;
  dispatch_acknowledged_at: Date | null;
}

/**
 * The one definition of the dispatch queue: pages nobody acknowledged yet (still paging, or nobody left to page),
 * and urgent conversations that are still open (not booked, won, lost or opted out) and whose page nobody has
 * acknowledged (including urgent ones without any page, e.g. a location with nobody on call).
 */
export const DISPATCH_OPEN_SQL = `(c.dispatch_state IN ('paging', 'exhausted')
  OR (c.urgent AND NOT c.opted_out AND coalesce(c.stage, '') NOT IN ('booked', 'won', 'lost') AND c.dispatch_state IS DISTINCT FROM 'acknowledged'))`;

/** Order of the dispatch queue: nobody left to page first, then pages by the earliest deadline, then newest activity. */
export const DISPATCH_ORDER_SQL = `CASE c.dispatch_state WHEN 'exhausted' THEN 0 WHEN 'paging' THEN 1 ELSE 2 END, c.dispatch_ack_deadline NULLS LAST, c.last_activity_at DESC, c.id`;

/** Assignments applying a {@link DispatchChange} ($1 conversation, $2 dispatch id, then the change's values); see there for the rules. */
const SAME = `dispatch_id = $2::uuid`;
const KEEP_IF_SAME = (column: string) => `${column} = CASE WHEN ${SAME} THEN ${column} ELSE NULL END`;
const DISPATCH_UPDATES: Record<DispatchChange['kind'], string> = {
  // $3 attempt, $4 paged name, $5 acknowledgement deadline
  paged: `dispatch_state = CASE WHEN ${SAME} AND dispatch_state IN ('acknowledged', 'exhausted') THEN dispatch_state ELSE 'paging' END,
    dispatch_paged_name = CASE WHEN ${SAME} AND dispatch_attempt > $3::int THEN dispatch_paged_name ELSE $4::text END,
    dispatch_ack_deadline = CASE WHEN ${SAME} AND dispatch_attempt > $3::int THEN dispatch_ack_deadline ELSE $5::timestamptz END,
    dispatch_attempt = CASE WHEN ${SAME} AND dispatch_attempt > $3::int THEN dispatch_attempt ELSE $3::int END,
    ${KEEP_IF_SAME('dispatch_acknowledged_by')}, ${KEEP_IF_SAME('dispatch_acknowledged_at')}`,
  // $3 the last attempt
  exhausted: `dispatch_state = CASE WHEN ${SAME} AND dispatch_state = 'acknowledged' THEN dispatch_state ELSE 'exhausted' END,
    dispatch_attempt = CASE WHEN ${SAME} THEN GREATEST(dispatch_attempt, $3::int) ELSE $3::int END,
    ${KEEP_IF_SAME('dispatch_paged_name')}, ${KEEP_IF_SAME('dispatch_ack_deadline')}, ${KEEP_IF_SAME('dispatch_acknowledged_by')}, ${KEEP_IF_SAME('dispatch_acknowledged_at')}`,
  // $3 acknowledged by, $4 at
  acknowledged: `dispatch_state = 'acknowledged', dispatch_acknowledged_by = $3::text, dispatch_acknowledged_at = $4::timestamptz,
    ${KEEP_IF_SAME('dispatch_attempt')}, ${KEEP_IF_SAME('dispatch_paged_name')}, ${KEEP_IF_SAME('dispatch_ack_deadline')}`,
};

function dispatchParams(change: DispatchChange): unknown[] {
  switch (change.kind) {
    case 'paged':
      return [change.attempt, change.pagedName, change.ackDeadline];
    case 'exhausted':
      return [change.attempt];
    case 'acknowledged':
      return [change.acknowledgedBy, change.acknowledgedAt];
  }
}

const SELECT_ROW = (s: string) => `SELECT c.id, c.location_id, d.config->>'locationName' AS location_name, c.caller_e164, c.lead_id, ${CONVERSATION_STATUS_SQL} AS status,
  c.urgent, c.urgency, c.intent, c.need, c.missed_call_reason, c.first_text_outcome, c.first_text_reason, c.taken_over_by, c.callback_due_at,
  c.last_preview, c.source, c.tracking_source, c.last_activity_at, c.facts, c.dispatch_id, c.dispatch_state, c.dispatch_attempt, c.dispatch_paged_name, c.dispatch_ack_deadline,
  c.dispatch_acknowledged_by, c.dispatch_acknowledged_at
  FROM ${s}.conversation c LEFT JOIN ${s}.location_directory d ON d.location_id = c.location_id`;

/** SQL of the inbox projection (`conversation`, `conversation_entry`) and of the location read model it joins. */
@Injectable()
export class ConversationRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly schema: ConsoleSchema,
  ) {}

  /**
   * Creates the conversation of a caller at a location, or applies `patch` to it; its last activity moves to
   * `at` unless it is later already. In the same statement (data-modifying CTEs, one round trip):
   * - `entry`: adds a timeline entry to the conversation; a second one with the same id is ignored;
   * - `outbound`: records what is known of one outbound text (keyed by its send command id, whichever event comes
   *   first): body and sender from the command, `sent` or `refused` (with the reason) from messaging. A status never
   *   goes back (requested < sent < refused);
   * - `notify`: tells every console replica's live feed that the conversation changed ({@link INBOX_CHANNEL}, payload
   *   {@link InboxChange} with the key's tenant and location, delivered when the transaction commits).
   * The entry and the outbound text reference the conversation's id as the upsert returned it (the foreign key is
   * checked at the end of the statement, when the conversation row exists).
   * @returns the conversation id.
   */
  async upsert(
    tx: TransactionHandle,
    key: { tenantId: string; locationId: string; callerE164: string },
    at: Date,
    patch: ConversationPatch,
    options: { notify?: boolean; entry?: NewEntry; outbound?: OutboundChange } = {},
  ): Promise<string> {
    const params: unknown[] = [randomUUID(), key.tenantId, key.locationId, key.callerE164, at];
    const columns: string[] = [];
    const values: string[] = [];
    for (const [name, value] of Object.entries(patch) as [keyof ConversationPatch, unknown][]) {
      if (value === undefined) continue;
      const spec = PATCH_COLUMNS[name];
      params.push(spec.cast === 'jsonb' ? JSON.stringify(value) : value);
      columns.push(spec.column);
      values.push(`$${params.length}${spec.cast ? `::${spec.cast}` : ''}`);
    }
    const s = this.schema.sql;
    const updates = columns.map((c) =>
      c === 'facts' ? `facts = ${s}.conversation.facts || EXCLUDED.facts` : LATEST_OF.has(c) ? `${c} = GREATEST(${s}.conversation.${c}, EXCLUDED.${c})` : `${c} = EXCLUDED.${c}`,
    );
    const upsert = `INSERT INTO ${s}.conversation (id, tenant_id, location_id, caller_e164, last_activity_at${columns.map((c) => `, ${c}`).join('')})
       VALUES ($1, $2, $3, $4, $5${values.map((v) => `, ${v}`).join('')})
       ON CONFLICT ON CONSTRAINT uq_conversation_caller DO UPDATE SET last_activity_at = GREATEST(${s}.conversation.last_activity_at, EXCLUDED.last_activity_at)
       ${updates.map((u) => `, ${u}`).join('')}
       RETURNING id`;
    const ctes = [`up AS (${upsert})`];
    /** `$n` placeholders of `more` appended to the statement's parameters. */
    const bind = (...more: unknown[]): string[] => more.map((v) => `$${params.push(v)}`);
    const { entry, outbound } = options;
    if (entry) {
      const [id, kind, occurredAt, actor, body, data] = bind(entry.id, entry.kind, entry.occurredAt, entry.actor, entry.body, JSON.stringify(entry.data));
      ctes.push(`added_entry AS (INSERT INTO ${s}.conversation_entry (id, conversation_id, kind, occurred_at, actor, body, data)
       VALUES (${id}, (SELECT id FROM up), ${kind}, ${occurredAt}, ${actor}, ${body}, ${data}) ON CONFLICT DO NOTHING)`);
    }
    if (outbound) {
      const rank = (x: string) => `CASE ${x} WHEN 'refused' THEN 2 WHEN 'sent' THEN 1 ELSE 0 END`;
      const [id, occurredAt, actor, body, commandId, status, reason, data] = bind(randomUUID(), outbound.occurredAt, outbound.actor, outbound.body, outbound.commandId, outbound.status, outbound.reason, JSON.stringify(outbound.data));
      ctes.push(`outbound_text AS (INSERT INTO ${s}.conversation_entry (id, conversation_id, kind, occurred_at, actor, body, command_id, status, reason, data)
       VALUES (${id}, (SELECT id FROM up), 'sms_out', ${occurredAt}, ${actor}, ${body}, ${commandId}, ${status}, ${reason}, ${data})
       ON CONFLICT (conversation_id, command_id) WHERE command_id IS NOT NULL DO UPDATE SET
         occurred_at = LEAST(${s}.conversation_entry.occurred_at, EXCLUDED.occurred_at),
         actor = COALESCE(${s}.conversation_entry.actor, EXCLUDED.actor),
         body = COALESCE(${s}.conversation_entry.body, EXCLUDED.body),
         status = CASE WHEN ${rank('EXCLUDED.status')} > ${rank(`${s}.conversation_entry.status`)} THEN EXCLUDED.status ELSE ${s}.conversation_entry.status END,
         reason = COALESCE(EXCLUDED.reason, ${s}.conversation_entry.reason),
         data = ${s}.conversation_entry.data || EXCLUDED.data)`);
    }
    // The key's tenant and location go in as text parameters of their own (the payload carries them as the event
    // sent them); the conversation id is the upserted row's.
    const select = options.notify
      ? (() => {
          const [channel, tenantId, locationId] = bind(INBOX_CHANNEL, key.tenantId, key.locationId);
          return `SELECT up.id, pg_notify(${channel}::text, json_build_object('conversationId', up.id, 'tenantId', ${tenantId}::text, 'locationId', ${locationId}::text)::text) FROM up`;
        })()
      : 'SELECT up.id FROM up';
    const rows = (await entityManagerOf(tx).query(`WITH ${ctes.join(',\n     ')}\n     ${select}`, params)) as { id: string }[];
    return rows[0]!.id;
  }

  /**
   * Applies a dispatch event to the conversation's dispatch columns. Redelivery and the arrival order of the three
   * dispatch topics do not matter: an acknowledgement is final for its dispatch, an older attempt never replaces a
   * newer one, exhausted is not undone by a late page; a different dispatch (a later one of the caller) replaces it.
   */
  async applyDispatch(tx: TransactionHandle, conversationId: string, change: DispatchChange): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.schema.sql}.conversation SET ${DISPATCH_UPDATES[change.kind]}, dispatch_id = $2::uuid WHERE id = $1`, [conversationId, change.dispatchId, ...dispatchParams(change)]);
  }

  /** The conversation of `tenantId` that scheduling's dispatch `dispatchId` is about (its latest, or an earlier page), or null. */
  async findIdByDispatch(tenantId: string, dispatchId: string): Promise<string | null> {
    const s = this.schema.sql;
    const rows = (await this.db.query(
      `SELECT id FROM ${s}.conversation WHERE tenant_id = $1 AND dispatch_id = $2
       UNION ALL SELECT c.id FROM ${s}.conversation_entry e JOIN ${s}.conversation c ON c.id = e.conversation_id
         WHERE c.tenant_id = $1 AND e.kind = 'page' AND e.data->>'dispatchId' = $2::text
       LIMIT 1`,
      [tenantId, dispatchId],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  /** The dispatch queue ({@link DISPATCH_OPEN_SQL}) of `tenantId` at `locationIds`, in {@link DISPATCH_ORDER_SQL}. */
  async dispatchQueue(tenantId: string, locationIds: readonly string[], limit: number): Promise<InboxRow[]> {
    const rows = (await this.db.query(
      `${SELECT_ROW(this.schema.sql)} WHERE c.tenant_id = $1 AND c.location_id::text = ANY($2::text[]) AND ${DISPATCH_OPEN_SQL} ORDER BY ${DISPATCH_ORDER_SQL} LIMIT $3`,
      [tenantId, [...locationIds], limit],
    )) as RowOf[];
    return rows.map(toInboxRow);
  }

  /** The conversation of lead-crm's lead `leadId` in `tenantId`, or null. */
  async findIdByLead(tenantId: string, leadId: string): Promise<string | null> {
    const rows = (await this.db.query(`SELECT id FROM ${this.schema.sql}.conversation WHERE tenant_id = $1 AND lead_id = $2`, [tenantId, leadId])) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  /** Tells every console replica's live feed (LISTEN) that a conversation changed; sent when the transaction commits. */
  async notifyChanged(tx: TransactionHandle, change: InboxChange): Promise<void> {
    await entityManagerOf(tx).query(`SELECT pg_notify($1, $2)`, [INBOX_CHANNEL, JSON.stringify(change)]);
  }

  /** Locations of `tenantId` known to the console (from the location config topic). */
  async locationsOf(tenantId: string): Promise<VisibleLocation[]> {
    const rows = (await this.db.query(
      `SELECT location_id, config->>'locationName' AS name, config->>'regionId' AS region_id FROM ${this.schema.sql}.location_directory WHERE tenant_id = $1 ORDER BY config->>'locationName'`,
      [tenantId],
    )) as { location_id: string; name: string; region_id: string | null }[];
    return rows.map((r) => ({ locationId: r.location_id, name: r.name, regionId: r.region_id }));
  }

  /**
   * Conversations of `tenantId` at `locationIds`, newest activity first, optionally of one status (or urgent only).
   * @param before keyset cursor: only conversations last active before it.
   */
  async list(tenantId: string, locationIds: readonly string[], filter: { status?: InboxFilter; source?: ConversationSource; before?: Date; limit: number }): Promise<InboxRow[]> {
    const params: unknown[] = [tenantId, [...locationIds], filter.limit];
    const where = ['c.tenant_id = $1', 'c.location_id::text = ANY($2::text[])'];
    if (filter.source) {
      params.push(filter.source);
      where.push(`c.source = $${params.length}`);
    }
    if (filter.status === 'urgent') where.push('c.urgent');
    else if (filter.status) {
      params.push(filter.status);
      where.push(`${CONVERSATION_STATUS_SQL} = $${params.length}`);
    }
    if (filter.before) {
      params.push(filter.before);
      where.push(`c.last_activity_at < $${params.length}`);
    }
    const rows = (await this.db.query(`${SELECT_ROW(this.schema.sql)} WHERE ${where.join(' AND ')} ORDER BY c.last_activity_at DESC, c.id LIMIT $3`, params)) as RowOf[];
    return rows.map(toInboxRow);
  }

  /** One conversation of `tenantId` with its facts, or null (another tenant's id is null too). */
  async find(tenantId: string, id: string): Promise<(InboxRow & { facts: Record<string, unknown> }) | null> {
    const rows = (await this.db.query(`${SELECT_ROW(this.schema.sql)} WHERE c.tenant_id = $1 AND c.id = $2`, [tenantId, id])) as RowOf[];
    const r = rows[0];
    return r ? { ...toInboxRow(r), facts: r.facts } : null;
  }

  /** The timeline of a conversation, oldest first (`actorName` left null: the service resolves it). */
  async timeline(conversationId: string): Promise<TimelineEntry[]> {
    const rows = (await this.db.query(
      `SELECT id, kind, occurred_at, actor, body, status, reason, data FROM ${this.schema.sql}.conversation_entry WHERE conversation_id = $1 ORDER BY occurred_at, id`,
      [conversationId],
    )) as { id: string; kind: string; occurred_at: Date; actor: string | null; body: string | null; status: string | null; reason: string | null; data: Record<string, unknown> }[];
    return rows.map((r) => ({ id: r.id, kind: r.kind, occurredAt: r.occurred_at.toISOString(), actor: r.actor, actorName: null, body: r.body, status: r.status, reason: r.reason, data: r.data }));
  }
}

function toInboxRow(r: RowOf): InboxRow {
  return {
    id: r.id,
    locationId: r.location_id,
    locationName: r.location_name ?? 'Unknown location',
    callerE164: r.caller_e164,
    leadId: r.lead_id,
    status: r.status,
    urgent: r.urgent,
    urgency: r.urgency,
    intent: r.intent,
    need: r.need,
    missedCallReason: r.missed_call_reason,
    firstTextOutcome: r.first_text_outcome,
    firstTextReason: r.first_text_reason,
    takenOverBy: r.taken_over_by,
    callbackDueAt: r.callback_due_at ? r.callback_due_at.toISOString() : null,
    lastPreview: r.last_preview,
    source: r.source,
    trackingSource: r.tracking_source,
    lastActivityAt: r.last_activity_at.toISOString(),
    dispatch:
      r.dispatch_id && r.dispatch_state
        ? {
            dispatchId: r.dispatch_id,
            state: r.dispatch_state,
            attempt: r.dispatch_attempt,
            pagedName: r.dispatch_paged_name,
            ackDeadline: r.dispatch_ack_deadline ? r.dispatch_ack_deadline.toISOString() : null,
            acknowledgedBy: r.dispatch_acknowledged_by,
            acknowledgedByName: null,
            acknowledgedAt: r.dispatch_acknowledged_at ? r.dispatch_acknowledged_at.toISOString() : null,
          }
        : null,
  };
}
