/** Statuses the inbox filters by (one per conversation, see {@link CONVERSATION_STATUS_SQL}); `urgent` is a flag filter. */
export const CONVERSATION_STATUSES = ['bot_active', 'staff', 'booked', 'callback_due', 'opted_out'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
/** Every value of the inbox's status filter. */
export const INBOX_FILTERS = [...CONVERSATION_STATUSES, 'urgent'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

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
}

/** One timeline entry as the projection writes it (its id is the event's, so a redelivery writes nothing). */
export interface NewEntry {
  id: string;
  kind: 'call_missed' | 'first_text' | 'sms_in' | 'sms_out' | 'intent' | 'urgent' | 'takeover' | 'release' | 'stage' | 'opted_out' | 'opted_in' | 'callback';
  occurredAt: Date;
  actor: EntryActor | null;
  body: string | null;
  data: Record<string, unknown>;
}

/** An outbound text's state: requested (command seen), sent to the carrier, or refused by messaging's send decision. */
export type OutboundStatus = 'requested' | 'sent' | 'refused';

/** Who asked for a text, from a send command's `requestedBy` (a user id, or a service name). */
export function actorOfRequester(requestedBy: string): EntryActor {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(requestedBy)) return `staff:${requestedBy.toLowerCase()}`;
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
  lastActivityAt: string;
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
