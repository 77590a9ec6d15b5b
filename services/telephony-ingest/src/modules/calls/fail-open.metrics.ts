import { Inject, Injectable } from '@nestjs/common';
import { CallbackSpool } from '@textback/platform';
import { METRICS_REGISTRY } from '@textback/observability';
import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * Prometheus metrics of the fail-open phone path (docs/operations.md "What an operator watches"):
 * - `textback_voice_answers_total{provider, source}`: voice callbacks answered after their persistence (`persisted`),
 *   from memory because persistence was late or failed (`memory`), or on a fallback URL (`fallback`).
 * - `textback_callbacks_spooled_total{provider, reason}`: callbacks written to the local spool (`late`, `failed`,
 *   `fallback`); `textback_callback_spool_write_failures_total`: spool writes that failed (disk full, read-only):
 *   those callbacks exist only in the carrier's logs, page on any.
 * - `textback_callbacks_replayed_total{result}`: spooled callbacks replayed into PostgreSQL (`applied`; `kept_raw`:
 *   applying failed, kept in `raw_webhook` for the bounded webhook replay; `set_aside`: a segment moved to `.dead`;
 *   `settled`: not applied because the callback's own write committed after it was spooled).
 * - `textback_callback_spool_pending`: callbacks in the spool not yet replayed (should fall back to 0 after an outage).
 */
@Injectable()
export class FailOpenMetrics {
  readonly answers: Counter<'provider' | 'source'>;
  readonly spooled: Counter<'provider' | 'reason'>;
  readonly spoolWriteFailures: Counter;
  readonly replayed: Counter<'result'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry, spool: CallbackSpool) {
    this.answers = new Counter({ name: 'textback_voice_answers_total', help: 'Voice callbacks answered, by where the answer came from (persisted, memory, fallback)', labelNames: ['provider', 'source'], registers: [registry] });
    this.spooled = new Counter({ name: 'textback_callbacks_spooled_total', help: 'Voice callbacks written to the local spool, by reason (late, failed, fallback)', labelNames: ['provider', 'reason'], registers: [registry] });
    this.spoolWriteFailures = new Counter({ name: 'textback_callback_spool_write_failures_total', help: 'Voice callbacks that could not be written to the local spool', registers: [registry] });
    this.replayed = new Counter({ name: 'textback_callbacks_replayed_total', help: 'Spooled voice callbacks replayed into PostgreSQL, by result', labelNames: ['result'], registers: [registry] });
    new Gauge({
      name: 'textback_callback_spool_pending',
      help: 'Voice callbacks in the local spool not yet replayed',
      registers: [registry],
      collect() {
        this.set(spool.pending);
      },
    });
  }
}
