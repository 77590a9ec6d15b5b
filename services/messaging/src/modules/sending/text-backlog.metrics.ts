import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@textback/observability';
import { DATA_SOURCE, ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { type DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock/port/clock';
import { MessagingSchema } from '../shared/messaging-schema';

/** Prometheus name of the number of texts due now and not yet handled, by queue. */
export const TEXT_BACKLOG_METRIC = 'textback_text_backlog';
/** Prometheus name of how long the oldest due text has waited past its due time, seconds, by queue. */
export const TEXT_BACKLOG_AGE_METRIC = 'textback_text_backlog_oldest_seconds';
/** Longest a scrape waits for the backlog statement, milliseconds; after it the gauges keep their last values. */
const BACKLOG_READ_BOUND_MS = 1_000;

/** Messaging's two text queues: missed calls waiting for their first-text decision, and texts waiting to be sent. */
export type TextQueue = 'first_text_job' | 'outbound_message';

/** One queue's backlog at an instant. */
export interface TextBacklog {
  queue: TextQueue;
  /** Rows due (not_before / next_attempt_at at or before now) and not parked as dead letters. */
  due: number;
  /** Seconds the oldest of them has waited past its due time; 0 when none is due. */
  oldestSeconds: number;
}

/**
 * Overload made visible (issue #16 item 5): past its capacity the pipeline does not refuse work, texts wait in
 * messaging's queues while voice callbacks keep being answered (telephony-ingest needs neither). These gauges say so:
 * `textback_text_backlog{queue}` and `textback_text_backlog_oldest_seconds{queue}` (queue = first_text_job |
 * outbound_message), read at scrape time with one statement against the service's clock. A text waiting for quiet
 * hours or a retry is not due yet and is not counted. When the database does not answer within 1 s the scrape still
 * answers, with the last values read.
 */
@Injectable()
export class TextBacklogMetrics {
  private last: TextBacklog[] = [];

  constructor(
    private readonly schema: MessagingSchema,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- prom-client calls collect() with the gauge as `this`.
    const self = this;
    const gauge = (name: string, help: string, value: (b: TextBacklog) => number): void => {
      if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
      new Gauge({
        name,
        help,
        labelNames: ['queue'],
        registers: [registry],
        async collect() {
          for (const b of await self.readForScrape()) this.set({ queue: b.queue }, value(b));
        },
      });
    };
    gauge(TEXT_BACKLOG_METRIC, 'Texts due now and not yet handled, by queue (first_text_job: missed calls awaiting their first-text decision; outbound_message: texts awaiting their carrier send)', (b) => b.due);
    gauge(TEXT_BACKLOG_AGE_METRIC, 'Seconds the oldest due text has waited past its due time, by queue (0 when none is due)', (b) => b.oldestSeconds);
  }

  /**
   * Reads both queues' backlog at the service clock's now, one statement.
   * @throws the database's error when it cannot answer.
   */
  async read(): Promise<TextBacklog[]> {
    const s = this.schema.sql;
    const rows = (await this.dataSource.query(
      `SELECT 'first_text_job' AS queue, count(*)::int AS due, COALESCE(EXTRACT(EPOCH FROM ($1::timestamptz - min(not_before))), 0)::float8 AS oldest
         FROM ${s}.first_text_job WHERE not_before <= $1 AND dead_lettered_at IS NULL
       UNION ALL
       SELECT 'outbound_message', count(*)::int, COALESCE(EXTRACT(EPOCH FROM ($1::timestamptz - min(next_attempt_at))), 0)::float8
         FROM ${s}.outbound_message WHERE status = 'queued' AND next_attempt_at <= $1 AND dead_lettered_at IS NULL`,
      [this.clock.now()],
    )) as { queue: TextQueue; due: number; oldest: number }[];
    return rows.map((r) => ({ queue: r.queue, due: r.due, oldestSeconds: Math.max(0, r.oldest) }));
  }

  private async readForScrape(): Promise<TextBacklog[]> {
    let timer: NodeJS.Timeout | undefined;
    try {
      this.last = await Promise.race([
        this.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`text backlog not read within ${BACKLOG_READ_BOUND_MS} ms`)), BACKLOG_READ_BOUND_MS);
        }),
      ]);
    } catch (err) {
      this.log.warn({ err }, 'text backlog not read for this scrape; the gauges keep their last values');
    } finally {
      clearTimeout(timer);
    }
    return this.last;
  }
}
