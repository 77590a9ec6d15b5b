import { type Intent, type LocationConfig, type Urgency } from '@textback/contracts';
import { type PreferredTime, type Understanding } from '../understanding/understanding.types';
import { type Conversation, type ConversationFacts, type FactSlot, FINISHED_STATES, type FlowEffect, type FlowLimits } from './conversation.types';
import { renderReply, type ReplyTemplateId } from './reply-templates.constants';

/** What the flow needs from the location (subset of LocationConfig). */
export type FlowLocation = Pick<LocationConfig, 'businessName' | 'services' | 'serviceArea' | 'templates'>;

/** New state of the conversation and what to emit. */
export interface FlowOutcome {
  conversation: Conversation;
  effects: FlowEffect[];
}

const URGENCY_RANK: Record<Urgency, number> = { routine: 0, soon: 1, emergency: 2 };
/** Intents that say what the caller wants; a later vaguer message does not overwrite them. */
const SPECIFIC_INTENTS: readonly Intent[] = ['book', 'reschedule', 'cancel', 'callback', 'emergency'];

/**
 * The conversation state machine (pure: no I/O, no clock). Rules, in order, for a caller's text:
 * capture the intent (always, unless opted out); a "yes" to the urgency question asked in the previous reply raises
 * `urgent` (any other reply clears the question); an emergency raises `urgent` once, at once, with
 * a safety line when danger is possible, and hands the conversation to a person; while paused
 * (staff took over) or handed off the bot stays silent; a hazard the rules are unsure about makes the reply the
 * urgency question ("is this urgent?"), asked at most once per conversation; spam closes silently, a wrong number
 * closes with one apology, an opt-out closes; a request for a person, to cancel or to reschedule
 * hands off; after an offer or a booking scheduling owns the thread; past the message cap it
 * hands off; otherwise it asks for the first missing detail it has not asked before (service,
 * then place when the location has a service area, then time), one short question per reply,
 * and qualifies the lead when nothing is left to ask. Captured facts are never overwritten by
 * later empty answers and never asked for twice.
 */
export class ConversationFlow {
  constructor(private readonly limits: FlowLimits) {}

  /**
   * A missed call from `callerE164`: starts a conversation (state `first_text_sent`; messaging
   * sends the first text), or starts a fresh one when the previous finished. An active
   * conversation only learns the call id. Returns null when nothing changes.
   */
  startFromMissedCall(existing: Conversation | null, start: { conversationId: string; tenantId: string; locationId: string; callerE164: string; callId: string }): Conversation | null {
    if (existing && existing.optedOut) return null;
    if (existing && !FINISHED_STATES.includes(existing.state)) {
      return existing.callId ? null : { ...existing, callId: start.callId };
    }
    return fresh({ ...start, correlationId: start.callId, state: 'first_text_sent' });
  }

  /**
   * The conversation a caller's text belongs to: the existing one, or a new one in `engaged` when
   * the caller texts first or after a closed conversation (not while opted out or paused).
   */
  startFromInbound(existing: Conversation | null, start: { conversationId: string; tenantId: string; locationId: string; callerE164: string; messageId: string }): Conversation {
    if (existing && (existing.state !== 'closed' || existing.optedOut || existing.paused)) return existing;
    return fresh({ ...start, callId: null, correlationId: start.messageId, state: 'engaged' });
  }

  /** Applies one understood caller message. */
  onInbound(current: Conversation, u: Understanding, location: FlowLocation): FlowOutcome {
    const effects: FlowEffect[] = [];
    if (current.optedOut) return { conversation: { ...current, inboundMessages: current.inboundMessages + 1 }, effects };
    const before = current.facts;
    const facts = mergeFacts(before, u);
    let c: Conversation = { ...current, facts, inboundMessages: current.inboundMessages + 1 };
    if (c.state === 'first_text_sent') c.state = 'engaged';
    effects.push({ kind: 'intent_captured' });
    const reply = (id: ReplyTemplateId, vars: Record<string, string> = {}) => {
      effects.push({ kind: 'reply', templateId: `conversation.${id}`, body: renderReply(id, vars, location.templates) });
      c = { ...c, botMessages: c.botMessages + 1 };
    };
    const handoff = (reason: Extract<FlowEffect, { kind: 'handoff' }>['reason'], detail?: string) => {
      if (!c.handoffRequested) effects.push({ kind: 'handoff', reason, ...(detail ? { detail } : {}) });
      c = { ...c, handoffRequested: true, state: 'handed_off' };
    };

    const pending = current.facts.urgencyQuestion;
    if (pending) {
      // The caller's answer to the urgency question (asked once, in the reply before this text): "yes" pages.
      const { urgencyQuestion: _answered, ...rest } = c.facts;
      c = { ...c, facts: rest };
      if (u.urgencyAnswer === 'no' && u.intent !== 'emergency' && u.urgency !== 'emergency' && !c.urgentNotified) {
        // "no, it can wait": the caller says it is not urgent, so the lead is routine (not `soon` from "today"), and a
        // time in the answer ("it can wait till Monday") replaces the one said with the hazard ("can you come today?").
        c = { ...c, facts: { ...c.facts, urgency: 'routine', ...(u.when ? { preferredTime: u.when } : {}) } };
      }
      if (u.urgencyAnswer === 'yes' && u.intent !== 'opt_out' && !c.urgentNotified) {
        effects.push({ kind: 'urgent', hazard: pending.hazard, summary: `${pending.hazardId.replace(/_/g, ' ')}: caller confirmed urgent ("${pending.cue}")`.slice(0, 140) });
        c = { ...c, facts: { ...c.facts, urgency: 'emergency', ...(pending.hazard ? { hazard: pending.hazard } : {}) }, urgentNotified: true, state: 'handed_off', handoffRequested: true };
        if (!c.paused) reply('urgent_ack', { safetyLine: pending.safetyLine });
        return { conversation: c, effects };
      }
    }
    if (u.intent === 'emergency' || u.urgency === 'emergency') {
      if (c.urgentNotified) return { conversation: c, effects };
      effects.push({ kind: 'urgent', hazard: u.hazard, summary: urgentSummary(u, facts) });
      c = { ...c, urgentNotified: true, state: 'handed_off', handoffRequested: true };
      if (!c.paused) reply('urgent_ack', { safetyLine: u.safetyLine ?? '' });
      return { conversation: c, effects };
    }
    if (c.paused || c.state === 'handed_off' || c.state === 'closed') return { conversation: c, effects };
    const mayAsk = u.intent === 'book' || u.intent === 'question' || u.intent === 'callback' || u.intent === 'other';
    if (u.urgencyQuestion && mayAsk && !c.urgentNotified && !c.asked.includes('urgency')) {
      // A hazard the rules are unsure about: ask once, plainly, before anything else; "yes" to it pages.
      c = { ...c, asked: [...c.asked, 'urgency'], facts: { ...c.facts, urgencyQuestion: u.urgencyQuestion } };
      reply('ask_urgent');
      return { conversation: c, effects };
    }

    switch (u.intent) {
      case 'spam':
        return { conversation: { ...c, state: 'closed' }, effects };
      case 'opt_out':
        return { conversation: { ...c, state: 'closed', optedOut: true }, effects };
      case 'wrong_number':
        reply('wrong_number');
        return { conversation: { ...c, state: 'closed' }, effects };
      case 'cancel':
      case 'reschedule':
        handoff('other', `caller asked to ${u.intent}`);
        reply('change_ack');
        return { conversation: c, effects };
      case 'book':
      case 'question':
      case 'callback':
      case 'other':
        break;
    }
    if (u.asksForHuman) {
      handoff('asked_for_human');
      reply('handoff_ack');
      return { conversation: c, effects };
    }
    if (c.state === 'booking_offered' || c.state === 'booked' || c.state === 'callback_scheduled') return { conversation: c, effects };

    const progressed = addedFacts(before, facts);
    if (c.state === 'qualified') {
      c = { ...c, stalledTurns: progressed ? 0 : c.stalledTurns + 1 };
      if (c.stalledTurns >= this.limits.maxStalledTurns) {
        handoff('no_progress', `${c.stalledTurns} messages after qualification without an offer`);
        reply('no_progress');
      }
      return { conversation: c, effects };
    }
    if (c.botMessages >= this.limits.maxBotMessages) {
      handoff('message_cap', `${c.botMessages} automated replies`);
      return { conversation: c, effects };
    }
    const next = nextQuestion(c, location);
    if (next) {
      c = { ...c, asked: [...c.asked, next], stalledTurns: progressed ? 0 : c.stalledTurns + 1 };
      const id: ReplyTemplateId = next === 'service' ? 'ask_service' : next === 'place' ? 'ask_place' : 'ask_when';
      const examples = location.services.slice(0, 3).map((s) => s.name.toLowerCase());
      const body = renderReply(id, { examples: examples.length > 0 ? ` (for example ${examples.join(', ')})` : '' }, location.templates);
      const ack = u.intent === 'question' ? renderReply('question_ack', {}, location.templates) : '';
      effects.push({ kind: 'reply', templateId: `conversation.${id}`, body: `${ack} ${body}`.trim() });
      c = { ...c, botMessages: c.botMessages + 1 };
      return { conversation: c, effects };
    }
    if (!facts.serviceId && !facts.serviceText && facts.intent !== 'callback') {
      handoff('no_progress', 'no service captured after every question was asked');
      reply('no_progress');
      return { conversation: c, effects };
    }
    c = { ...c, state: 'qualified', stalledTurns: 0 };
    effects.push({ kind: 'qualified', summary: qualifiedSummary(facts, location) });
    const name = facts.name && !facts.name.startsWith('[') ? `, ${facts.name.split(' ')[0]}` : '';
    if (facts.inServiceArea === false && (facts.city || facts.zip)) reply('out_of_area', { place: facts.city ?? facts.zip ?? '' });
    else if (facts.intent === 'callback') reply('qualified_callback', { name });
    else reply('qualified_book', { name, service: serviceLabel(facts, location) ? ` for ${serviceLabel(facts, location)}` : '' });
    return { conversation: c, effects };
  }

  /** Staff took over: the bot pauses (state kept). */
  onTakenOver(c: Conversation): Conversation {
    return { ...c, paused: true, takenOver: true };
  }

  /** Staff released: the bot resumes; a handed-off conversation is engaged again. */
  onReleased(c: Conversation): Conversation {
    return { ...c, paused: false, takenOver: false, stalledTurns: 0, handoffRequested: false, state: c.state === 'handed_off' ? 'engaged' : c.state };
  }

  /**
   * A consent review of the caller's text was resolved as not an opt-out: the review's pause ends, as after a release,
   * unless staff have taken the conversation over (their pause stays until they release it).
   */
  onReviewCleared(c: Conversation): Conversation {
    return c.takenOver ? c : this.onReleased(c);
  }

  /** scheduling offered slots (it texts them itself and reads the caller's pick). */
  onBookingOffered(c: Conversation, offerId: string): Conversation {
    if (c.state === 'booked' || c.state === 'closed') return c;
    return { ...c, state: 'booking_offered', lastOfferId: offerId };
  }

  onBookingConfirmed(c: Conversation): Conversation {
    return { ...c, state: 'booked' };
  }

  onCallbackScheduled(c: Conversation): Conversation {
    return c.state === 'booked' ? c : { ...c, state: 'callback_scheduled' };
  }

  /** The caller opted out: no automated text follows. */
  onOptedOut(c: Conversation): Conversation {
    return { ...c, optedOut: true, state: 'closed' };
  }
}

function fresh(s: { conversationId: string; tenantId: string; locationId: string; callerE164: string; callId: string | null; correlationId: string; state: Conversation['state'] }): Conversation {
  return { ...s, paused: false, takenOver: false, optedOut: false, facts: {}, asked: [], botMessages: 0, inboundMessages: 0, stalledTurns: 0, urgentNotified: false, handoffRequested: false, lastOfferId: null };
}

/**
 * Adds what `u` captured to `facts` without overwriting a known detail with a vaguer one: the intent only with a more
 * informative one (a message of `other`, such as a bare zip, name or "ok", never replaces it), urgency only upwards,
 * service, place and name only when still unknown, the preferred time also when the caller changes their mind.
 */
export function mergeFacts(facts: ConversationFacts, u: Understanding): ConversationFacts {
  const next: ConversationFacts = { ...facts };
  if (!next.intent || (SPECIFIC_INTENTS.includes(u.intent) && !(next.intent === 'emergency')) || (!SPECIFIC_INTENTS.includes(next.intent) && u.intent !== 'other')) {
    if (u.intent !== 'spam' && u.intent !== 'wrong_number' && u.intent !== 'opt_out') next.intent = u.intent;
    else if (!next.intent) next.intent = u.intent;
  }
  if (u.urgency !== 'none' && (!next.urgency || URGENCY_RANK[u.urgency] > URGENCY_RANK[next.urgency])) next.urgency = u.urgency;
  if (u.hazard) next.hazard = u.hazard;
  if (u.service && !next.serviceId) {
    next.serviceId = u.service.serviceId;
    next.serviceText = u.service.text;
  } else if (u.serviceText && !next.serviceId && !next.serviceText) next.serviceText = u.serviceText;
  if (u.place && !next.city && !next.zip) {
    if (u.place.city) next.city = u.place.city;
    if (u.place.zip) next.zip = u.place.zip;
    next.inServiceArea = u.place.inServiceArea;
  }
  // A time said later replaces the first only as a change of mind ("actually Saturday works better").
  if (u.when && (!next.preferredTime || u.changesTime)) next.preferredTime = u.when;
  if (u.name && !next.name) next.name = u.name;
  return next;
}

/** Intents scheduling acts on every time conversation.intent.captured.v1 carries one (cancels or re-offers a booking). */
const ACTED_ON_PER_EVENT: readonly Intent[] = ['cancel', 'reschedule'];
/** Intents a message may carry without saying what the caller wants beyond what the conversation knows. */
const CARRIES_NO_NEW_INTENT: readonly Intent[] = ['book', 'question', 'other'];

/** What conversation.intent.captured.v1 carries after a caller's message (see {@link capturedDetails}). */
export interface CapturedDetails {
  intent: Intent;
  urgency: Urgency;
  serviceId?: string;
  serviceText?: string;
  city?: string;
  zip?: string;
  preferredTime?: PreferredTime;
  name?: string;
}

/**
 * The intent, urgency and details conversation.intent.captured.v1 publishes after message `u` was applied to `c`:
 * the conversation's merged facts (lead-crm and the console patch the lead from every such event), so a later message
 * that carries only a detail ("80202", "it's Maria", "ok", "?") never turns the lead's intent into `other` or
 * `question`, its urgency into `routine`, or its need into nothing. The message's own intent is published when it is a
 * new one (callback, cancel, reschedule, emergency, spam, wrong number, opt-out), and whenever the conversation's is
 * cancel or reschedule: scheduling acts on each event carrying those, so they are never repeated for a later "ok".
 * Details the facts lack (a paused conversation does not merge) are the message's.
 */
export function capturedDetails(c: Conversation, u: Understanding): CapturedDetails {
  const f = c.facts;
  const known = f.intent;
  const intent = known && CARRIES_NO_NEW_INTENT.includes(u.intent) && !ACTED_ON_PER_EVENT.includes(known) ? known : u.intent;
  const urgency: Urgency = f.urgency ?? (u.urgency === 'none' ? 'routine' : u.urgency);
  const serviceId = f.serviceId ?? u.service?.serviceId;
  const serviceText = f.serviceText ?? u.serviceText ?? undefined;
  const city = f.city ?? u.place?.city;
  const zip = f.zip ?? u.place?.zip;
  const preferredTime = f.preferredTime ?? u.when ?? undefined;
  const name = f.name ?? u.name ?? undefined;
  return {
    intent,
    urgency,
    ...(serviceId ? { serviceId } : {}),
    ...(serviceText ? { serviceText } : {}),
    ...(city ? { city } : {}),
    ...(zip ? { zip } : {}),
    ...(preferredTime ? { preferredTime } : {}),
    ...(name ? { name } : {}),
  };
}

function addedFacts(a: ConversationFacts, b: ConversationFacts): boolean {
  return (['serviceId', 'serviceText', 'city', 'zip', 'preferredTime', 'name'] as const).some((k) => a[k] === undefined && b[k] !== undefined);
}

function nextQuestion(c: Conversation, location: FlowLocation): FactSlot | null {
  const f = c.facts;
  const wanted: FactSlot[] = [];
  if (!f.serviceId && !f.serviceText && f.intent !== 'callback') wanted.push('service');
  const areaKnown = location.serviceArea.cities.length > 0 || location.serviceArea.zips.length > 0;
  if (areaKnown && !f.city && !f.zip) wanted.push('place');
  if (!f.preferredTime && f.intent !== 'callback') wanted.push('when');
  return wanted.find((slot) => !c.asked.includes(slot)) ?? null;
}

function serviceLabel(f: ConversationFacts, location: FlowLocation): string | null {
  if (f.serviceId) return location.services.find((s) => s.serviceId === f.serviceId)?.name.toLowerCase() ?? f.serviceText ?? null;
  return f.serviceText ?? null;
}

/** One line for staff, from captured facts only. */
export function qualifiedSummary(f: ConversationFacts, location: FlowLocation): string {
  const parts = [
    f.intent ?? 'lead',
    serviceLabel(f, location),
    f.city ?? f.zip ?? null,
    f.inServiceArea === false ? 'outside service area' : null,
    f.preferredTime ? `wants ${f.preferredTime.text}` : null,
    f.urgency && f.urgency !== 'routine' ? f.urgency : null,
    f.name ? `name ${f.name}` : null,
  ];
  return parts.filter((p): p is string => !!p).join(' · ');
}

function urgentSummary(u: Understanding, f: ConversationFacts): string {
  const what = u.hazard ? u.hazard.replace('_', ' ') : 'emergency';
  const cue = u.emergencyCue ? `"${u.emergencyCue}"` : 'caller reports an emergency';
  const where = f.city ?? f.zip;
  return `${what}: ${cue}${where ? ` in ${where}` : ''}`.slice(0, 140);
}
