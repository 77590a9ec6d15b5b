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
   * Takes a slot for `sendingNumber` at `now` (costing `costMs` milliseconds of the number's throughput) when it is
   * free, in `tx`: the caller's short per-message prepare transaction, which commits before the carrier call, so the
   * number's row is never locked while a text waits on the carrier. A prepare that rolls back gives its slot back (the
   * text was not handed to the carrier). In `tx` rather than on a connection of its own: a second checkout inside a
   * transaction waits for itself on the embedded store's one session.
   * @returns null when taken; else the instant the number is free again (the caller reschedules).
   */
  async tryTake(tx: TransactionHandle, sendingNumber: string, now: Date, costMs: number): Promise<Date | null> {
    const rows = (await entityManagerOf(tx).query(
      `WITH upserted AS (
         INSERT INTO ${this.schema.sql}.send_rate AS r (sending_e164, next_free_at) VALUES ($1, $2::timestamptz + make_interval(secs => $3::double precision / 1000))
         ON CONFLICT ON CONSTRAINT pk_send_rate DO UPDATE SET next_free_at = EXCLUDED.next_free_at WHERE r.next_free_at <= $2
         RETURNING true AS taken)
       SELECT (SELECT taken FROM upserted) AS taken, (SELECT next_free_at FROM ${this.schema.sql}.send_rate WHERE sending_e164 = $1) AS next_free_at`,
      [sendingNumber, now, costMs],
    )) as { taken: boolean | null; next_free_at: Date | null }[];
    const row = rows[0];
    if (row?.taken) return null;
    return row?.next_free_at ?? now;
  }
}
