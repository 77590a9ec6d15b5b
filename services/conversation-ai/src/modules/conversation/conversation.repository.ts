import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, quoteSchema, type TransactionHandle } from '@textback/persistence';
import { SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { type Conversation, type ConversationFacts, type ConversationState, type FactSlot } from './conversation.types';

interface ConversationRow {
  conversation_id: string;
  tenant_id: string;
  location_id: string;
  caller_e164: string;
  call_id: string | null;
  correlation_id: string;
  state: ConversationState;
  paused: boolean;
  taken_over: boolean;
  opted_out: boolean;
  facts: ConversationFacts;
  asked: FactSlot[];
  bot_messages: number;
  inbound_messages: number;
  stalled_turns: number;
  urgent_notified: boolean;
  handoff_requested: boolean;
  last_offer_id: string | null;
}

/** The `conversation` table: one row per location and caller. Only this class writes SQL for it. */
@Injectable()
export class ConversationRepository {
  private readonly table: string;

  constructor(@Inject(SERVICE_DEFINITION) definition: ServiceDefinition) {
    this.table = `${quoteSchema(definition.schema)}.conversation`;
  }

  /**
   * The conversation of `callerE164` (E.164) at `locationId` within `tenantId`, locked for the
   * rest of the transaction (SELECT ... FOR UPDATE), or null.
   * The caller's transaction-scoped advisory lock is taken first: FOR UPDATE locks no row while
   * none exists, so without it two first events of a new caller (a reply and the missed call,
   * consumed concurrently from two topics, e.g. after a restart) both saw null and the later
   * `save` overwrote the other's conversation (the reply's facts and counts lost).
   */
  async lockByCaller(tx: TransactionHandle, tenantId: string, locationId: string, callerE164: string): Promise<Conversation | null> {
    await entityManagerOf(tx).query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [this.callerLockKey(locationId, callerE164)]);
    return this.findLocked(tx, tenantId, locationId, callerE164);
  }

  /**
   * Takes the caller's advisory lock (as {@link lockByCaller}) and inserts `c` when the caller has no conversation at
   * its location, in one statement. @returns true when `c` was inserted (the state {@link save} would have written
   * for a caller without one); false when the caller has a conversation: read it with {@link findLocked} (a later
   * statement, whose snapshot is taken after the lock is held, so it sees a conversation another event of the caller
   * committed meanwhile; the INSERT's own conflict check sees committed rows whatever its snapshot).
   */
  async insertIfAbsentLocking(tx: TransactionHandle, c: Conversation): Promise<boolean> {
    const rows = (await entityManagerOf(tx).query(
      `WITH lk AS (SELECT pg_advisory_xact_lock(hashtextextended($19, 0)))
       INSERT INTO ${this.table} (${INSERT_COLUMNS})
       SELECT $1::uuid, $2::uuid, $3::uuid, $4::text, $5::uuid, $6::text, $7::text, $8::boolean, $9::boolean, $10::jsonb, $11::jsonb, $12::int, $13::int, $14::int, $15::boolean,
         $16::boolean, $17::uuid, $18::boolean, now() FROM lk
       ON CONFLICT (location_id, caller_e164) DO NOTHING RETURNING conversation_id`,
      [...insertParams(c), this.callerLockKey(c.locationId, c.callerE164)],
    )) as unknown[];
    return rows.length === 1;
  }

  /** The caller's conversation locked for the rest of the transaction (the caller's advisory lock already held), or null. */
  async findLocked(tx: TransactionHandle, tenantId: string, locationId: string, callerE164: string): Promise<Conversation | null> {
    const rows = (await entityManagerOf(tx).query(`SELECT * FROM ${this.table} WHERE tenant_id = $1 AND location_id = $2 AND caller_e164 = $3 FOR UPDATE`, [tenantId, locationId, callerE164])) as ConversationRow[];
    return rows[0] ? toConversation(rows[0]) : null;
  }

  /** Inserts or replaces the row of `(locationId, callerE164)` with `c`. */
  async save(tx: TransactionHandle, c: Conversation): Promise<void> {
    await entityManagerOf(tx).query(
      `INSERT INTO ${this.table} (${INSERT_COLUMNS})
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18, now())
       ON CONFLICT (location_id, caller_e164) DO UPDATE SET conversation_id = EXCLUDED.conversation_id, tenant_id = EXCLUDED.tenant_id, call_id = EXCLUDED.call_id,
         correlation_id = EXCLUDED.correlation_id, state = EXCLUDED.state, paused = EXCLUDED.paused, opted_out = EXCLUDED.opted_out, facts = EXCLUDED.facts,
         asked = EXCLUDED.asked, bot_messages = EXCLUDED.bot_messages, inbound_messages = EXCLUDED.inbound_messages, stalled_turns = EXCLUDED.stalled_turns,
         urgent_notified = EXCLUDED.urgent_notified, handoff_requested = EXCLUDED.handoff_requested, last_offer_id = EXCLUDED.last_offer_id,
         taken_over = EXCLUDED.taken_over, updated_at = now()`,
      insertParams(c),
    );
  }

  /** Key of the caller's transaction-scoped advisory lock (hashed by PostgreSQL). */
  private callerLockKey(locationId: string, callerE164: string): string {
    return `${this.table}|${locationId}|${callerE164}`;
  }
}

/** Columns of an inserted row, in the order of {@link insertParams} ($1..$18), then `updated_at`. */
const INSERT_COLUMNS = `conversation_id, tenant_id, location_id, caller_e164, call_id, correlation_id, state, paused, opted_out, facts, asked,
         bot_messages, inbound_messages, stalled_turns, urgent_notified, handoff_requested, last_offer_id, taken_over, updated_at`;

function insertParams(c: Conversation): unknown[] {
  return [
    c.conversationId, c.tenantId, c.locationId, c.callerE164, c.callId, c.correlationId, c.state, c.paused, c.optedOut, JSON.stringify(c.facts), JSON.stringify(c.asked),
    c.botMessages, c.inboundMessages, c.stalledTurns, c.urgentNotified, c.handoffRequested, c.lastOfferId, c.takenOver,
  ];
}

function toConversation(r: ConversationRow): Conversation {
  return {
    conversationId: r.conversation_id,
    tenantId: r.tenant_id,
    locationId: r.location_id,
    callerE164: r.caller_e164,
    callId: r.call_id,
    correlationId: r.correlation_id,
    state: r.state,
    paused: r.paused,
    takenOver: r.taken_over,
    optedOut: r.opted_out,
    facts: r.facts,
    asked: r.asked,
    botMessages: r.bot_messages,
    inboundMessages: r.inbound_messages,
    stalledTurns: r.stalled_turns,
    urgentNotified: r.urgent_notified,
    handoffRequested: r.handoff_requested,
    lastOfferId: r.last_offer_id,
  };
}
