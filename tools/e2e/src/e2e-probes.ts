import { type BandwidthMessage, type PlacedCall } from '@textback/testing';
import { type E2eDatabase } from './e2e-database';

/** A message the carrier accepted, with messaging's `purpose` for it (from the command id in the tag). */
export interface PurposedMessage extends BandwidthMessage {
  purpose: string | null;
}

/**
 * Looks up messaging's `purpose` (first_text, conversation_reply, keyword_reply, dispatch_page,
 * follow_up, manual...) of carrier-accepted messages: the tag Bandwidth echoes is messaging's
 * send command id (`messaging.outbound_message.command_id`).
 */
export async function withPurpose(db: E2eDatabase, messages: BandwidthMessage[]): Promise<PurposedMessage[]> {
  const tags = messages.map((m) => m.tag).filter((t): t is string => typeof t === 'string' && /^[0-9a-f-]{36}$/i.test(t));
  const rows = tags.length === 0 ? [] : (await db.query<{ command_id: string; purpose: string }>('SELECT command_id::text, purpose FROM messaging.outbound_message WHERE command_id = ANY($1::uuid[])', [tags])).rows;
  const purposes = new Map(rows.map((r) => [r.command_id, r.purpose]));
  return messages.map((m) => ({ ...m, purpose: (m.tag && purposes.get(m.tag)) ?? null }));
}

/** telephony-ingest's record of a carrier call: its own id and its decision (null while undecided). */
export async function telephonyCall(db: E2eDatabase, providerCallId: string): Promise<{ id: string; decision: string | null } | undefined> {
  const rows = (await db.query<{ id: string; decision: string | null }>('SELECT id::text, decision FROM telephony.call WHERE provider_call_id = $1', [providerCallId])).rows;
  if (rows.length > 1) throw new Error(`telephony-ingest holds ${rows.length} records of call ${providerCallId}`);
  return rows[0];
}

/** messaging's first-text decision of a carrier call (by telephony-ingest's call id), or undefined while undecided. */
export async function firstTextDecision(db: E2eDatabase, providerCallId: string): Promise<{ outcome: string; reason: string | null } | undefined> {
  const rows = (
    await db.query<{ outcome: string; reason: string | null }>(
      'SELECT d.outcome, d.reason FROM messaging.first_text_decision d JOIN telephony.call c ON c.id = d.call_id WHERE c.provider_call_id = $1',
      [providerCallId],
    )
  ).rows;
  return rows[0];
}

/** lead-crm's leads of a caller in a tenant (any location), oldest first. */
export async function leadsOf(db: E2eDatabase, tenantId: string, callerE164: string): Promise<Array<{ id: string; locationId: string; stage: string }>> {
  return (
    await db.query<{ id: string; locationId: string; stage: string }>(
      'SELECT l.id::text, l.location_id::text AS "locationId", l.stage FROM crm.leads l JOIN crm.contacts c ON c.id = l.contact_id WHERE l.tenant_id = $1 AND c.e164 = $2 ORDER BY l.created_at',
      [tenantId, callerE164],
    )
  ).rows;
}

/** conversation-ai's conversation with a caller at a location: state, pause, counts of its texts and the caller's. */
export async function conversationOf(db: E2eDatabase, locationId: string, callerE164: string): Promise<{ state: string; paused: boolean; botMessages: number; inboundMessages: number } | undefined> {
  return (
    await db.query<{ state: string; paused: boolean; botMessages: number; inboundMessages: number }>(
      'SELECT state, paused, bot_messages AS "botMessages", inbound_messages AS "inboundMessages" FROM conversation.conversation WHERE location_id = $1 AND caller_e164 = $2',
      [locationId, callerE164],
    )
  ).rows[0];
}

/** The location id lead-crm gave a location slug of a tenant. */
export async function locationIdOf(db: E2eDatabase, tenantId: string, slug: string): Promise<string> {
  const row = (await db.query<{ id: string }>('SELECT id::text FROM crm.locations WHERE tenant_id = $1 AND slug = $2', [tenantId, slug])).rows[0];
  if (!row) throw new Error(`no location ${slug} in tenant ${tenantId}`);
  return row.id;
}

/**
 * Sends every voice callback of a finished call again, exactly as the stand-in sent it the first
 * time (same body, URL, method and HTTP Basic): what Bandwidth does when it did not get an answer
 * in time. @returns the HTTP statuses of the redeliveries.
 */
export async function redeliverVoiceCallbacks(call: PlacedCall, auth: { username: string; password: string }): Promise<number[]> {
  const authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const statuses: number[] = [];
  for (const x of call.exchanges.filter((e) => e.status >= 200 && e.status < 300)) {
    const res = x.method === 'GET' ? await fetch(x.requestedUrl, { headers: { authorization } }) : await fetch(x.requestedUrl, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(x.body) });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

/** lead-crm's timeline entries of a caller in a tenant (any location, any lead), oldest first: kind, summary and data. */
export async function timelineOf(db: E2eDatabase, tenantId: string, callerE164: string): Promise<Array<{ kind: string; summary: string; data: Record<string, unknown> }>> {
  return (
    await db.query<{ kind: string; summary: string; data: Record<string, unknown> }>(
      'SELECT t.kind, t.summary, t.data FROM crm.timeline_entries t JOIN crm.contacts c ON c.id = t.contact_id WHERE t.tenant_id = $1 AND c.e164 = $2 ORDER BY t.occurred_at, t.sequence',
      [tenantId, callerE164],
    )
  ).rows;
}

/** True once lead-crm has a carrier call (by its Bandwidth call id) on a timeline as a missed call. */
export async function crmRecordedMissedCall(db: E2eDatabase, providerCallId: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM crm.timeline_entries t JOIN telephony.call c ON c.id::text = t.data->>'callId' WHERE c.provider_call_id = $1 AND t.kind = 'call_missed'`,
    [providerCallId],
  );
  return (rows.rowCount ?? 0) > 0;
}
