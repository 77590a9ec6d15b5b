/**
 * `npm run demo -- --kill-during-replay`: what the demo checks after it SIGKILLed the single process in the middle of
 * its replay and started it again on the same data directory (issue #18), as pure functions over facts read from
 * independent sources: the carrier stand-in (what was really sent and delivered), the services' tables read from the
 * stopped data directory, and lead-crm's API. The general invariants (demo-invariants.ts) still apply on top.
 */
import { type DemoFacts } from './demo-invariants';

/** Runs one read-only SQL statement ($1 placeholders) on the stopped data directory's store; the rows. */
type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** A caller's text the stand-in posted as a Bandwidth `message-received` callback, with its last delivery attempt. */
export interface CallerTextDelivery {
  /** Bandwidth message id (messaging stores it as `provider_message_id`). */
  messageId: string;
  from: string;
  to: string;
  text: string;
  /** HTTP status of the last attempt (0: the connection failed); 2xx means messaging acknowledged it. */
  lastStatus: number;
  attempts: number;
}

/** What the kill checks read besides {@link DemoFacts}. */
export interface KillFacts {
  /** Calls the replay placed (the scripted day). */
  callsPlaced: number;
  /** Main line (E.164) → location id, from messaging's location directory. */
  locationOfNumber: Record<string, string>;
  /** telephony-ingest's call rows of the tenant; `decision` null = the call never got its answered/missed decision. */
  calls: Array<{ callId: string; locationId: string; callerE164: string | null; decision: string | null }>;
  /** messaging's first-text decisions (one per missed call), outcome sent/suppressed/deferred and the reason. */
  decisions: Array<{ callId: string; locationId: string; callerE164: string | null; outcome: string; reason: string | null }>;
  /** Callers' texts the stand-in posted (the demo's bots and on-call staff). */
  callerTexts: CallerTextDelivery[];
  /** `provider_message_id` of every `message-received` callback messaging stored and processed. */
  storedInbound: string[];
  /** Callers who sent a STOP keyword: caller and the business number they texted. */
  stops: Array<{ caller: string; businessNumber: string }>;
}

/** Counts the demo prints after a kill and the test asserts. */
export interface KillSummary {
  /** Distinct (location, caller) pairs of missed calls in telephony-ingest. */
  missedCallers: number;
  /** Leads of missed callers (a duplicate counts twice). */
  leads: number;
  /** Leads of no missed call (a conversation a text started, e.g. an on-call person's ACK). */
  otherLeads: number;
  duplicateLeads: number;
  /** Distinct (location, caller) pairs messaging decided to text. */
  textedCallers: number;
  /** First texts the carrier accepted. */
  firstTexts: number;
  duplicateFirstTexts: number;
  missingFirstTexts: number;
  callerTexts: number;
  lostCallerTexts: number;
  stops: number;
  lostOptOuts: number;
}

/**
 * messaging's default SEND_RECONCILE_DELAY_MS (services/messaging/src/config/messaging.env.ts): a text whose carrier
 * call was under way at the kill is `unconfirmed` and reconciled with the carrier this long after that call.
 */
export const SEND_RECONCILE_DELAY_MS = 30_000;

/**
 * Waits until what the killed process held is done: `SEND_RECONCILE_DELAY_MS` (plus 5 s) after the kill, then until
 * messaging's queues have nothing due (`textback_text_backlog{queue}` 0 for first_text_job and outbound_message on
 * `<messagingUrl>/metrics`, read every second). Leases need no wait: the single process releases the first-text
 * leases (FIRST_TEXT_RELEASE_LEASES_AT_START) and settles the send queue's (SEND_QUEUE_SETTLE_LEASES_AT_START) at start.
 * @param killedAt epoch milliseconds of the SIGKILL. @throws Error when the queues are not empty within `timeoutMs` (90 000).
 */
export async function waitForWorkHeldAtKill(messagingUrl: string, killedAt: number, timeoutMs = 90_000): Promise<void> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const reconciled = killedAt + SEND_RECONCILE_DELAY_MS + 5_000;
  if (reconciled > Date.now()) await sleep(reconciled - Date.now());
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await (await fetch(`${messagingUrl}/metrics`)).text();
    const due = ['first_text_job', 'outbound_message'].map((q) => Number(text.split('\n').find((l) => l.startsWith('textback_text_backlog{') && l.includes(`queue="${q}"`))?.split(' ').pop() ?? NaN));
    if (due.every((n) => n === 0)) return;
    if (Date.now() > deadline) throw new Error(`messaging's queues still hold due texts ${timeoutMs} ms after the reconciliation delay (first_text_job ${due[0]}, outbound_message ${due[1]})`);
    await sleep(1_000);
  }
}

/** Reasons a first text is suppressed only because the process was down too long or failed repeatedly. */
const CRASH_REASONS = new Set(['stale', 'retries_exhausted']);

/**
 * Reads the kill checks' sources from the stopped data directory (`query` on any schema; the store holds all).
 * @returns everything but the stand-in's parts (`callsPlaced`, `callerTexts`, `stops`), which the demo adds.
 */
export async function readKillSources(query: Query, tenantId: string): Promise<Pick<KillFacts, 'locationOfNumber' | 'calls' | 'decisions' | 'storedInbound'>> {
  const numbers = await query<{ e164: string; location_id: string }>('SELECT n.e164, n.location_id::text FROM messaging.location_number n JOIN messaging.location_directory d USING (location_id) WHERE d.tenant_id = $1', [tenantId]);
  const calls = await query<{ call_id: string; location_id: string; caller_e164: string | null; decision: string | null }>('SELECT id::text AS call_id, location_id::text, caller_e164, decision FROM telephony.call WHERE tenant_id = $1', [tenantId]);
  const decisions = await query<{ call_id: string; location_id: string; caller_e164: string | null; outcome: string; reason: string | null }>('SELECT call_id::text, location_id::text, caller_e164, outcome, reason FROM messaging.first_text_decision WHERE tenant_id = $1', [tenantId]);
  const inbound = await query<{ provider_message_id: string }>(`SELECT provider_message_id FROM messaging.inbound_callback WHERE event_type = 'message-received' AND processed_at IS NOT NULL`, []);
  return {
    locationOfNumber: Object.fromEntries(numbers.map((n) => [n.e164, n.location_id])),
    calls: calls.map((c) => ({ callId: c.call_id, locationId: c.location_id, callerE164: c.caller_e164, decision: c.decision })),
    decisions: decisions.map((d) => ({ callId: d.call_id, locationId: d.location_id, callerE164: d.caller_e164, outcome: d.outcome, reason: d.reason })),
    storedInbound: inbound.map((r) => r.provider_message_id),
  };
}

/**
 * Checks what a SIGKILL in the middle of the replay must not break; returns one message per broken invariant (empty
 * when all hold) and the counts:
 * 1. no call lost: telephony-ingest decided every call the replay placed (none without its answered/missed decision);
 * 2. every lead exactly once: each missed (location, caller) has a lead in lead-crm and no (location, caller) has two
 *    (other leads may exist: an on-call person's ACK text is a conversation too);
 * 3. every missed call has messaging's first-text decision, none suppressed for a crash reason (stale, retries
 *    exhausted), and each (location, caller) decided `sent` got exactly one first text at the carrier (none lost, no
 *    duplicate), and no first text went to anyone else;
 * 4. no inbound text lost: every caller text the stand-in posted was acknowledged (2xx, after the carrier's retries)
 *    and stored by messaging;
 * 5. no opt-out lost: every caller who sent STOP is in the consent ledger as opted out of that number.
 * Reporting's counts against the sources are checked by checkInvariants (demo-invariants.ts).
 */
export function checkKillInvariants(facts: DemoFacts, kill: KillFacts): { failures: string[]; summary: KillSummary } {
  const failures: string[] = [];
  const key = (locationId: string, caller: string | null) => `${locationId}|${caller ?? ''}`;

  const undecided = kill.calls.filter((c) => c.decision === null);
  if (kill.calls.length !== kill.callsPlaced) failures.push(`telephony-ingest holds ${kill.calls.length} calls, the replay placed ${kill.callsPlaced}`);
  if (undecided.length > 0) failures.push(`${undecided.length} call(s) never got their answered/missed decision: ${undecided.slice(0, 5).map((c) => c.callId).join(', ')}`);

  const missedCalls = kill.calls.filter((c) => c.decision !== null && c.decision !== 'answered' && c.callerE164);
  const missedKeys = new Set(missedCalls.map((c) => key(c.locationId, c.callerE164)));
  const leadCounts = countBy(facts.leads.map((l) => key(l.locationId, l.callerE164)));
  const duplicateLeads = [...leadCounts].filter(([, n]) => n > 1);
  const leadless = [...missedKeys].filter((k) => !leadCounts.has(k));
  if (duplicateLeads.length > 0) failures.push(`${duplicateLeads.length} caller(s) with more than one lead: ${duplicateLeads.slice(0, 5).map(([k, n]) => `${k} x${n}`).join(', ')}`);
  if (leadless.length > 0) failures.push(`${leadless.length} missed caller(s) without a lead: ${leadless.slice(0, 5).join(', ')}`);

  const decided = new Set(kill.decisions.map((d) => d.callId));
  const noDecision = missedCalls.filter((c) => !decided.has(c.callId));
  if (noDecision.length > 0) failures.push(`${noDecision.length} missed call(s) without a first-text decision: ${noDecision.slice(0, 5).map((c) => c.callId).join(', ')}`);
  const crashSuppressed = kill.decisions.filter((d) => d.outcome === 'suppressed' && CRASH_REASONS.has(d.reason ?? ''));
  if (crashSuppressed.length > 0) failures.push(`${crashSuppressed.length} first text(s) suppressed as ${[...new Set(crashSuppressed.map((d) => d.reason))].join('/')}: ${crashSuppressed.slice(0, 5).map((d) => key(d.locationId, d.callerE164)).join(', ')}`);
  const textedKeys = new Set(kill.decisions.filter((d) => d.outcome === 'sent').map((d) => key(d.locationId, d.callerE164)));
  const firstTexts = facts.texts.filter((t) => t.purpose === 'first_text');
  const textCounts = countBy(firstTexts.map((t) => key(kill.locationOfNumber[t.from] ?? `unknown number ${t.from}`, t.to)));
  const duplicateTexts = [...textCounts].filter(([, n]) => n > 1);
  const missingTexts = [...textedKeys].filter((k) => !textCounts.has(k));
  const unasked = [...textCounts.keys()].filter((k) => !textedKeys.has(k));
  if (duplicateTexts.length > 0) failures.push(`${duplicateTexts.length} caller(s) got more than one first text: ${duplicateTexts.slice(0, 5).map(([k, n]) => `${k} x${n}`).join(', ')}`);
  if (missingTexts.length > 0) failures.push(`${missingTexts.length} caller(s) decided "sent" got no first text at the carrier: ${missingTexts.slice(0, 5).join(', ')}`);
  if (unasked.length > 0) failures.push(`${unasked.length} first text(s) to a caller messaging never decided to text: ${unasked.slice(0, 5).join(', ')}`);

  const stored = new Set(kill.storedInbound);
  const lostTexts = kill.callerTexts.filter((t) => t.lastStatus < 200 || t.lastStatus >= 300 || !stored.has(t.messageId));
  if (lostTexts.length > 0) failures.push(`${lostTexts.length} caller text(s) lost: ${lostTexts.slice(0, 5).map((t) => `${t.from} "${t.text}" (last status ${t.lastStatus} after ${t.attempts} attempt(s), ${stored.has(t.messageId) ? '' : 'not '}stored)`).join(', ')}`);

  const lostOptOuts = kill.stops.filter((s) => !facts.optOuts.some((o) => o.phone === s.caller && o.sendingNumber === s.businessNumber));
  if (lostOptOuts.length > 0) failures.push(`${lostOptOuts.length} STOP(s) without an opt-out in the consent ledger: ${lostOptOuts.slice(0, 5).map((s) => `${s.caller} to ${s.businessNumber}`).join(', ')}`);

  return {
    failures,
    summary: {
      missedCallers: missedKeys.size,
      leads: [...leadCounts].filter(([k]) => missedKeys.has(k)).reduce((s, [, n]) => s + n, 0),
      otherLeads: [...leadCounts].filter(([k]) => !missedKeys.has(k)).reduce((s, [, n]) => s + n, 0),
      duplicateLeads: duplicateLeads.reduce((s, [, n]) => s + n - 1, 0),
      textedCallers: textedKeys.size,
      firstTexts: firstTexts.length,
      duplicateFirstTexts: duplicateTexts.reduce((s, [, n]) => s + n - 1, 0),
      missingFirstTexts: missingTexts.length,
      callerTexts: kill.callerTexts.length,
      lostCallerTexts: lostTexts.length,
      stops: kill.stops.length,
      lostOptOuts: lostOptOuts.length,
    },
  };
}

/** One line with the counts after the kill (the kill test reads it). */
export function formatKillSummary(s: KillSummary): string {
  return (
    `After the kill: ${s.leads} leads for ${s.missedCallers} missed callers (${s.duplicateLeads} duplicate; ${s.otherLeads} other), ` +
    `${s.firstTexts} first texts for ${s.textedCallers} callers texted (${s.duplicateFirstTexts} duplicate, ${s.missingFirstTexts} missing), ` +
    `${s.callerTexts - s.lostCallerTexts} of ${s.callerTexts} caller texts stored, ${s.stops - s.lostOptOuts} of ${s.stops} STOPs opted out.`
  );
}

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}
