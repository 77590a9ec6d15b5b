import { quoteSchema } from '@textback/persistence';
import { Client } from 'pg';
import { resolveServices } from './service-registry';

/** Services that keep raw carrier webhooks (`raw_webhook`). */
const WEBHOOK_SERVICES = ['messaging', 'telephony-ingest'] as const;

/** Parsed `textback webhooks …` arguments. */
export interface WebhooksArgs {
  action: 'replay' | 'purge';
  service: (typeof WEBHOOK_SERVICES)[number];
  /** replay: requests received at or after this time (default: 7 days ago). */
  since: Date;
  /** purge: delete raw requests older than this many days. */
  olderThanDays: number;
  /** replay: seconds to wait for the service to finish (0: do not wait). */
  waitSeconds: number;
}

/**
 * Parses `webhooks replay --service S [--since ISO-8601|Nd|Nh] [--wait N]` and
 * `webhooks purge --service S --older-than-days N`.
 * @throws Error with a one-line message on bad arguments.
 */
export function parseWebhooksArgs(args: readonly string[], now: Date = new Date()): WebhooksArgs {
  const [action, ...rest] = args;
  if (action !== 'replay' && action !== 'purge') throw new Error('usage: textback webhooks replay|purge --service messaging|telephony-ingest …');
  const value = (name: string): string | undefined => {
    const i = rest.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const v = rest[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
    return v;
  };
  const service = value('service');
  if (!service || !(WEBHOOK_SERVICES as readonly string[]).includes(service)) throw new Error(`--service must be one of ${WEBHOOK_SERVICES.join(', ')}`);
  const sinceText = value('since') ?? '7d';
  const rel = /^(\d+)([dh])$/.exec(sinceText);
  const since = rel ? new Date(now.getTime() - Number(rel[1]) * (rel[2] === 'd' ? 86_400_000 : 3_600_000)) : new Date(sinceText);
  if (Number.isNaN(since.getTime())) throw new Error('--since takes an ISO-8601 time or a relative age such as 7d or 12h');
  const olderThanDays = Number(value('older-than-days') ?? (action === 'purge' ? Number.NaN : 30));
  if (!Number.isInteger(olderThanDays) || olderThanDays < 1) throw new Error('--older-than-days takes a positive integer');
  const waitSeconds = Number(value('wait') ?? 120);
  if (!Number.isInteger(waitSeconds) || waitSeconds < 0) throw new Error('--wait takes a non-negative integer (seconds)');
  return { action, service: service as WebhooksArgs['service'], since, olderThanDays, waitSeconds };
}

/**
 * `textback webhooks replay --service messaging|telephony-ingest [--since 7d] [--wait 120]`: after a fix is deployed,
 * asks the running service to re-apply the raw webhooks it kept since `--since` that were not fully applied (rejected
 * events, unreadable bodies, failures after storing), and — for messaging — revives inbound events the sweeper marked
 * dead. Dead letters of both kinds are also listed and replayable one by one with `textback dead-letters list|replay`
 * (queues `raw_webhook` and `inbound_callback`); this command is the bulk form by receive time. The service does the
 * work with its own current code (its sweeper / replay worker picks the rows up); this command marks them and waits, printing what was replayed and what still fails. Idempotent: events are unique per
 * carrier id and type, so replaying twice applies nothing twice.
 *
 * `textback webhooks purge --service S --older-than-days N`: deletes raw requests older than N days now (the services
 * also purge on their own after RAW_WEBHOOK_RETENTION_DAYS).
 * Reads DATABASE_URL. @returns the exit code (0 ok, 1 when replays are still pending after the wait).
 */
export async function webhooksCommand(args: string[], env: Record<string, string | undefined>): Promise<number> {
  const url = env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required (e.g. postgres://postgres@127.0.0.1:5432/textback)');
  const parsed = parseWebhooksArgs(args);
  const [definition] = resolveServices([parsed.service]);
  if (!definition) throw new Error(`unknown service ${parsed.service}`);
  const s = quoteSchema(definition.schema);
  const db = new Client({ connectionString: url, application_name: 'textback-cli-webhooks' });
  await db.connect();
  try {
    if (parsed.action === 'purge') {
      const r = await db.query(`DELETE FROM ${s}.raw_webhook WHERE received_at < now() - ($1::int * interval '1 day')`, [parsed.olderThanDays]);
      if (parsed.service === 'telephony-ingest') await db.query(`UPDATE ${s}.call_webhook SET raw_body = NULL WHERE received_at < now() - ($1::int * interval '1 day') AND raw_body IS NOT NULL`, [parsed.olderThanDays]);
      console.warn(`${parsed.service}: purged ${r.rowCount ?? 0} raw webhook(s) older than ${parsed.olderThanDays} days`);
      return 0;
    }
    const marked = await db.query<{ id: string }>(
      `UPDATE ${s}.raw_webhook SET replay_requested_at = now(), replayed_at = NULL, replay_attempts = 0, dead_lettered_at = NULL
       WHERE received_at >= $1 AND (outcome IS NULL OR outcome <> 'accepted') RETURNING id`,
      [parsed.since],
    );
    const ids = marked.rows.map((r) => r.id);
    let revived = 0;
    if (parsed.service === 'messaging') {
      revived = (await db.query(`UPDATE ${s}.inbound_callback SET dead_at = NULL, attempts = 0 WHERE dead_at IS NOT NULL AND received_at >= $1`, [parsed.since])).rowCount ?? 0;
    }
    console.warn(`${parsed.service}: ${ids.length} raw webhook(s) since ${parsed.since.toISOString()} marked for replay${parsed.service === 'messaging' ? `, ${revived} dead event(s) revived` : ''}`);
    if (ids.length === 0 || parsed.waitSeconds === 0) return 0;
    const deadline = Date.now() + parsed.waitSeconds * 1000;
    for (;;) {
      const r = await db.query<{ pending: string; accepted: string; still_rejected: string }>(
        `SELECT count(*) FILTER (WHERE replayed_at IS NULL) AS pending, count(*) FILTER (WHERE replayed_at IS NOT NULL AND outcome = 'accepted') AS accepted,
                count(*) FILTER (WHERE replayed_at IS NOT NULL AND outcome <> 'accepted') AS still_rejected
         FROM ${s}.raw_webhook WHERE id = ANY($1::bigint[])`,
        [ids],
      );
      const row = r.rows[0];
      const pending = Number(row?.pending ?? 0);
      if (pending === 0 || Date.now() > deadline) {
        console.warn(`${parsed.service}: replayed ${ids.length - pending} (now fully applied ${row?.accepted ?? 0}, still rejected ${row?.still_rejected ?? 0}), pending ${pending}`);
        if (pending > 0) console.error('replays still pending: is the service running? (they stay marked and run when it is)');
        return pending > 0 ? 1 : 0;
      }
      await new Promise((res) => setTimeout(res, 500));
    }
  } finally {
    await db.end();
  }
}
