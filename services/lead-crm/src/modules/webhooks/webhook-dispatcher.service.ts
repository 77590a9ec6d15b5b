import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { METRICS_REGISTRY } from '@textback/observability';
import { DatabaseWakeups, FAILED_ROUND_RETRY_MS, sleepUntilDue, TRANSACTION_RUNNER, type TransactionRunner, type WakeupSubscription } from '@textback/persistence';
import { PLATFORM_ENV, ROOT_LOGGER, SERVICE_DEFINITION, type ServiceDefinition } from '@textback/platform';
import { type Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { type LeadCrmEnv } from '../../config/lead-crm.env';
import { type ClaimedDelivery, WebhookRepository } from './webhook.repository';
import { WebhookHttpClient } from './webhook-http.client';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature.util';

/** Retry delay after failed attempt `attempt` (1-based): base * 2^(attempt-1), capped at one hour. */
export function webhookRetryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(3_600_000, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Outcome of one delivery attempt, the label of `textback_crm_webhook_attempts_total`. */
export type WebhookAttemptOutcome = 'delivered' | 'retry' | 'dead';

/** Wake-up queue of `webhook_deliveries` (its insert trigger, migration 1797800100000; only when rows were inserted, 1798200000000). */
export const WEBHOOK_DELIVERY_WAKEUP_QUEUE = 'webhook_delivery';

/**
 * Sends queued CRM webhooks: keeps up to WEBHOOK_CONCURRENCY POSTs in flight, claiming due
 * deliveries fairly (round-robin across tenants, at most WEBHOOK_ENDPOINT_CONCURRENCY in flight
 * per subscription; see WebhookRepository.claimDue) as slots free up, so an endpoint that never
 * answers holds only its own slots while other tenants' deliveries go out. Each event is POSTed
 * (CloudEvents JSON) signed with HMAC-SHA256 (webhook-signature.util.ts) through
 * {@link WebhookHttpClient} (SSRF checks, timeouts, capped answer). A 2xx delivers; anything else
 * (or a timeout) retries with exponential backoff until WEBHOOK_MAX_ATTEMPTS, then the delivery
 * is dead with its last error; a refused target is dead at once. Same event id on every retry.
 * Every attempt is logged in `webhook_delivery_attempts` and counted in
 * `textback_crm_webhook_attempts_total{outcome}`.
 * It claims again when a delivery is queued (the table's NOTIFY on insert, {@link DatabaseWakeups}, queue
 * `webhook_delivery`), when a sending slot frees, when the earliest retry or lease is due, and at the latest after
 * the safety poll WEBHOOK_POLL_INTERVAL_MS (default 30 s): at rest it sends no statement for 30 s at a time.
 */
@Injectable()
export class WebhookDispatcherService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly inFlight = new Set<Promise<void>>();
  private loop: Promise<void> | null = null;
  private stopped = false;
  private wakeup: WakeupSubscription | null = null;
  private readonly attempts: Counter<'outcome'>;

  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly webhooks: WebhookRepository,
    private readonly http: WebhookHttpClient,
    private readonly wakeups: DatabaseWakeups,
    @Inject(SERVICE_DEFINITION) private readonly definition: ServiceDefinition,
    @Inject(PLATFORM_ENV) private readonly env: LeadCrmEnv,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.attempts = new Counter({
      name: 'textback_crm_webhook_attempts_total',
      help: 'Outbound CRM webhook attempts by outcome (delivered, retry, dead: attempts exhausted or target refused)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    this.wakeup = this.wakeups.subscribe(this.definition.schema, WEBHOOK_DELIVERY_WAKEUP_QUEUE);
    this.loop = this.run(this.wakeup);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wakeup?.close();
    await this.loop;
    await Promise.all([...this.inFlight]);
  }

  /** Claims due deliveries into the free sending slots. @returns how many were started. */
  async fillSlots(): Promise<number> {
    const free = this.env.WEBHOOK_CONCURRENCY - this.inFlight.size;
    if (free <= 0) return 0;
    const leaseSeconds = Math.ceil(this.env.WEBHOOK_TIMEOUT_MS / 1000) + 30;
    const batch = await this.runner.run((tx) => this.webhooks.claimDue(tx, { limit: free, perEndpoint: this.env.WEBHOOK_ENDPOINT_CONCURRENCY, leaseSeconds }));
    for (const d of batch) {
      const sending: Promise<void> = this.send(d)
        .catch((err: unknown) => this.log.error({ err, deliveryId: d.id }, 'webhook attempt could not be recorded; the lease expires and it is retried'))
        .finally(() => {
          this.inFlight.delete(sending);
          this.wakeup?.wake();
        });
      this.inFlight.add(sending);
    }
    return batch.length;
  }

  private async run(wakeup: WakeupSubscription): Promise<void> {
    const safetyMs = this.env.WEBHOOK_POLL_INTERVAL_MS;
    while (!this.stopped) {
      let started = 0;
      let sleepMs = safetyMs;
      try {
        started = await this.fillSlots();
        const full = this.inFlight.size >= this.env.WEBHOOK_CONCURRENCY;
        // Claim again at once while work was found and slots are free; when full, a freed slot wakes the loop.
        if (started > 0 && !full) continue;
        if (!full) {
          const due = await this.runner.run((tx) => this.webhooks.nextDueAt(tx));
          // Due but not claimed while sends are in flight: its endpoint is at its limit; a finished send wakes the loop.
          sleepMs = due && due.getTime() <= Date.now() && this.inFlight.size > 0 ? safetyMs : sleepUntilDue(due, new Date(), safetyMs);
        }
      } catch (err) {
        this.log.error({ err }, 'webhook dispatch failed; will retry');
        sleepMs = Math.min(safetyMs, FAILED_ROUND_RETRY_MS);
      }
      if (this.stopped) break;
      await wakeup.wait(sleepMs);
    }
  }

  private async send(d: ClaimedDelivery): Promise<void> {
    const attempt = d.attempts + 1;
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    const result = await this.http.post(
      d.url,
      {
        'content-type': 'application/json',
        'user-agent': 'Textback-Webhooks/1',
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.signature]: signWebhook(d.secret, timestamp, d.body),
        [WEBHOOK_HEADERS.eventId]: d.eventId,
        [WEBHOOK_HEADERS.eventType]: d.eventType,
      },
      d.body,
    );
    const delivered = result.error === null;
    const retryAt = !delivered && !result.refused && attempt < this.env.WEBHOOK_MAX_ATTEMPTS ? new Date(Date.now() + webhookRetryDelayMs(attempt, this.env.WEBHOOK_RETRY_BASE_MS)) : null;
    await this.runner.run((tx) =>
      this.webhooks.recordAttempt(tx, {
        deliveryId: d.id,
        attempt,
        statusCode: result.statusCode,
        error: result.error,
        durationMs: Math.round(performance.now() - started),
        delivered,
        retryAt,
      }),
    );
    const outcome: WebhookAttemptOutcome = delivered ? 'delivered' : retryAt ? 'retry' : 'dead';
    this.attempts.inc({ outcome });
    if (!delivered) {
      const fields = { deliveryId: d.id, tenantId: d.tenantId, subscriptionId: d.subscriptionId, eventId: d.eventId, attempt, statusCode: result.statusCode, error: result.error, retryAt };
      this.log.warn(fields, retryAt ? 'webhook delivery failed; will retry' : 'webhook delivery dead: attempts exhausted or target refused');
    }
  }
}
