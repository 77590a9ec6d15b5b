import { type SmsPurpose, type SmsSuppressionReason } from '@textback/contracts';
import { type ComplianceKind } from './send-intent.types';

/** Status of an outbound text in the send queue / message log. */
export type OutboundStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'suppressed' | 'cancelled' | 'expired' | 'unconfirmed';

/**
 * Why messaging did not (or not yet) send an outbound text: a refusal of the send decision (the contract's
 * `smsSuppressionReasonSchema`, published as `messaging.sms.suppressed.v1`) or an end in the queue.
 */
export type SendSuppressionReason = SmsSuppressionReason | 'expired' | 'carrier_rejected' | 'retries_exhausted';

/** A row of `outbound_message`. Instants are UTC. */
export interface OutboundMessage {
  messageId: string;
  commandId: string;
  tenantId: string;
  locationId: string;
  correlationId: string;
  causationId: string | null;
  to: string;
  from: string | null;
  body: string;
  purpose: SmsPurpose;
  automated: boolean;
  requestedBy: string;
  status: OutboundStatus;
  reason: string | null;
  attempts: number;
  nextAttemptAt: Date;
  expiresAt: Date | null;
  provider: string | null;
  providerMessageId: string | null;
  segments: number | null;
  encoding: string | null;
  errorCode: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** Which compliance reply a keyword reply is (null otherwise, and on rows older than the send decision). */
  complianceKind: ComplianceKind | null;
  /** The consent-ledger entry a confirmation answers. */
  consentId: string | null;
  /** Envelope `source` of the send command, or `/textback/messaging`; null on rows older than the send decision. */
  producer: string | null;
  /** Token of the worker claim that holds the row (null when unclaimed). */
  leaseToken: string | null;
  /** Handling attempts of ours that threw (not carrier answers), counted by the shared RetryPolicy. */
  handlingFailures: number;
}
