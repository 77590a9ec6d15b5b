import { z } from 'zod';

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker must be host:port')).min(1));

/** Parses "true"/"false"/"1"/"0" (env vars are strings). */
export const envBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Variables every service reads. Units are in the names: `_MS` milliseconds, `_SECONDS` seconds.
 * - `DATABASE_URL`: PostgreSQL URL; each service uses its own schema in it. With `KAFKA_BROKERS` (and reporting's
 *   `CLICKHOUSE_URL`) it selects the distributed mode; all unset is the embedded mode (every service in one process on
 *   `TEXTBACK_DATA_DIR`, see deployment-mode.ts); some set is an error naming the others ({@link parseEnv}).
 * - `TEXTBACK_DATA_DIR`: the embedded mode's data directory (default `./data`); unused in the distributed mode.
 * - `DATABASE_CONNECT_TIMEOUT_MS` (5 000) / `DATABASE_STATEMENT_TIMEOUT_MS` (0 = none): the pool's bounded waits
 *   (services on the phone path set shorter ones, see docs/operations.md "The phone path fails open").
 * - `KAFKA_BROKERS`: comma-separated host:port list (distributed mode).
 * - `KAFKA_TOPIC_PARTITIONS`: partitions for topics this service creates at start-up.
 * - `CONSUMER_MAX_ATTEMPTS`: handler attempts per Kafka record before it goes to `<topic>.dlq`
 *   (an outage of PostgreSQL or Kafka spends none of them); `CONSUMER_RETRY_BASE_MS` /
 *   `CONSUMER_RETRY_MAX_DELAY_MS`: first and longest delay between attempts, ms (doubling).
 *   Defaults 5 attempts, 500 ms, 10 000 ms: a record is dead-lettered after 7.5 s of failures.
 * - `OUTBOX_MAX_ATTEMPTS`: failed publishes of one outbox row before it is dead-lettered;
 *   `OUTBOX_MAX_BATCH_BYTES`: most bytes the relay sends in one Kafka request, and the largest row it
 *   publishes at all (keep it under the broker's `message.max.bytes`, default 1 048 588, and the
 *   producer's request limit); a larger row is dead-lettered at once (`too_large`).
 * - `JOB_MAX_ATTEMPTS`: failed attempts of one durable job (first-text decisions, inbound sweeps)
 *   before it is parked as dead-lettered with its error; default 10.
 */
export const baseServiceEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  TEXTBACK_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Longest wait for a pooled PostgreSQL connection, ms (pg `connectionTimeoutMillis`). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(50).max(120_000).default(5_000),
  /** Longest a statement may run, ms (PostgreSQL `statement_timeout`, plus pg `query_timeout` 1 s later); 0 = no limit. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
  /**
   * Send a transaction's START TRANSACTION with its first statement (one PostgreSQL round trip fewer per transaction);
   * false sends it on its own, as before (to compare the two on one build).
   */
  DATABASE_FOLD_TRANSACTION_START: envBoolean.default(true),
  KAFKA_BROKERS: csv.optional(),
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(256).default(3),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(5).max(600_000).default(30_000),
  /** Outbox relay: ms it waits after a wake-up so a burst of transactions goes out in one round. */
  OUTBOX_LINGER_MS: z.coerce.number().int().min(0).max(1_000).default(10),
  /**
   * Outbox relay: longest linger, ms, when writer transactions come on average less than this apart (the relay then
   * lingers about one such gap, so a round takes several transactions); 0 = always OUTBOX_LINGER_MS.
   */
  OUTBOX_LINGER_MAX_MS: z.coerce.number().int().min(0).max(1_000).default(40),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  OUTBOX_MAX_BATCH_BYTES: z.coerce.number().int().min(1_024).max(100_000_000).default(900_000),
  JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  CONSUMER_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(500),
  CONSUMER_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(1).max(120_000).default(10_000),
  /** Partitions consumed at once (order is kept per partition); unset = the service's own default. */
  CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  /**
   * Kafka consumer long poll: how long the broker holds a fetch that finds no record, ms (kafkajs `maxWaitTimeInMs`); a
   * record that arrives meanwhile is returned at once. Also the consumer's heartbeat cadence at rest (kafkajs heartbeats
   * between fetches), so keep it at most a third of `KAFKA_SESSION_TIMEOUT_MS`. See docs/round-trips-and-wake-ups.md.
   */
  KAFKA_FETCH_MAX_WAIT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** Kafka consumer heartbeat interval, ms (kafkajs `heartbeatInterval`: the least time between two heartbeats). */
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** Kafka consumer session timeout, ms: a member silent this long is dropped from its group (broker bounds 6 s - 30 min). */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(1_800_000).default(30_000),
  /**
   * Least time between two offset commits of a Kafka consumer, ms (0: after every batch, one OffsetCommit request per
   * batch). A crash or rebalance redelivers at most this long's records (the inbox ignores them); closing commits.
   * See docs/round-trips-and-wake-ups.md.
   */
  KAFKA_COMMIT_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /**
   * Whether the Kafka adapter (`libs/bus/src/adapters/kafka`) fixes kafkajs 2.2.4's idle 1 ms timer loop (default true). `false` only to compare with the
   * unfixed client on the same build (docs/round-trips-and-wake-ups.md "At rest").
   */
  KAFKAJS_IDLE_LOOP_FIX: envBoolean.default(true),
  /**
   * Whether the Kafka adapter times kafkajs's request timeouts with one timer per broker connection at the earliest
   * deadline of its requests in flight (default true), instead of kafkajs's check every 100 ms on every connected
   * connection (`false`: only to compare the two on one build; docs/round-trips-and-wake-ups.md "At rest").
   */
  KAFKAJS_REQUEST_TIMEOUT_AT_DEADLINE: envBoolean.default(true),
  /** How long an unused pooled PostgreSQL connection is kept open, ms (pg-pool `idleTimeoutMillis`; 0 = until the pool ends). */
  DATABASE_POOL_IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).max(86_400_000).default(10_000),
  /**
   * Sampling interval of the event-loop delay histogram behind `nodejs_eventloop_lag_*_seconds`, ms (prom-client's
   * default is 10: 100 wake-ups a second of an otherwise idle process). 100 still sees every stall long enough to matter.
   */
  METRICS_EVENT_LOOP_RESOLUTION_MS: z.coerce.number().int().min(1).max(60_000).default(100),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /**
   * Port of a separate listener that serves only `GET /metrics` (Prometheus), so metrics never
   * answer on the public HTTP port; unset = `/metrics` on HTTP_PORT (local runs).
   */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** OpenAPI UI and JSON at `/docs`: default on, off when NODE_ENV=production; set to override. */
  DOCS_ENABLED: envBoolean.optional(),
});
export type BaseServiceEnv = z.infer<typeof baseServiceEnvSchema>;

/** Whether a service serves its OpenAPI document at `/docs`: DOCS_ENABLED when set, else only outside production. */
export function docsEnabled(env: Pick<BaseServiceEnv, 'NODE_ENV' | 'DOCS_ENABLED'>): boolean {
  return env.DOCS_ENABLED ?? env.NODE_ENV !== 'production';
}
