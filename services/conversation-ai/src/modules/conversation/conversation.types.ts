import { type Intent, type Urgency } from '@textback/contracts';
import { type UrgencyQuestion } from '../understanding/emergency-detector.util';
import { type Hazard, type PreferredTime } from '../understanding/understanding.types';

/**
 * Where a conversation stands. `first_text_sent` (messaging texted the caller after a missed
 * call) -> `engaged` (the caller replied) -> `qualified` (enough captured; scheduling offers) ->
 * `booking_offered` -> `booked`, or `callback_scheduled`, `handed_off` (a person has it), `closed`.
 * Pausing (staff took over) is orthogonal: `paused` is set, the state is kept.
 */
export type ConversationState = 'first_text_sent' | 'engaged' | 'qualified' | 'booking_offered' | 'booked' | 'callback_scheduled' | 'handed_off' | 'closed';

/** States after which a new missed call starts a new conversation. */
export const FINISHED_STATES: readonly ConversationState[] = ['booked', 'callback_scheduled', 'handed_off', 'closed'];

/** A detail the bot may ask for (each at most once); `urgency` is the "is this urgent?" question. */
export type FactSlot = 'service' | 'place' | 'when' | 'urgency';

/** What the conversation knows about the caller's need. */
export interface ConversationFacts {
  intent?: Intent;
  urgency?: Urgency;
  hazard?: Hazard | null;
  serviceId?: string;
  serviceText?: string;
  city?: string;
  zip?: string;
  inServiceArea?: boolean | null;
  preferredTime?: PreferredTime;
  name?: string;
  /** The urgency question the bot asked in its last reply, awaiting the caller's answer (cleared by the next text). */
  urgencyQuestion?: UrgencyQuestion;
}

/** One conversation per location and caller (the `conversation` table). */
export interface Conversation {
  conversationId: string;
  tenantId: string;
  locationId: string;
  /** E.164. */
  callerE164: string;
  callId: string | null;
  /** The missed call id (or first inbound message id) carried on every event. */
  correlationId: string;
  state: ConversationState;
  /** The bot is silent: staff took over, or a text awaits an opt-out review. */
  paused: boolean;
  /**
   * Staff took over and have not released (crm.conversation.taken-over.v1): only their release lifts the pause; a
   * consent review resolved as not an opt-out lifts the review's pause alone.
   */
  takenOver: boolean;
  optedOut: boolean;
  facts: ConversationFacts;
  asked: FactSlot[];
  /** Automated replies sent so far in this conversation. */
  botMessages: number;
  inboundMessages: number;
  /** Consecutive caller messages that added nothing. */
  stalledTurns: number;
  urgentNotified: boolean;
  handoffRequested: boolean;
  lastOfferId: string | null;
}

/** Reasons of conversation.handoff.requested.v1. */
export type HandoffReason = 'asked_for_human' | 'no_progress' | 'needs_review' | 'message_cap' | 'other';

/** Something the flow decided; the service turns each into an event or a send command. */
export type FlowEffect =
  | { kind: 'intent_captured' }
  | { kind: 'urgent'; hazard: Hazard | null; summary: string }
  | { kind: 'qualified'; summary: string }
  | { kind: 'handoff'; reason: HandoffReason; detail?: string }
  | { kind: 'reply'; templateId: string; body: string };

/** Limits of the flow (from the service's env). */
export interface FlowLimits {
  /** Most automated replies per conversation (safety lines excepted). */
  maxBotMessages: number;
  /** Caller messages without progress before a person is asked to take over. */
  maxStalledTurns: number;
}
