/** Statuses the inbox filters by (one per conversation, see {@link CONVERSATION_STATUS_SQL}); `urgent` is a flag filter. */
export const CONVERSATION_STATUSES = ['bot_active', 'staff', 'waiting_on_caller', 'booked', 'callback_due', 'opted_out'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
/** Every value of the inbox's status filter. */
export const INBOX_FILTERS = [...CONVERSATION_STATUSES, 'urgent'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

/** Where a conversation's lead came from (lead-crm's lead `source`), the inbox's source filter. */
export const CONVERSATION_SOURCES = ['missed_call', 'inbound_sms', 'manual'] as const;
export type ConversationSource = (typeof CONVERSATION_SOURCES)[number];

/** Who did something on a conversation's timeline. */
export type EntryActor = 'caller' | 'bot' | `staff:${string}` | `automation:${string}`;

/** The projection's change to a conversation's row (only the fields given change). */
export interface ConversationPatch {
  leadId?: string;
  stage?: string;
  humanActive?: boolean;
  takenOverBy?: string | null;
  optedOut?: boolean;
  urgent?: boolean;
  urgency?: string;
  intent?: string;
  need?: string;
  facts?: Record<string, unknown>;
  missedCallReason?: string;
  firstTextOutcome?: string;
  firstTextReason?: string | null;
  callbackDueAt?: Date | null;
  lastPreview?: string;
  source?: string;
  trackingSource?: string | null;
  /** When the caller's latest text was received (kept at the latest of all such events). */
  callerTextAt?: Date;
  /** When the latest text that expects an answer (see {@link ASKING_PURPOSES}) was sent to the caller (kept at the latest). */
  askedCallerAt?: Date;
}

/**
 * Purposes of texts to a caller that expect an answer: the first text, the bot's and staff's replies, follow-ups.
 * Not: `caller_notice` (a confirmation or notice), `keyword_reply` (STOP/HELP answers), `dispatch_page` (to staff).
 */
export const ASKING_PURPOSES: ReadonlySet<string> = new Set(['first_text', 'conversation_reply', 'follow_up', 'manual']);

/** One timeline entry as the projection writes it (its id is the event's, so a redelivery writes nothing). */
export interface NewEntry {
  id: string;
  kind: 'call_missed' | 'first_text' | 'sms_in' | 'sms_out' | 'intent' | 'urgent' | 'takeover' | 'release' | 'stage' | 'opted_out' | 'opted_in' | 'callback' | 'booking' | 'booking_cancelled' | 'page' | 'page_escalated' | 'page_acknowledged';
  occurredAt: Date;
  actor: EntryActor | null;
  body: string | null;
  data: Record<string, unknown>;
}

/** Where a conversation's dispatch stands: paging someone, nobody left to page (unacknowledged), or acknowledged. */
export type DispatchState = 'paging' | 'exhausted' | 'acknowledged';

/**
 * The projection's change to a conversation's dispatch (scheduling's events). Applied so that the order the three
 * topics arrive in does not matter: `acknowledged` is final for its dispatch, an older attempt never replaces a
 * newer one, and a different (newer) dispatch of the same caller replaces the old one.
 */
export type DispatchChange =
  | { kind: 'paged'; dispatchId: string; attempt: number; pagedName: string; ackDeadline: Date }
  | { kind: 'exhausted'; dispatchId: string; attempt: number }
  | { kind: 'acknowledged'; dispatchId: string; acknowledgedBy: string; acknowledgedAt: Date };

/** A conversation's dispatch as the inbox shows it (`acknowledgedByName` resolves a console user id to a name). */
export interface DispatchSummary {
  dispatchId: string;
  state: DispatchState;
  attempt: number | null;
  pagedName: string | null;
  ackDeadline: string | null;
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
  acknowledgedAt: string | null;
}

/** An outbound text's state: requested (command seen), sent to the carrier, or refused by messaging's send decision. */
export type OutboundStatus = 'requested' | 'sent' | 'refused';

/** What one event tells of an outbound text (keyed by its send command id): the projection's `sms_out` entry. */
export interface OutboundChange {
  commandId: string;
  occurredAt: Date;
  actor: EntryActor | null;
  body: string | null;
  status: OutboundStatus;
  reason: string | null;
  data: Record<string, unknown>;
}

/** Whether an actor string is a user id (a uuid) rather than a service's or a person's name. */
export function isUserId(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/** Who asked for a text, from a send command's `requestedBy` (a user id, or a service name). */
export function actorOfRequester(requestedBy: string): EntryActor {
  if (isUserId(requestedBy)) return `staff:${requestedBy.toLowerCase()}`;
  if (requestedBy === 'conversation-ai') return 'bot';
  return `automation:${requestedBy}`;
}

/** An inbox row. */
export interface InboxRow {
  id: string;
  locationId: string;
  locationName: string;
  callerE164: string;
  leadId: string | null;
  status: ConversationStatus;
  urgent: boolean;
  urgency: string | null;
  intent: string | null;
  need: string | null;
  missedCallReason: string | null;
  firstTextOutcome: string | null;
  firstTextReason: string | null;
  takenOverBy: string | null;
  callbackDueAt: string | null;
  lastPreview: string | null;
  /** lead-crm's source of the lead ({@link CONVERSATION_SOURCES}); null before lead-crm opened one. */
  source: string | null;
  /** The tracking number's label the caller dialled (lead-crm's `trackingSource`), or null. */
  trackingSource: string | null;
  lastActivityAt: string;
  /** The latest dispatch (page) for this caller, or null when none. */
  dispatch: DispatchSummary | null;
}

/** A timeline entry as the API returns it (`actorName` resolves staff ids to names). */
export interface TimelineEntry {
  id: string;
  kind: string;
  occurredAt: string;
  actor: string | null;
  actorName: string | null;
  body: string | null;
  status: string | null;
  reason: string | null;
  data: Record<string, unknown>;
}

/** A conversation with its facts and timeline (oldest first). */
export interface ConversationDetail extends InboxRow {
  facts: Record<string, unknown>;
  timeline: TimelineEntry[];
}

/** A location the user may see (for the filter and scoping). */
export interface VisibleLocation {
  locationId: string;
  name: string;
  regionId: string | null;
}
