import { Injectable } from '@nestjs/common';
import { entityManagerOf, type TransactionHandle } from '@textback/persistence';
import { MessagingSchema } from '../shared/messaging-schema';

/** Automation state of one caller's conversation at one location. */
export interface ConversationState {
  pausedReason: string | null;
  humanActive: boolean;
  lastInboundAt: Date | null;
}

/** SQL of `conversation_state` (pauses, human takeover, last inbound text). */
@Injectable()
export class ConversationStateRepository {
  constructor(private readonly schema: MessagingSchema) {}

  async get(tx: TransactionHandle, locationId: string, caller: string): Promise<ConversationState> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT paused_reason, human_active, last_inbound_at FROM ${this.schema.sql}.conversation_state WHERE location_id = $1 AND caller_e164 = $2`,
      [locationId, caller],
    )) as { paused_reason: string | null; human_active: boolean; last_inbound_at: Date | null }[];
    const r = rows[0];
    return { pausedReason: r?.paused_reason ?? null, humanActive: r?.human_active ?? false, lastInboundAt: r?.last_inbound_at ?? null };
  }

  /** Pauses automation (natural-language stop request, auto-responder loop); null `reason` resumes it. */
  async setPaused(tx: TransactionHandle, locationId: string, caller: string, reason: string | null, at: Date): Promise<void> {
    await entityManagerOf(tx).query(
      `INSERT INTO ${this.schema.sql}.conversation_state (location_id, caller_e164, paused_reason, paused_at) VALUES ($1,$2,$3,$4)
       ON CONFLICT ON CONSTRAINT pk_conversation_state DO UPDATE SET paused_reason = EXCLUDED.paused_reason, paused_at = EXCLUDED.paused_at`,
      [locationId, caller, reason, reason ? at : null],
    );
  }

  async setHumanActive(tx: TransactionHandle, locationId: string, caller: string, active: boolean): Promise<void> {
    await entityManagerOf(tx).query(
      `INSERT INTO ${this.schema.sql}.conversation_state (location_id, caller_e164, human_active) VALUES ($1,$2,$3)
       ON CONFLICT ON CONSTRAINT pk_conversation_state DO UPDATE SET human_active = EXCLUDED.human_active`,
      [locationId, caller, active],
    );
  }

  async touchInbound(tx: TransactionHandle, locationId: string, caller: string, at: Date): Promise<void> {
    await entityManagerOf(tx).query(
      `INSERT INTO ${this.schema.sql}.conversation_state (location_id, caller_e164, last_inbound_at) VALUES ($1,$2,$3)
       ON CONFLICT ON CONSTRAINT pk_conversation_state DO UPDATE SET last_inbound_at = GREATEST(${this.schema.sql}.conversation_state.last_inbound_at, EXCLUDED.last_inbound_at)`,
      [locationId, caller, at],
    );
  }
}
