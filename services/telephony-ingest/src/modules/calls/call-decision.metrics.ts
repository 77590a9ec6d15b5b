import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@textback/observability';
import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * Prometheus counters of telephony-ingest:
 * - `textback_call_decisions_total{provider, reason}`: decisions per outcome (`answered` or a
 *   missed-call reason).
 * - `textback_call_webhooks_total{provider, result}`: webhooks by result (`stored`, `duplicate`,
 *   `unroutable`, `orphan`, `malformed`, `unauthorized`).
 * - `textback_callback_batch_size`: webhooks written per transaction (group commit; `_count` = transactions,
 *   `_sum` = webhooks).
 * - `textback_callback_batch_retries_total`: batches whose transaction failed, so that each webhook was retried alone.
 */
@Injectable()
export class CallDecisionMetrics {
  readonly decisions: Counter<'provider' | 'reason'>;
  readonly webhooks: Counter<'provider' | 'result'>;
  readonly batchSize: Histogram;
  readonly batchRetries: Counter;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.decisions = new Counter({ name: 'textback_call_decisions_total', help: 'Missed-call decisions by provider and reason (answered or the missed reason)', labelNames: ['provider', 'reason'], registers: [registry] });
    this.webhooks = new Counter({ name: 'textback_call_webhooks_total', help: 'Carrier voice webhooks by provider and result', labelNames: ['provider', 'result'], registers: [registry] });
    this.batchSize = new Histogram({ name: 'textback_callback_batch_size', help: 'Voice webhooks written per transaction (group commit)', buckets: [1, 2, 4, 8, 16, 32, 64, 128], registers: [registry] });
    this.batchRetries = new Counter({ name: 'textback_callback_batch_retries_total', help: 'Batches of voice webhooks whose transaction failed; each webhook was then retried alone', registers: [registry] });
  }
}
