import { type SmsPurpose } from '@textback/contracts';

/** Status of an outbound text in the send queue / message log. */
export type OutboundStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'suppressed' | 'cancelled' | 'expired';

/** Why messaging did not (or not yet) send an outbound text. */
export type SendSuppressionReason =
  | 'opted_out'
  | 'paused'
  | 'human_active'
  | 'hourly_cap'
  | 'own_number'
  | 'not_replyable'
  | 'landline'
  | 'not_textable'
  | 'unknown_location'
  | 'sender_not_registered'
  | 'expired'
  | 'carrier_rejected'
  | 'retries_exhausted';

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
}
