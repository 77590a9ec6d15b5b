import { toKafkaRecord } from '@textback/kafka';
import { type Contract, type EventEnvelope } from '@textback/contracts';
import { type DataSource, type EntityManager } from 'typeorm';
import { WAKEUP_CHANNEL, wakeupKey } from './database-wakeups';
import { quoteSchema } from './schema-name';
import { runInTransactionScope } from './transaction-scope';
import { type TransactionContext, type TransactionHandle, type TransactionRunner } from './port/transaction-runner';

/** Wake-up queue of the outbox relay ({@link DatabaseWakeups}): NOTIFY `textback_wakeup` with `<schema>.outbox`. */
export const OUTBOX_WAKEUP_QUEUE = 'outbox';

/** Unwraps a transaction handle to TypeORM's EntityManager. For repositories only. */
export function entityManagerOf(handle: TransactionHandle): EntityManager {
  return handle as unknown as EntityManager;
}

/** TypeORM implementation of the {@link TransactionRunner} port for one service schema. */
export class TypeormTransactionRunner implements TransactionRunner {
  private readonly schemaSql: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {
    this.schemaSql = quoteSchema(schema);
  }

  async run<T>(work: (tx: TransactionContext) => Promise<T>): Promise<T> {
    const committed: (() => void)[] = [];
    // No isolation level passed: TypeORM would send it as a second statement (`SET TRANSACTION ISOLATION LEVEL …`) after
    // `START TRANSACTION` in every transaction. READ COMMITTED is the session default of every pooled connection (the
    // PostgreSQL adapter sets `default_transaction_isolation` at connect; PGlite keeps PostgreSQL's default).
    // In a transaction scope of its own, so the embedded store can tell its statements from everybody else's.
    const result = await runInTransactionScope(() => this.dataSource.transaction((manager) => work(this.context(manager, committed))));
    for (const callback of committed) callback();
    return result;
  }

  async runOnce<T>(consumerGroup: string, event: { id: string; type: string }, work: (tx: TransactionContext) => Promise<T>) {
    return this.run(async (tx) => {
      if (!(await tx.claimEvent(consumerGroup, event.id, event.type))) return { duplicate: true as const };
      return { duplicate: false as const, result: await work(tx) };
    });
  }

  private context(manager: EntityManager, committed: (() => void)[]): TransactionContext {
    let notified = false;
    return {
      handle: manager as unknown as TransactionHandle,
      afterCommit: (callback) => {
        committed.push(callback);
      },
      publish: async <T>(contract: Contract, event: EventEnvelope<T>) => {
        const record = toKafkaRecord(contract, event);
        const params = [event.id, record.topic, record.key, record.value, JSON.stringify(record.headers)];
        if (notified) {
          await manager.query(`INSERT INTO ${this.schemaSql}.outbox (id, topic, key, value, headers) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`, params);
          return;
        }
        // The transaction's first outbox row carries the relay's wake-up in the same statement (one round trip, not two):
        // the NOTIFY is delivered at commit, once per transaction.
        notified = true;
        await manager.query(
          `INSERT INTO ${this.schemaSql}.outbox (id, topic, key, value, headers)
           SELECT $1::uuid, $2::text, $3::text, $4::text, $5::jsonb FROM (SELECT pg_notify($6, $7)) AS wakeup ON CONFLICT (id) DO NOTHING`,
          [...params, WAKEUP_CHANNEL, wakeupKey(this.schema, OUTBOX_WAKEUP_QUEUE)],
        );
      },
      claimEvent: async (consumerGroup, eventId, topic) => {
        const rows = (await manager.query(
          `INSERT INTO ${this.schemaSql}.inbox (consumer_group, event_id, topic) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id`,
          [consumerGroup, eventId, topic],
        )) as unknown[];
        return rows.length === 1;
      },
      claimEvents: async (claims) => {
        if (claims.length === 0) return [];
        const rows = (await manager.query(
          `INSERT INTO ${this.schemaSql}.inbox (consumer_group, event_id, topic)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING RETURNING consumer_group, event_id`,
          [claims.map((c) => c.group), claims.map((c) => c.eventId), claims.map((c) => c.topic)],
        )) as { consumer_group: string; event_id: string }[];
        const fresh = new Set(rows.map((row) => `${row.consumer_group}\u0000${row.event_id}`));
        // The first entry of a repeated (group, event id) takes the claim; ON CONFLICT inserted it once.
        return claims.map((c) => fresh.delete(`${c.group}\u0000${c.eventId}`));
      },
    };
  }
}
