import { Counter, type Registry } from 'prom-client';

/** Name of the counter every dead-letter place increments. */
export const DEAD_LETTERS_METRIC = 'textback_dead_letters_total';

/**
 * Where a dead letter came from (label `source`):
 * - `kafka_consumer`: a record copied to `<topic>.dlq` (label `queue` = the original topic);
 * - `outbox`: an outbox row the relay gave up on (`queue` = the row's topic);
 * - `job`: a row of a durable job or send queue parked as dead (`queue` = the table, e.g. `first_text_job`);
 * - `timer`: a durable timer parked as failed (`queue` = `timer:<kind>`);
 * - `in_process_bus`: an outbox row the embedded mode's in-process bus gave up on for one consumer group (`queue` = the
 *   row's topic; the row is in `bus.dead_letters`).
 */
export type DeadLetterSource = 'kafka_consumer' | 'outbox' | 'job' | 'timer' | 'in_process_bus';

/** Labels of {@link DEAD_LETTERS_METRIC}: `reason` is a short code (`schema`, `retries_exhausted`, `too_large`...). */
export type DeadLetterLabel = 'source' | 'queue' | 'reason';

/**
 * The `textback_dead_letters_total{source,queue,reason}` counter of `registry`, created on first use and shared
 * afterwards (prom-client refuses a second registration of one name, and several components of a service count
 * into the same series).
 */
export function deadLetterCounter(registry: Registry): Counter<DeadLetterLabel> {
  const existing = registry.getSingleMetric(DEAD_LETTERS_METRIC);
  if (existing) return existing as Counter<DeadLetterLabel>;
  return new Counter({
    name: DEAD_LETTERS_METRIC,
    help: 'Work given up after its attempts (or refused at once), parked for an operator: textback dead-letters list',
    labelNames: ['source', 'queue', 'reason'],
    registers: [registry],
  });
}
