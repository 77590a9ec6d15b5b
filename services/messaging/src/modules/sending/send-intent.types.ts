import { type LocationConfig, type SmsPurpose } from '@textback/contracts';
import { type SmsProvider } from '../carrier/port/sms-carrier.port';
import { type OutboundMessage, type SendSuppressionReason } from './outbound-message.types';

/**
 * Who asked for a text. `messaging`: messaging's own code in this process (first texts, keyword replies).
 * `command`: a `messaging.sms.send.cmd.v1` from the bus; `producer` is its envelope `source` (`/textback/<service>`).
 */
export type SendOrigin = { kind: 'messaging' } | { kind: 'command'; producer: string };

/**
 * Which compliance reply a `keyword_reply` is. Confirmations name the consent-ledger entry they answer
 * (`consentId`): one confirmation per entry, within 5 minutes of it. A START that recorded no opt-in (the number was
 * not opted out) passes `consentId: null` and is refused `not_opted_out`: nothing is confirmed.
 */
export type ComplianceReply =
  | { kind: 'help' }
  | { kind: 'opt_out_confirmation'; consentId: string }
  | { kind: 'opt_in_confirmation'; consentId: string | null };

export type ComplianceKind = ComplianceReply['kind'];

/** A text some part of messaging wants sent, before the send decision has looked at it. Instants are UTC. */
export interface SendIntent {
  /** Idempotency key (the send command id; carried as the carrier message tag). */
  commandId: string;
  tenantId: string;
  locationId: string;
  correlationId: string;
  causationId?: string;
  to: string;
  /** Sending number; absent = the location's registered sending number. */
  from?: string;
  /** The rendered body; null when the command's template cannot be rendered (refused `template_unavailable`). */
  body: string | null;
  purpose: SmsPurpose;
  automated: boolean;
  requestedBy: string;
  notBefore?: Date;
  expiresAt?: Date;
  /** The location's config; null when the location is unknown (the send is refused). */
  config: LocationConfig | null;
  origin: SendOrigin;
  /** Required with purpose `keyword_reply` (and only there). */
  compliance?: ComplianceReply;
}

/**
 * A send queue claim taken in the deciding transaction ({@link SendPolicy.enqueue}): the claim's token (the lease's
 * key, as a queue worker's) and when its lease ends (wall clock, SEND_QUEUE_LEASE_MS from now).
 */
export interface InlineSendClaim {
  token: string;
  leaseUntil: Date;
}

/**
 * A text claimed, checked and stamped for its carrier call in the transaction that queued it: once that transaction
 * commits, the carrier may be called at once ({@link SendQueueWorker.sendPrepared}), as after a queue worker's prepare.
 */
export interface PreparedSend {
  message: OutboundMessage;
  token: string;
  from: string;
  provider: SmsProvider;
}

/** The send policy's verdict on an intent, once stored. */
export type EnqueueResult =
  | { status: 'queued'; messageId: string; nextAttemptAt: Date; from: string; prepared?: PreparedSend }
  | { status: 'suppressed'; messageId: string; reason: SendSuppressionReason }
  | { status: 'duplicate' };
