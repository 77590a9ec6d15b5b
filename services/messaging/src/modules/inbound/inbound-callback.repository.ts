import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@textback/platform';
import { entityManagerOf, type TransactionHandle } from '@textback/persistence';
import { type DataSource } from 'typeorm';
import { MessagingSchema } from '../shared/messaging-schema';

/** A stored provider callback (raw event JSON), processed after it is acknowledged. */
export interface StoredCallback {
  callbackId: string;
  provider: string;
  providerMessageId: string;
  eventType: string;
  payload: unknown;
  receivedAt: Date;
}

/** SQL of `inbound_callback`: callbacks are stored before the 2xx, de-duplicated on (provider, message id, type). */
@Injectable()
export class InboundCallbackRepository {
  constructor(
    private readonly schema: MessagingSchema,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  /**
   * Stores callbacks in one transaction; duplicates (at-least-once redelivery) are skipped.
   * @returns the callbacks newly stored.
   */
  async storeAll(callbacks: StoredCallback[]): Promise<StoredCallback[]> {
    return this.dataSource.transaction(async (m) => {
      const stored: StoredCallback[] = [];
      for (const c of callbacks) {
        const rows = (await m.query(
          `INSERT INTO ${this.schema.sql}.inbound_callback (callback_id, provider, provider_message_id, event_type, payload, received_at) VALUES ($1,$2,$3,$4,$5,$6)
           ON CONFLICT ON CONSTRAINT uq_inbound_callback DO NOTHING RETURNING callback_id`,
          [c.callbackId, c.provider, c.providerMessageId, c.eventType, JSON.stringify(c.payload), c.receivedAt],
        )) as unknown[];
        if (rows.length > 0) stored.push(c);
      }
      return stored;
    });
  }

  /** Locks one unprocessed callback for processing (FOR UPDATE SKIP LOCKED); null when it is done or taken. */
  async lockUnprocessed(tx: TransactionHandle, callbackId: string): Promise<StoredCallback | null> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT callback_id, provider, provider_message_id, event_type, payload, received_at FROM ${this.schema.sql}.inbound_callback WHERE callback_id = $1 AND processed_at IS NULL FOR UPDATE SKIP LOCKED`,
      [callbackId],
    )) as { callback_id: string; provider: string; provider_message_id: string; event_type: string; payload: unknown; received_at: Date }[];
    const r = rows[0];
    return r ? { callbackId: r.callback_id, provider: r.provider, providerMessageId: r.provider_message_id, eventType: r.event_type, payload: r.payload, receivedAt: r.received_at } : null;
  }

  async markProcessed(tx: TransactionHandle, callbackId: string, outcome: string, at: Date): Promise<void> {
    await entityManagerOf(tx).query(`UPDATE ${this.schema.sql}.inbound_callback SET processed_at = $2, outcome = $3 WHERE callback_id = $1`, [callbackId, at, outcome]);
  }

  /** Ids of callbacks still unprocessed that were received before `before` (for the sweeper). */
  async listStale(before: Date, limit: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT callback_id FROM ${this.schema.sql}.inbound_callback WHERE processed_at IS NULL AND received_at < $1 ORDER BY received_at LIMIT $2`,
      [before, limit],
    )) as { callback_id: string }[];
    return rows.map((r) => r.callback_id);
  }

  /**
   * Inbound texts from `from` to `to` since `since`: their count and how many repeat `body` exactly (auto-responder
   * signals). Reads both stored shapes: Bandwidth events (`message.from`, `to`, `message.text`) and Twilio forms
   * (`params.From`, `params.To`, `params.Body`).
   */
  async recentInbound(tx: TransactionHandle, from: string, to: string, since: Date, body: string): Promise<{ count: number; sameBody: number }> {
    const rows = (await entityManagerOf(tx).query(
      `SELECT count(*)::int AS count, count(*) FILTER (WHERE COALESCE(payload->'message'->>'text', payload->'params'->>'Body') = $4)::int AS same_body FROM ${this.schema.sql}.inbound_callback
       WHERE event_type = 'message-received' AND COALESCE(payload->'message'->>'from', payload->'params'->>'From') = $1
         AND COALESCE(payload->>'to', payload->'params'->>'To') = $2 AND received_at >= $3`,
      [from, to, since, body],
    )) as { count: number; same_body: number }[];
    return { count: rows[0]?.count ?? 0, sameBody: rows[0]?.same_body ?? 0 };
  }
}
