import { type SmsPurpose } from '@textback/contracts';

/**
 * Purposes only messaging's own code may use (in-process, never from a send command on the bus): keyword replies skip
 * the line-type check and quiet hours, first texts skip quiet hours. Any other producer naming them is refused
 * `reserved_purpose` and counted (`textback_sms_refused_total{reason="reserved_purpose"}`).
 */
export const RESERVED_PURPOSES: ReadonlySet<SmsPurpose> = new Set<SmsPurpose>(['keyword_reply', 'first_text']);

/**
 * A confirmation goes out within this many minutes of the ledger entry it answers, or not at all.
 * FCC 47 CFR 64.1200(a)(12) (in force since 2024-04-04): a one-time text confirming an opt-out request is allowed if sent
 * within five minutes of the request; CTIA Messaging Principles and Best Practices (opt-out handling): one
 * confirmation message, no further texts.
 */
export const CONFIRMATION_WINDOW_MS = 5 * 60_000;

/** Rolling window of the hourly cap of automated texts per recipient and location. */
export const HOURLY_CAP_WINDOW_MS = 3_600_000;

/** The producer name messaging gives its own texts (the envelope `source` of its events). */
export const MESSAGING_PRODUCER = '/textback/messaging';

/**
 * Producers whose `automated: false` is believed: staff texts typed in the console (lead-crm) and pages to on-call
 * staff (scheduling). From anyone else a command is decided as automated (caps, pauses, quiet hours apply), so a
 * producer cannot skip them by saying a person typed it.
 */
export const PERSON_TEXT_PRODUCERS: ReadonlySet<string> = new Set(['/textback/lead-crm', '/textback/scheduling']);

/** Producers kept as metric labels; anything else is counted as `other` (the label set stays bounded). */
export const KNOWN_PRODUCERS: ReadonlySet<string> = new Set([
  MESSAGING_PRODUCER,
  '/textback/telephony-ingest',
  '/textback/conversation-ai',
  '/textback/lead-crm',
  '/textback/scheduling',
  '/textback/reporting',
]);
