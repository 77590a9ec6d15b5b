import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@textback/observability';
import { Counter, type Registry } from 'prom-client';

/**
 * Prometheus counters of telephony-ingest:
 * - `textback_call_decisions_total{provider, reason}`: decisions per outcome (`answered` or a
 *   missed-call reason).
 * - `textback_call_webhooks_total{provider, result}`: webhooks by result (`stored`, `duplicate`,
 *   `unroutable`, `orphan`, `malformed`, `unauthorized`).
 */
@Injectable()
export class CallDecisionMetrics {
  readonly decisions: Counter<'provider' | 'reason'>;
  readonly webhooks: Counter<'provider' | 'result'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.decisions = new Counter({ name: 'textback_call_decisions_total', help: 'Missed-call decisions by provider and reason (answered or the missed reason)', labelNames: ['provider', 'reason'], registers: [registry] });
    this.webhooks = new Counter({ name: 'textback_call_webhooks_total', help: 'Carrier voice webhooks by provider and result', labelNames: ['provider', 'result'], registers: [registry] });
  }
}
