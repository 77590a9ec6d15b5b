import { pollUntil } from '@textback/testing';
import { DateTime } from 'luxon';
import { newCallerNumber } from './e2e-pipeline';
import { conversationOf, withPurpose } from './e2e-probes';
import { type E2eTarget } from './e2e-target';
import { type ScenarioLine } from './scenario-franchise';
import { type ConversationScenario, type KnownDetail, type ScenarioLocation } from './scenario.types';

/** Where the suite runs: the pipeline and the scenario locations (lines and lead-crm ids). */
export interface ScenarioStage {
  e2e: E2eTarget;
  lines: Record<ScenarioLocation, ScenarioLine>;
  locationIds: Record<ScenarioLocation, string>;
}

/** One text of a played conversation. */
export interface TranscriptLine {
  from: 'caller' | 'bot';
  text: string;
  /** messaging's purpose of a bot text (first_text, conversation_reply, keyword_reply, caller_notice...). */
  purpose?: string | null;
}

/** What happened when a scenario was played, and every expectation it broke. */
export interface ScenarioResult {
  id: string;
  caller: string;
  transcript: TranscriptLine[];
  failures: string[];
}

/** How long one step of the services may take (ms): generous for a 2-core machine running six services. */
const STEP_TIMEOUT_MS = 30_000;
/** Outcomes of messaging's inbound handling that publish the text to conversation-ai (InboundService). */
const PUBLISHED_OUTCOMES = ['received', 'received_loop_paused', 'consent_review_opened', 'consent_review_already_open', 'ambiguous_opted_out'];
/** A scheduling offer ends with this line (BookingService.makeOffer). */
const OFFER_MARK = 'Reply with the number that works.';
/** The bot's questions, recognised by the wording of conversation-ai's reply templates. */
const QUESTIONS: Array<{ detail: KnownDetail | 'urgency'; pattern: RegExp }> = [
  { detail: 'service', pattern: /What do you need help with/ },
  { detail: 'place', pattern: /zip code or city/ },
  { detail: 'when', pattern: /What day and time would work best/ },
  { detail: 'urgency', pattern: /Is this urgent: is anyone in danger/ },
];
/** Emergency numbers a safety line may name (emergency-numbers.constants.ts). */
const EMERGENCY_NUMBER = /\bcall (911|999|112|000|111)\b/gi;

/**
 * Plays one scenario: a missed call from a fresh caller to the location's line (no answer), the first text, then
 * each caller turn once the services have finished with the previous one (messaging processed the text,
 * conversation-ai read it, and its replies are at the carrier; a `pick` also waits for scheduling's offer).
 * Then waits for the expected outcome and checks every expectation. Never throws for a broken expectation:
 * it is listed in `failures` (the suite asserts on them, so a known gap can be asserted still failing).
 */
export async function playScenario(stage: ScenarioStage, s: ConversationScenario): Promise<ScenarioResult> {
  const { e2e } = stage;
  const line = stage.lines[s.location];
  const locationId = stage.locationIds[s.location];
  const caller = newCallerNumber('303');
  const failures: string[] = [];
  const transcript: TranscriptLine[] = [];
  /** Bot texts at the carrier (count) before each caller turn (index = turn - 1). */
  const botBefore: number[] = [];
  /** Whether conversation-ai had flagged the conversation urgent once it read each turn. */
  const urgentAfter: boolean[] = [];
  const botTexts = () => e2e.standIn.sentMessages({ to: caller, from: line.mainLine });
  const wait = async <T>(probe: () => Promise<T | false | undefined | null>, what: string, timeoutMs = STEP_TIMEOUT_MS): Promise<T | undefined> => {
    try {
      return await pollUntil(async () => (await probe()) ?? false, what, timeoutMs, 200);
    } catch {
      failures.push(`timed out waiting for ${what}`);
      return undefined;
    }
  };

  try {
    await e2e.standIn.placeCall({ from: caller, to: line.mainLine, outcome: 'no-answer', ringSeconds: 25 });
    if (!(await wait(async () => botTexts().length >= 1, 'the first text'))) return done();
    let published = 0;
    let offersSeen = 0;
    for (const [index, turn] of s.caller.entries()) {
      let text: string;
      if ('pick' in turn) {
        const offers = await wait(async () => {
          const list = botTexts().filter((m) => m.text.includes(OFFER_MARK));
          return list.length > offersSeen && list;
        }, `scheduling's offer before turn ${index + 1}`);
        if (!offers) break;
        offersSeen = offers.length;
        text = turn.text ?? String(turn.pick);
      } else text = turn.say;
      botBefore.push(botTexts().length);
      const sent = await e2e.standIn.sendText({ from: caller, to: line.mainLine, text });
      transcript.push({ from: 'caller', text });
      const outcome = await wait(async () => {
        const row = (await e2e.db.query<{ outcome: string | null }>(`SELECT outcome FROM messaging.inbound_callback WHERE provider_message_id = $1 AND event_type = 'message-received'`, [sent.messageId])).rows[0];
        return row?.outcome ?? false;
      }, `messaging's handling of turn ${index + 1}`);
      if (!outcome) break;
      if (PUBLISHED_OUTCOMES.includes(outcome)) {
        published += 1;
        const conversation = await wait(async () => {
          const c = await conversationOf(e2e.db, locationId, caller);
          return c && c.inboundMessages >= published && c;
        }, `conversation-ai reading turn ${index + 1}`);
        if (!conversation) break;
        urgentAfter.push(await urgentNotified(stage, locationId, caller));
        // conversation-ai's replies to it (counted on the conversation) reach the carrier.
        await wait(async () => {
          const rows = (await e2e.db.query<{ status: string }>(`SELECT status FROM messaging.outbound_message WHERE location_id = $1 AND to_e164 = $2 AND requested_by = 'conversation-ai'`, [locationId, caller])).rows;
          return rows.length >= conversation.botMessages && rows.every((r) => r.status !== 'queued');
        }, `conversation-ai's replies to turn ${index + 1} at the carrier`);
      } else {
        urgentAfter.push(urgentAfter[urgentAfter.length - 1] ?? false);
        // A keyword (STOP, HELP, START): messaging's own answer, if any, was queued with its handling.
        await wait(async () => {
          const rows = (await e2e.db.query<{ status: string }>(`SELECT status FROM messaging.outbound_message WHERE location_id = $1 AND to_e164 = $2 AND purpose = 'keyword_reply'`, [locationId, caller])).rows;
          return rows.every((r) => r.status !== 'queued');
        }, `messaging's answer to turn ${index + 1}`);
      }
    }
    await checkOutcome(stage, s, locationId, caller, urgentAfter, failures, wait);
    if (s.expect.lead) await checkLead(stage, s.expect.lead, locationId, caller, published, failures, wait);
  } catch (err) {
    failures.push(`error: ${String(err)}`);
  }
  return done();

  function done(): ScenarioResult {
    const bots = botTexts();
    const order: TranscriptLine[] = [];
    let next = 0;
    // Interleave: bot texts before each caller turn, then the turn.
    transcript.forEach((t, i) => {
      for (; next < (botBefore[i] ?? 0); next++) order.push({ from: 'bot', text: bots[next]!.text });
      order.push(t);
    });
    for (; next < bots.length; next++) order.push({ from: 'bot', text: bots[next]!.text });
    failures.push(...conversationChecks(s, botBefore, bots.map((b) => b.text)));
    return { id: s.id, caller, transcript: order, failures };
  }
}

/**
 * Waits until lead-crm has recorded `readings` intent readings of the caller (one per text conversation-ai read), then
 * compares the lead's intent, urgency and service and the need named by the last reading with `expected`.
 */
async function checkLead(
  stage: ScenarioStage,
  expected: NonNullable<ConversationScenario['expect']['lead']>,
  locationId: string,
  caller: string,
  readings: number,
  failures: string[],
  wait: <T>(probe: () => Promise<T | false | undefined | null>, what: string, timeoutMs?: number) => Promise<T | undefined>,
): Promise<void> {
  const { db } = stage.e2e;
  const intents = await wait(async () => {
    const rows = (
      await db.query<{ summary: string }>(
        `SELECT t.summary FROM crm.timeline_entries t JOIN crm.contacts c ON c.id = t.contact_id WHERE t.location_id = $1 AND c.e164 = $2 AND t.kind = 'intent' ORDER BY t.occurred_at, t.sequence`,
        [locationId, caller],
      )
    ).rows;
    return rows.length >= readings && rows;
  }, `lead-crm recording ${readings} intent readings`);
  if (!intents) return;
  const lead = (
    await db.query<{ intent: string | null; urgency: string | null; service_id: string | null }>(
      'SELECT l.intent, l.urgency, l.service_id FROM crm.leads l JOIN crm.contacts c ON c.id = l.contact_id WHERE l.location_id = $1 AND c.e164 = $2 ORDER BY l.created_at DESC LIMIT 1',
      [locationId, caller],
    )
  ).rows[0];
  if (expected.intent && lead?.intent !== expected.intent) failures.push(`the lead's intent is ${lead?.intent ?? 'none'}, not ${expected.intent}`);
  if (expected.urgency && lead?.urgency !== expected.urgency) failures.push(`the lead's urgency is ${lead?.urgency ?? 'none'}, not ${expected.urgency}`);
  if (expected.serviceId && lead?.service_id !== expected.serviceId) failures.push(`the lead's service is ${lead?.service_id ?? 'none'}, not ${expected.serviceId}`);
  const last = intents.at(-1)?.summary ?? '';
  if (expected.need !== undefined && !last.endsWith(`: ${expected.need}`)) failures.push(`the last reading names the need wrongly (want "${expected.need}"): "${last}"`);
}

async function urgentNotified(stage: ScenarioStage, locationId: string, caller: string): Promise<boolean> {
  const row = (await stage.e2e.db.query<{ urgent_notified: boolean }>('SELECT urgent_notified FROM conversation.conversation WHERE location_id = $1 AND caller_e164 = $2', [locationId, caller])).rows[0];
  return row?.urgent_notified ?? false;
}

/** Waits for the scenario's outcome and checks it (and the page's timing) against what the services recorded. */
async function checkOutcome(
  stage: ScenarioStage,
  s: ConversationScenario,
  locationId: string,
  caller: string,
  urgentAfter: boolean[],
  failures: string[],
  wait: <T>(probe: () => Promise<T | false | undefined | null>, what: string, timeoutMs?: number) => Promise<T | undefined>,
): Promise<void> {
  const { e2e } = stage;
  const q = async <T>(sql: string): Promise<T[]> => (await e2e.db.query(sql, [locationId, caller])).rows as T[];
  const line = stage.lines[s.location];
  switch (s.expect.outcome) {
    case 'booked': {
      const booking = await wait(async () => (await q<{ start_at: Date }>(`SELECT start_at FROM scheduling.booking WHERE location_id = $1 AND caller_e164 = $2 AND status = 'confirmed'`))[0], 'a confirmed booking');
      if (booking && s.expect.window) {
        const local = DateTime.fromJSDate(booking.start_at, { zone: line.timeZone });
        const w = s.expect.window;
        const inside = (!w.weekdays || w.weekdays.includes(local.weekday)) && (w.fromHour === undefined || local.hour >= w.fromHour) && (w.toHour === undefined || local.hour < w.toHour);
        if (!inside) failures.push(`booked ${local.toFormat('ccc HH:mm')} local, outside the caller's window (${w.description})`);
      }
      break;
    }
    case 'paged': {
      const page = await wait(async () => {
        const pages = await withPurpose(e2e.db, line.onCall.flatMap((to) => e2e.standIn.sentMessages({ to, from: line.mainLine })).filter((m) => m.text.includes(caller)));
        return pages.find((p) => p.purpose === 'dispatch_page');
      }, 'a dispatch page to the on-call person');
      // scheduling tells the caller (caller_notice) in the transaction that pages: at the carrier, not held.
      if (page) {
        await wait(async () => {
          const rows = (await e2e.db.query<{ status: string }>(`SELECT status FROM messaging.outbound_message WHERE location_id = $1 AND to_e164 = $2 AND purpose = 'caller_notice'`, [locationId, caller])).rows;
          return rows.length > 0 && rows.every((r) => r.status !== 'queued');
        }, "scheduling's notice to the caller at the carrier");
      }
      if (page && s.expect.pagedBy !== undefined && !urgentAfter[s.expect.pagedBy - 1]) {
        failures.push(`not paged once turn ${s.expect.pagedBy} was read (first paged after turn ${urgentAfter.indexOf(true) + 1 || 'none'})`);
      }
      break;
    }
    case 'callback':
      await wait(async () => (await q(`SELECT 1 FROM scheduling.callback_task WHERE location_id = $1 AND caller_e164 = $2 AND reason = 'caller_asked'`))[0], 'a callback task');
      break;
    case 'handed_off':
      // The handoff itself (a callback task scheduled for the same request may move the state on).
      await wait(async () => (await q(`SELECT 1 FROM conversation.conversation WHERE location_id = $1 AND caller_e164 = $2 AND handoff_requested`))[0], 'the conversation handed off to a person');
      break;
    case 'opted_out':
      await wait(async () => (await e2e.db.query(`SELECT 1 FROM messaging.consent_ledger WHERE phone_e164 = $1 AND action = 'opt_out'`, [caller])).rows[0], 'an opt-out in the consent ledger');
      break;
    case 'offered':
      await wait(async () => (await q(`SELECT 1 FROM scheduling.booking_offer WHERE location_id = $1 AND caller_e164 = $2`))[0], 'an offer of slots');
      break;
  }
  if (s.expect.outcome !== 'paged' && urgentAfter.some(Boolean)) failures.push('paged the on-call person, but the caller reported no emergency');
  if (s.expect.outcome !== 'booked') {
    const booked = await q<{ start_at: Date }>(`SELECT start_at FROM scheduling.booking WHERE location_id = $1 AND caller_e164 = $2`);
    const pickedTheDay = (b: { start_at: Date }) => s.expect.dayMayPick?.includes(DateTime.fromJSDate(new Date(b.start_at), { zone: line.timeZone }).weekday) ?? false;
    if (booked.length > 1 || (booked.length === 1 && !pickedTheDay(booked[0]!))) failures.push('booked, but the caller did not pick a slot');
  }
}

/**
 * Checks on the texts alone: no question asked twice, none for a detail the caller already gave, the urgency
 * question asked (or not) as expected, and safety lines naming only the location's emergency number.
 * @param botBefore bot texts at the carrier before each caller turn.
 */
export function conversationChecks(s: ConversationScenario, botBefore: number[], bots: string[]): string[] {
  const failures: string[] = [];
  const asked = new Map<string, number>();
  bots.forEach((text, j) => {
    // The caller turn this text answers: the last turn sent before it.
    const after = botBefore.filter((count) => count <= j).length;
    for (const q of QUESTIONS) {
      if (!q.pattern.test(text)) continue;
      asked.set(q.detail, (asked.get(q.detail) ?? 0) + 1);
      const toldAt = q.detail === 'urgency' ? undefined : s.expect.knows?.[q.detail];
      if (toldAt !== undefined && after >= toldAt) failures.push(`asked for the ${q.detail} after the caller gave it in turn ${toldAt}: "${text}"`);
    }
    if (s.expect.emergencyNumber) {
      for (const m of text.matchAll(EMERGENCY_NUMBER)) if (m[1] !== s.expect.emergencyNumber) failures.push(`a safety line names ${m[1]}, not ${s.expect.emergencyNumber}: "${text}"`);
    }
  });
  for (const [detail, n] of asked) if (n > 1) failures.push(`asked for the ${detail} ${n} times`);
  if (s.expect.asksUrgency === true && !asked.has('urgency')) failures.push('never asked whether it is urgent');
  if (s.expect.asksUrgency === false && asked.has('urgency')) failures.push('asked whether it is urgent, but the caller had said');
  if (s.expect.emergencyNumber && s.expect.outcome === 'paged' && !bots.some((t) => t.includes(`call ${s.expect.emergencyNumber}`))) {
    failures.push(`no text names the emergency number ${s.expect.emergencyNumber}`);
  }
  return failures;
}
