import { type BandwidthStandIn } from '@textback/testing';
import { DateTime } from 'luxon';
import { openRelationalStore } from '@textback/persistence';
import { Client } from 'pg';
import { type CallerTranscript } from './caller-bots';
import { type DemoLocation } from './demo-franchise';
import { PROVIDER_ERROR_REASONS } from './demo-health';
import { type CarrierText, type DemoFacts, reportingReconciles } from './demo-invariants';
import { type DemoCall } from './demo-scenario';

/** Inputs of {@link collectFacts}. */
export interface CollectFactsInput {
  tenantId: string;
  day: DemoCall[];
  franchise: DemoLocation[];
  standIn: BandwidthStandIn;
  transcripts: CallerTranscript[];
  crmUrl: string;
  reportingUrl: string;
  /** Owner JWT of the demo tenant. */
  token: string;
  wonMarked: number;
  /** How long to wait for reporting to catch up with the sources, milliseconds (default 90 000). */
  settleMs?: number;
}

/** Runs one read-only SQL statement ($1 placeholders) on the services' relational store; the rows. */
export type SourceQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** What the demo reads through the services' HTTP APIs: lead-crm's leads, reporting's ROI. */
export interface ApiFacts {
  leads: DemoFacts['leads'];
  roi: { totals: Record<string, number | null>; locations: Array<Record<string, number | string | null>> };
  reportingError?: string;
}

/** What the demo reads from the sources of truth: the carrier stand-in and the services' tables. */
type SourceFacts = Pick<DemoFacts, 'texts' | 'optOuts' | 'telephony' | 'bookings' | 'providerErrorTexts' | 'providerErrorCalls' | 'callsRecorded' | 'callsUndecided'>;

async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * Gathers the demo's facts from the stand-in, the services' PostgreSQL (`databaseUrl`, the distributed mode) and the
 * lead-crm and reporting APIs, re-reading until reporting reconciles with the sources or `settleMs` passes
 * (ClickHouse ingestion is asynchronous; the last read is returned either way).
 */
export async function collectFacts(input: CollectFactsInput & { databaseUrl: string }): Promise<DemoFacts> {
  const db = new Client({ connectionString: input.databaseUrl });
  await db.connect();
  const query: SourceQuery = async <T>(sql: string, params: unknown[]) => (await db.query(sql, params)).rows as T[];
  try {
    const deadline = Date.now() + (input.settleMs ?? 90_000);
    for (;;) {
      const facts = combineFacts(input, await readSourceFacts(query, input), await readApiFacts(input));
      if (reportingReconciles(facts) || Date.now() > deadline) return facts;
      await new Promise((r) => setTimeout(r, 2_000));
    }
  } finally {
    await db.end();
  }
}

/**
 * The embedded mode's {@link collectFacts}: the single process alone may open its PGlite data directory, so the APIs
 * are read while it runs, until reporting's totals and the leads stay the same over three reads 2 s apart (or
 * `settleMs` passes; the in-process bus has nothing in flight by then), then `stop()` stops the process and the sources
 * are read from `<dataDir>/pglite` through the relational store port; `readMore` may read more there before it closes
 * (the kill checks, demo-kill.ts).
 */
export async function collectFactsAfterStop(input: CollectFactsInput & { dataDir: string; stop: () => Promise<void>; readMore?: (query: SourceQuery) => Promise<void> }): Promise<DemoFacts> {
  const deadline = Date.now() + (input.settleMs ?? 90_000);
  let api = await readApiFacts(input);
  let same = 0;
  while (same < 2 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2_000));
    const next = await readApiFacts(input);
    same = JSON.stringify(next) === JSON.stringify(api) ? same + 1 : 0;
    api = next;
  }
  await input.stop();
  const store = await openRelationalStore({ TEXTBACK_DATA_DIR: input.dataDir });
  try {
    const ds = await store.createDataSource({ schema: 'messaging', applicationName: 'demo-facts' }).initialize();
    try {
      const query: SourceQuery = async <T>(sql: string, params: unknown[]) => (await ds.query(sql, params)) as T[];
      const facts = combineFacts(input, await readSourceFacts(query, input), api);
      if (input.readMore) await input.readMore(query);
      return facts;
    } finally {
      await ds.destroy();
    }
  } finally {
    await store.close();
  }
}

async function readSourceFacts(query: SourceQuery, input: CollectFactsInput): Promise<SourceFacts> {
  const numbers = new Set(input.franchise.map((l) => l.mainLine));
  const accepted = input.standIn.requestsOf('createMessage').filter((r) => r.status === 202);
  const tags = accepted.map((r) => (r.body as { tag?: string }).tag).filter((t): t is string => typeof t === 'string' && /^[0-9a-f-]{36}$/i.test(t));
  const purposes = new Map((await query<{ command_id: string; purpose: string }>('SELECT command_id::text, purpose FROM messaging.outbound_message WHERE command_id = ANY($1::uuid[])', [tags])).map((r) => [r.command_id, r.purpose]));
  const texts: CarrierText[] = accepted
    .map((r) => {
      const b = r.body as { from: string; to: string[]; tag?: string };
      return { from: b.from, to: b.to[0] ?? '', at: r.receivedAt, purpose: (b.tag && purposes.get(b.tag)) ?? null };
    })
    .filter((t) => numbers.has(t.from));

  const optOuts = (await query<{ phone_e164: string; sending_number_e164: string; at: Date | string }>(`SELECT phone_e164, sending_number_e164, at FROM messaging.consent_ledger WHERE tenant_id = $1 AND action = 'opt_out'`, [input.tenantId])).map((r) => ({ phone: r.phone_e164, sendingNumber: r.sending_number_e164, at: new Date(r.at) }));
  const calls = await query<{ location_id: string; caller_e164: string | null; decision: string | null }>('SELECT location_id::text, caller_e164, decision FROM telephony.call WHERE tenant_id = $1', [input.tenantId]);
  const decided = calls.filter((c) => c.decision !== null);
  const missed = decided.filter((c) => c.decision !== 'answered');
  const bookings = Number((await query<{ n: string }>(`SELECT count(*) AS n FROM scheduling.booking WHERE tenant_id = $1 AND status = 'confirmed'`, [input.tenantId]))[0]?.n ?? 0);
  const failedTexts = await query<{ purpose: string; n: string | number }>(
    `SELECT purpose, count(*) AS n FROM messaging.outbound_message WHERE tenant_id = $1 AND status = 'failed' AND reason = ANY($2::text[]) GROUP BY purpose`,
    [input.tenantId, [...PROVIDER_ERROR_REASONS]],
  );
  return {
    texts,
    optOuts,
    telephony: { calls: decided.length, answered: decided.length - missed.length, missed: missed.length, missedCallers: missed.filter((c) => c.caller_e164).map((c) => ({ locationId: c.location_id, callerE164: c.caller_e164! })) },
    bookings,
    providerErrorTexts: Object.fromEntries(failedTexts.map((r) => [r.purpose, Number(r.n)])),
    providerErrorCalls: decided.filter((c) => c.decision === 'provider_error').length,
    callsRecorded: calls.length,
    callsUndecided: calls.length - decided.length,
  };
}

/**
 * The ROI report the demo's summary prints: reporting's `GET /v1/tenants/<tenant>/reports/roi` over the local days
 * around `now` (yesterday to tomorrow in UTC, which holds today in every zone; the replay ran just now). reporting bills
 * only the days each location existed, up to its today, so this range gives the same cost and ROI as the console's
 * default 30 days or any other range that covers the demo tenant's life (docs/architecture.md "Cost and ROI").
 * @throws Error when reporting answers non-2xx.
 */
export async function readRoiReport(reportingUrl: string, tenantId: string, token: string, now: Date = new Date()): Promise<ApiFacts['roi']> {
  const at = DateTime.fromJSDate(now, { zone: 'utc' });
  const from = at.minus({ days: 1 }).toISODate();
  const to = at.plus({ days: 1 }).toISODate();
  return getJson(`${reportingUrl}/v1/tenants/${tenantId}/reports/roi?from=${from}&to=${to}`, token);
}

async function readApiFacts(input: CollectFactsInput): Promise<ApiFacts> {
  const leads: DemoFacts['leads'] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ locationId: string; callerE164: string; stage: string }>; nextCursor: string | null } = await getJson(`${input.crmUrl}/v1/leads?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, input.token);
    leads.push(...page.items.map((l) => ({ locationId: l.locationId, callerE164: l.callerE164, stage: l.stage })));
    cursor = page.nextCursor;
  } while (cursor);

  try {
    return { leads, roi: await readRoiReport(input.reportingUrl, input.tenantId, input.token) };
  } catch (err) {
    return { leads, roi: { totals: {}, locations: [] }, reportingError: err instanceof Error ? err.message : String(err) };
  }
}

function combineFacts(input: CollectFactsInput, sources: SourceFacts, api: ApiFacts): DemoFacts {
  const locations = input.franchise.map((l) => {
    const row = api.roi.locations.find((r) => r.name === l.name) ?? {};
    const funnel = Object.fromEntries(Object.entries(row).filter(([, v]) => typeof v === 'number' || v === null)) as Record<string, number | null>;
    return { locationId: String(row.locationId ?? ''), name: l.name, timeZone: l.timeZone, mainLine: l.mainLine, funnel };
  });
  return {
    locations,
    totals: api.roi.totals,
    ...sources,
    leads: api.leads,
    wonMarked: input.wonMarked,
    invariantsChecked: [],
    ...(api.reportingError ? { reportingError: api.reportingError } : {}),
  };
}
