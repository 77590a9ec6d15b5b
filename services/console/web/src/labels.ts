// Words the screens show for the projection's codes.
import type { ConversationSource, DispatchSummary, InboxFilter } from './api';

export const STATUS_LABELS: Record<InboxFilter, string> = {
  bot_active: 'Bot active',
  staff: 'Staff',
  waiting_on_caller: 'Waiting on caller',
  booked: 'Booked',
  callback_due: 'Callback due',
  opted_out: 'Opted out',
  urgent: 'Urgent',
};

export const STATUS_COLORS: Record<InboxFilter, string> = {
  bot_active: 'blue',
  staff: 'violet',
  waiting_on_caller: 'grape',
  booked: 'green',
  callback_due: 'orange',
  opted_out: 'gray',
  urgent: 'red',
};

/** How a conversation's lead came in (lead-crm's lead source). */
export const SOURCE_LABELS: Record<ConversationSource, string> = {
  missed_call: 'Missed call',
  inbound_sms: 'Text-in',
  manual: 'Added by staff',
};

/** Why a first text was not sent (messaging's suppression reasons). */
export const FIRST_TEXT_REASONS: Record<string, string> = {
  opted_out: 'caller opted out',
  landline: 'caller is on a landline',
  not_textable: 'number cannot receive texts',
  cooldown: 'already texted recently',
  quiet_hours_deferred: 'held for quiet hours',
  stale: 'too late to text',
  international: 'international caller',
  answered: 'call was answered',
  human_active: 'staff had taken over',
  sender_not_registered: 'no registered sending number',
  short_abandon: 'caller hung up at once',
  anonymous_caller: 'caller withheld their number',
  unknown_location: 'unknown location',
};

/** Why a text was refused by messaging's send decision. */
export const REFUSAL_REASONS: Record<string, string> = {
  opted_out: 'the caller opted out of texts',
  reserved_purpose: 'reserved for compliance replies',
  not_opted_out: 'not opted out',
  confirmation_already_sent: 'confirmation already sent',
  confirmation_window_passed: 'confirmation window passed',
  international: 'international number (callback instead)',
  loop_guard: 'auto-responder loop guard',
  hourly_cap: 'hourly cap reached',
  paused: 'automation paused for review',
  human_active: 'staff have taken over',
  quiet_hours_no_window: 'quiet hours leave no window',
  template_unavailable: 'template unavailable',
  unknown_location: 'unknown location',
  not_replyable: 'not a full phone number',
  own_number: 'one of our own numbers',
  sender_not_registered: 'no registered sending number',
  landline: 'a landline',
  not_textable: 'number cannot receive texts',
};

export const MISSED_REASONS: Record<string, string> = {
  no_answer: 'no answer',
  busy: 'line busy',
  rejected: 'rejected',
  caller_abandoned: 'caller hung up while ringing',
  short_abandon: 'caller hung up at once',
  after_hours: 'after hours',
  voicemail_left: 'voicemail left',
  provider_error: 'carrier error',
};

/** A phone number as people read it (NANP: (303) 555-0123), else as stored. */
export function formatPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

/** A time as `h:mm a` today, or a short date otherwise, in the browser's zone. */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' }) : d.toLocaleString([], { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** Where a page stands, in a sentence (the inbox's dispatch queue and the conversation screen). */
export function describeDispatch(d: DispatchSummary): string {
  switch (d.state) {
    case 'paging':
      return `Paging ${d.pagedName ?? 'on-call'}${d.attempt && d.attempt > 1 ? ` (attempt ${d.attempt})` : ''}${d.ackDeadline ? `, escalates at ${formatWhen(d.ackDeadline)}` : ''}`;
    case 'exhausted':
      return 'Nobody acknowledged the page; nobody is left to page';
    case 'acknowledged':
      return `Page acknowledged by ${d.acknowledgedByName ?? d.acknowledgedBy ?? 'staff'}${d.acknowledgedAt ? ` at ${formatWhen(d.acknowledgedAt)}` : ''}`;
  }
}
