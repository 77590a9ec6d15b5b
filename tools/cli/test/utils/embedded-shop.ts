import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AnalyticsStore, createAnalyticsStore } from '@textback/analytics';
import { PgliteRelationalStore, quoteSchema } from '@textback/persistence';
import { pollUntil } from '@textback/testing';
import { startCarrierForHost } from '../../../../hosts/single-process/test/utils/carrier-stand-in';
import { cliWithEnv, startHost, stopHost } from '../../../../hosts/single-process/test/utils/single-process-host';
import { ReportLocationRepository } from '../../../../services/reporting/src/modules/reports/report-location.repository';
import { ReportQueryRepository } from '../../../../services/reporting/src/modules/reports/report-query.repository';
import { ReportService } from '../../../../services/reporting/src/modules/reports/report.service';
import { demoFranchise } from '../../../demo/src/demo-franchise';
import { SERVICES } from '../../src/service-registry';

const SETTINGS = { smsPricePerSegmentCents: 0.79, platformCostPerLocationMonthCents: 9900 };
/** Missed calls the shop had. */
export const SHOP_CALLS = 3;

export type Query = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Runs `work` with a query function on the stopped process's PGlite database. */
export async function onPglite<T>(dataDir: string, work: (q: Query) => Promise<T>): Promise<T> {
  const store = await PgliteRelationalStore.open({ dataDir: join(dataDir, 'pglite') });
  try {
    const ds = await store.createDataSource({ schema: 'public', applicationName: 'it-shop-transfer' }).initialize();
    try {
      return await work((text, params) => ds.query(text, params));
    } finally {
      await ds.destroy();
    }
  } finally {
    await store.close();
  }
}

/** Rows per table of every service schema and `bus.dead_letters`, as `schema.table -> count`. */
export async function rowCounts(q: Query): Promise<Record<string, number>> {
  const schemas = [...SERVICES.map((s) => s.schema), 'bus'];
  const tables = (await q(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' AND table_name <> 'migrations' AND NOT (table_schema = 'bus' AND table_name = 'cursors') ORDER BY 1, 2`, [schemas])) as { table_schema: string; table_name: string }[];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[`${t.table_schema}.${t.table_name}`] = Number((await q(`SELECT count(*)::int AS n FROM ${quoteSchema(t.table_schema)}."${t.table_name}"`))[0]?.n);
  return counts;
}

/** The funnel and ROI of `tenantId` over the days around now, through reporting's query layer on `store`. */
export async function figures(store: AnalyticsStore, tenantId: string) {
  const reports = new ReportService(new ReportLocationRepository(store), new ReportQueryRepository(store), SETTINGS);
  const owner = { sub: 'it-shop-transfer', tenantId, role: 'owner' as const, regionIds: [], locationIds: [] };
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const range = { from: day(-2), to: day(2) };
  return { funnel: await reports.funnel(owner, tenantId, range), roi: await reports.roi(owner, tenantId, range), trend: await reports.trend(owner, tenantId, range, 'day', 'location') };
}

/** A stopped single process's data directory and what it held (read before any export). */
export interface EmbeddedShop {
  dataDir: string;
  tenantId: string;
  /** The caller who texted STOP. */
  optedOut: string;
  /** Rows per table (see {@link rowCounts}). */
  counts: Record<string, number>;
  /** messaging's outbox rows reporting's group had not consumed (ids, seq order), and the ones every group had. */
  pending: string[];
  consumed: string[];
  /** Funnel, ROI and trend from chDB through reporting's query layer. */
  figures: Awaited<ReturnType<typeof figures>>;
}

/**
 * A shop's data directory in `work/data` made by the real single process (built: `npm run build`): the demo franchise
 * applied, {@link SHOP_CALLS} missed calls through the Bandwidth stand-in (each texted), one caller's STOP (confirmed),
 * then a graceful stop. Afterwards reporting's group is put behind on messaging's outbox (its cursor moved before the
 * last two rows), as when the process stops before every group consumed every event.
 */
export async function makeEmbeddedShop(work: string): Promise<EmbeddedShop> {
  const dataDir = join(work, 'data');
  mkdirSync(work, { recursive: true });
  const franchise = demoFranchise(String(4000 + Math.floor(Math.random() * 5000)));
  const manifest = join(work, 'franchise.yaml');
  writeFileSync(manifest, franchise.manifestYaml);
  const migrated = await cliWithEnv(dataDir, {}, 'migrate', 'all');
  if (migrated.code !== 0) throw new Error(`migrate: ${migrated.output}`);
  const applied = await cliWithEnv(dataDir, {}, 'tenants', 'apply', '-f', manifest);
  if (applied.code !== 0) throw new Error(`tenants apply: ${applied.output}`);
  const { carrier, env: carrierEnv } = await startCarrierForHost();
  const location = franchise.locations[0]!;
  const callers = Array.from({ length: SHOP_CALLS }, (_, i) => `+1720555${String(3100 + i)}`);
  try {
    const host = await startHost(dataDir, carrierEnv);
    let stopped: number | null;
    try {
      const textsTo = (caller: string) => carrier.messagesTo(caller).filter((m) => m.from === location.mainLine);
      for (const from of callers) {
        await carrier.placeCall({ from, to: location.mainLine, outcome: 'no-answer', ringSeconds: location.ringTimeoutSeconds, talkSeconds: 0, atVoicemail: 'hang-up', startAt: new Date(Date.now() - 30_000) });
      }
      await pollUntil(() => callers.every((c) => textsTo(c).length > 0), 'every caller texted', 120_000, 250);
      await carrier.sendText({ from: callers[0]!, to: location.mainLine, text: 'STOP' });
      await pollUntil(() => textsTo(callers[0]!).length >= 2, 'the opt-out confirmation', 60_000, 250);
    } finally {
      stopped = await stopHost(host.child);
    }
    if (stopped !== 0) throw new Error(`the single process exited ${stopped}: ${host.output()}`);
  } finally {
    await carrier.stop();
  }
  const source = await onPglite(dataDir, async (q) => {
    const last = (await q(`SELECT seq::text AS seq FROM messaging.outbox ORDER BY seq DESC LIMIT 2`)) as { seq: string }[];
    if (last.length < 2) throw new Error('messaging wrote fewer than two outbox rows');
    const horizon = (BigInt(last[1]!.seq) - 1n).toString();
    await q(`UPDATE bus.cursors SET last_seq = $1 WHERE consumer_group = 'reporting' AND producer_schema = 'messaging'`, [horizon]);
    const pending = (await q(`SELECT id::text AS id FROM messaging.outbox WHERE seq > (SELECT min(last_seq) FROM bus.cursors WHERE producer_schema = 'messaging') ORDER BY seq`)) as { id: string }[];
    const consumed = (await q(`SELECT id::text AS id FROM messaging.outbox WHERE seq <= $1 ORDER BY seq`, [horizon])) as { id: string }[];
    const tenantId = String((await q(`SELECT id FROM crm.tenants WHERE slug = $1`, [franchise.slug]))[0]?.id);
    return { counts: await rowCounts(q), pending: pending.map((p) => p.id), consumed: consumed.map((c) => c.id), tenantId };
  });
  const chdb = await createAnalyticsStore({ database: 'textback', dataDir: join(dataDir, 'chdb') });
  const before = await figures(chdb, source.tenantId).finally(() => chdb.close());
  return { dataDir, optedOut: callers[0]!, figures: before, ...source };
}
