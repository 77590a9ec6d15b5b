import { quoteSchema } from '@textback/persistence';

/**
 * How the embedded bus's positions become the distributed relay's work, per producer schema P (the rule of
 * `textback export`, docs/operations.md "Moving to the distributed mode"):
 *
 * - The groups G are every consuming service of the process (a service whose definition consumes something has one
 *   in-process bus server, its group named after the service) plus any other group found in `bus.cursors`. A group
 *   with no cursor row for P has read nothing of it (position 0).
 * - The horizon of P is the lowest position among G: `min over g in G of bus.cursors(g, P).last_seq`.
 * - An outbox row of P with `seq <= horizon` was consumed (applied, skipped or dead-lettered) by every group: it is
 *   exported as published (its `published_at`, or the export time when the bus had not marked it yet), so the
 *   distributed relay never sends it again as new work.
 * - A row with `seq > horizon` has not reached at least one group: it is exported with `published_at` NULL, so the
 *   distributed relay publishes it to Kafka once; the groups that had applied it already drop it by their inbox
 *   (`(consumer_group, event_id)`, imported with the rest of the schema), reporting by event id in its event store.
 * - A row the relay had dead-lettered (`dead_lettered_at`, never set by the embedded bus) keeps its state.
 */
export interface OutboxHandover {
  /** The producer schema. */
  schema: string;
  /** Every group's position in this schema's outbox (`seq` as text; '0' for a group with no cursor row). */
  cursors: Record<string, string>;
  /** The lowest of `cursors` ('0' when no group consumes). */
  horizon: string;
}

/**
 * The handover of `schema` from the cursors in `bus.cursors` (`rows`, all producer schemas) for `groups`.
 * @param groups the consuming services' names; groups found only in `rows` are added.
 */
export function outboxHandover(schema: string, groups: readonly string[], rows: readonly { consumer_group: string; producer_schema: string; last_seq: string }[]): OutboxHandover {
  const all = new Set([...groups, ...rows.map((r) => r.consumer_group)]);
  const cursors: Record<string, string> = {};
  for (const g of [...all].sort()) cursors[g] = rows.find((r) => r.consumer_group === g && r.producer_schema === schema)?.last_seq ?? '0';
  const positions = Object.values(cursors).map((v) => BigInt(v));
  const horizon = positions.length === 0 ? 0n : positions.reduce((a, b) => (b < a ? b : a));
  return { schema, cursors, horizon: horizon.toString() };
}

/**
 * The SELECT that exports `handover.schema`'s outbox as JSON text (one column `j`), applying the rule above with
 * `exportedAt` (ISO 8601) as the publication time of rows the bus had not marked yet.
 * @throws Error when the horizon is not a decimal integer (it comes from the database: never expected).
 */
export function outboxExportSql(handover: OutboxHandover, exportedAt: string): string {
  if (!/^\d+$/.test(handover.horizon)) throw new Error(`bad outbox horizon ${handover.horizon}`);
  const at = new Date(exportedAt).toISOString();
  return `SELECT (to_jsonb(o) || jsonb_build_object('published_at',
      CASE WHEN o.dead_lettered_at IS NOT NULL THEN o.published_at
           WHEN o.seq <= ${handover.horizon} THEN coalesce(o.published_at, '${at}'::timestamptz)
           ELSE NULL END))::text AS j
    FROM ${quoteSchema(handover.schema)}.outbox o ORDER BY o.seq`;
}
