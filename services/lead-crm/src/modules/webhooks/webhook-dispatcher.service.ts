import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { TRANSACTION_RUNNER, type TransactionRunner } from '@textback/persistence';
import { PLATFORM_ENV, ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { type LeadCrmEnv } from '../../config/lead-crm.env';
import { type ClaimedDelivery, WebhookRepository } from './webhook.repository';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature.util';

/** Retry delay after failed attempt `attempt` (1-based): base * 2^(attempt-1), capped at one hour. */
export function webhookRetryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(3_600_000, baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Sends queued CRM webhooks: claims due deliveries, POSTs each event (CloudEvents JSON) signed
 * with HMAC-SHA256 (see webhook-signature.util.ts), and records the attempt. A 2xx answer
 * delivers; anything else (or a timeout) retries with exponential backoff until
 * WEBHOOK_MAX_ATTEMPTS, then the delivery is marked failed. Same event id on every retry.
 */
@Injectable()
export class WebhookDispatcherService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly webhooks: WebhookRepository,
    @Inject(PLATFORM_ENV) private readonly env: LeadCrmEnv,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Sends every due delivery once (claims in batches of 20). @returns how many were attempted. */
  async dispatchDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.runner.run((tx) => this.webhooks.claimDue(tx, 20, Math.ceil(this.env.WEBHOOK_TIMEOUT_MS / 1000) + 30));
      if (batch.length === 0) return total;
      await Promise.all(batch.map((d) => this.send(d)));
      total += batch.length;
      if (this.stopped) return total;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.dispatchDue()
        .then(() => undefined)
        .catch((err: unknown) => this.log.error({ err }, 'webhook dispatch failed; will retry'))
        .finally(() => this.schedule());
    }, this.env.WEBHOOK_POLL_INTERVAL_MS);
  }

  private async send(d: ClaimedDelivery): Promise<void> {
    const attempt = d.attempts + 1;
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Textback-Webhooks/1',
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook(d.secret, timestamp, d.body),
          [WEBHOOK_HEADERS.eventId]: d.eventId,
          [WEBHOOK_HEADERS.eventType]: d.eventType,
        },
        body: d.body,
        signal: AbortSignal.timeout(this.env.WEBHOOK_TIMEOUT_MS),
        redirect: 'manual',
      });
      statusCode = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const delivered = error === null;
    const retryAt = !delivered && attempt < this.env.WEBHOOK_MAX_ATTEMPTS ? new Date(Date.now() + webhookRetryDelayMs(attempt, this.env.WEBHOOK_RETRY_BASE_MS)) : null;
    await this.runner.run((tx) => this.webhooks.recordAttempt(tx, { deliveryId: d.id, attempt, statusCode, error, durationMs: Math.round(performance.now() - started), delivered, retryAt }));
    if (!delivered) this.log.warn({ deliveryId: d.id, eventId: d.eventId, attempt, statusCode, error, retryAt }, retryAt ? 'webhook delivery failed; will retry' : 'webhook delivery failed for good');
  }
}
