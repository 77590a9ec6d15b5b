import { type LocationConfig, type SmsPurpose } from '@textback/contracts';
import { type SendSuppressionReason } from './outbound-message.types';

/** A text some part of messaging wants sent, before the send policy has looked at it. Instants are UTC. */
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
  body: string;
  purpose: SmsPurpose;
  automated: boolean;
  requestedBy: string;
  notBefore?: Date;
  expiresAt?: Date;
  /** The location's config; null when the location is unknown (the send is suppressed). */
  config: LocationConfig | null;
  /**
   * True when the caller (the first-text policy) already checked own number, consent, pauses and line type in the
   * same transaction; the hourly cap and quiet hours still apply.
   */
  prechecked?: boolean;
}

/** The send policy's verdict on an intent. */
export type EnqueueResult =
  | { status: 'queued'; messageId: string; nextAttemptAt: Date; from: string }
  | { status: 'suppressed'; messageId: string; reason: SendSuppressionReason | 'template_unavailable' }
  | { status: 'duplicate' };
