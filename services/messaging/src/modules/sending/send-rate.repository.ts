import { Injectable } from '@nestjs/common';
import { entityManagerOf, type TransactionHandle } from '@textback/persistence';
import { MessagingSchema } from '../shared/messaging-schema';

/**
 * Per-sending-number throughput slots (`send_rate`), shared by every messaging replica: a send takes the number's
 * next free instant and pushes it forward by `segments / messagesPerSecond` seconds (carriers rate-limit 10DLC
 * per segment; Bandwidth messaging/rateLimits.mdx).
 */
@Injectable()
export class SendRateRepository {
  constructor(private readonly schema: MessagingSchema) {}

  /**
   * Takes a slot for `sendingNumber` at `now` when it is free.
   * @returns null when taken; else the instant the number is free again (the caller reschedules).
   */
  async tryTake(tx: TransactionHandle, sendingNumber: string, now: Date, costMs: number): Promise<Date | null> {
    const m = entityManagerOf(tx);
    await m.query(`INSERT INTO ${this.schema.sql}.send_rate (sending_e164, next_free_at) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT pk_send_rate DO NOTHING`, [sendingNumber, now]);
    const taken = (await m.query(
      `UPDATE ${this.schema.sql}.send_rate SET next_free_at = $2::timestamptz + make_interval(secs => $3::double precision / 1000) WHERE sending_e164 = $1 AND next_free_at <= $2 RETURNING sending_e164`,
      [sendingNumber, now, costMs],
    )) as unknown[];
    if (taken.length > 0) return null;
    const rows = (await m.query(`SELECT next_free_at FROM ${this.schema.sql}.send_rate WHERE sending_e164 = $1`, [sendingNumber])) as { next_free_at: Date }[];
    return rows[0]?.next_free_at ?? now;
  }
}
