import { jwtEnvShape } from '@textback/auth';
import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { z } from 'zod';
import { WebhookTargetPolicy } from '../modules/webhooks/webhook-target.policy';

/**
 * Environment of lead-crm: the shared variables plus its own (see README.md). Without
 * JWT_JWKS_URL and JWT_SECRET the service runs (consumers, config) but its API answers 401.
 */
export const leadCrmEnvSchema = baseServiceEnvSchema
  .extend({
    HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3004),
    /** Staff API JWTs (@textback/auth): JWKS or HS256 secret, required issuer and audience, algorithms, lifetime. */
    ...jwtEnvShape,
    /**
     * Outbound CRM webhooks: safety poll of the delivery queue, ms. The dispatcher wakes on new deliveries (NOTIFY),
     * when a retry is due and when a sending slot frees, and at the latest after this long.
     */
    WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(30_000),
    /** First retry delay, ms; doubles per attempt, capped at one hour. */
    WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
    /** Attempts before a delivery is marked failed. */
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
    /** Timeout of one webhook POST (connect, send, read the answer), ms. */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
    /** Timeout of the TCP and TLS connection of one webhook POST, ms. */
    WEBHOOK_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
    /** Webhook POSTs in flight at once per replica. */
    WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(16),
    /** Webhook POSTs in flight at once to one subscription (endpoint), across replicas. */
    WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(2),
    /**
     * Operator allow-list of webhook targets that may be loopback, private or cluster addresses
     * (and may use plain http): host names (`*.corp.example`), IP addresses and CIDRs, comma or
     * space separated. Empty: only public https targets. See webhook-target.policy.ts.
     */
    CRM_WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .default('')
      .superRefine((raw, ctx) => {
        try {
          WebhookTargetPolicy.fromAllowList(raw);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      }),
  });
export type LeadCrmEnv = z.infer<typeof leadCrmEnvSchema>;

/**
 * Reads and validates lead-crm's environment (the only reader of process.env in this service).
 * @throws ConfigValidationException listing every bad variable.
 */
export function loadLeadCrmEnv(env: Record<string, string | undefined> = process.env): LeadCrmEnv {
  return parseEnv('lead-crm', leadCrmEnvSchema, env);
}
