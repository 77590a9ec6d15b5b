import { readFileSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { type LocationConfig, locationConfigSchema } from '@textback/contracts';
import { entityManagerOf, quoteSchema, type TransactionHandle } from '@textback/persistence';
import { type DataSource } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import { DATA_SOURCE, SERVICE_DEFINITION } from '../platform.tokens';
import { type ServiceDefinition } from '../service-definition';

/** A number's role at a location. */
export type LocationNumberPurpose = 'main_line' | 'tracking' | 'sending';

/** Where a dialled or texted number belongs. */
export interface NumberOwner {
  config: LocationConfig;
  purpose: LocationNumberPurpose;
  /** Tracking source of a tracking number. */
  trackingSource?: string;
}

/** The whole directory held in memory (see {@link LocationDirectory.holdInMemory}). */
interface DirectorySnapshot {
  byId: Map<string, LocationConfig>;
  byNumber: Map<string, NumberOwner>;
  /** Locations by the line they forward calls to (`forwardToE164`); several locations may share one line. */
  byForwardLine: Map<string, LocationConfig[]>;
  /** When it was last loaded from the table or changed by an upsert, epoch ms. */
  at: number;
}

const PURPOSE_RANK: Record<LocationNumberPurpose, number> = { main_line: 0, tracking: 1, sending: 2 };

/**
 * A service's read model of location configuration, built from lead-crm's compacted
 * `crm.location.config.v1` topic (or, before lead-crm runs, from a YAML/JSON file at boot).
 * Lookups read PostgreSQL with a short in-process cache (5 s) so a config change is seen
 * within seconds. An older revision never overwrites a newer one.
 *
 * Held in memory ({@link holdInMemory}, for the phone path): the whole table is loaded once and brought up to date by
 * {@link reload} (the module does it when the table's NOTIFY says a row was written, by any replica, and every
 * `refreshMs` in case a notification was missed); every upsert of this process changes the snapshot at once.
 * Lookups then never touch PostgreSQL, so they answer whatever the database does (DESIGN.md guarantee 3).
 */
@Injectable()
export class LocationDirectory {
  private readonly schemaSql: string;
  /** Most cached lookups kept (locations and numbers, including misses). */
  static readonly CACHE_LIMIT = 10_000;
  private readonly cache = new Map<string, { at: number; value: NumberOwner | LocationConfig | null }>();
  private inMemory = false;
  private snapshot: DirectorySnapshot | null = null;
  /** When each location's row was last written (`updated_at`, epoch ms), as of the last {@link reload}. */
  private rowWrittenAt = new Map<string, number>();

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_DEFINITION) definition: ServiceDefinition,
  ) {
    this.schemaSql = quoteSchema(definition.schema);
  }

  /**
   * Stores `config` if its revision is not older than the stored one.
   * @returns true when stored; false when a newer revision was already there (nothing changes).
   */
  async upsert(config: LocationConfig): Promise<boolean> {
    const parsed = locationConfigSchema.parse(config);
    const stored = await this.dataSource.transaction(async (m) => {
      const rows = (await m.query(
        `INSERT INTO ${this.schemaSql}.location_directory (location_id, tenant_id, revision, config, updated_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (location_id) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, revision = EXCLUDED.revision, config = EXCLUDED.config, updated_at = now()
         WHERE ${this.schemaSql}.location_directory.revision <= EXCLUDED.revision RETURNING location_id`,
        [parsed.locationId, parsed.tenantId, parsed.revision, JSON.stringify(parsed)],
      )) as unknown[];
      if (rows.length === 0) return false;
      await m.query(`DELETE FROM ${this.schemaSql}.location_number WHERE location_id = $1`, [parsed.locationId]);
      const numbers = new Map<string, LocationNumberPurpose>();
      for (const n of parsed.phoneNumbers) numbers.set(`${n.e164}|${n.purpose}`, n.purpose);
      for (const n of parsed.sendingNumbers) numbers.set(`${n.e164}|sending`, 'sending');
      for (const key of numbers.keys()) {
        const [e164, purpose] = key.split('|') as [string, LocationNumberPurpose];
        await m.query(`INSERT INTO ${this.schemaSql}.location_number (e164, location_id, purpose) VALUES ($1, $2, $3) ON CONFLICT (e164, purpose) DO UPDATE SET location_id = EXCLUDED.location_id`, [e164, parsed.locationId, purpose]);
      }
      this.cache.clear();
      return true;
    });
    if (stored && this.snapshot) {
      const byId = new Map(this.snapshot.byId);
      byId.set(parsed.locationId, parsed);
      this.snapshot = buildSnapshot(byId);
    }
    return stored;
  }

  /**
   * Serves every lookup from memory from now on (once {@link reload} has loaded the table; until then from
   * PostgreSQL as usual).
   */
  holdInMemory(): void {
    this.inMemory = true;
  }

  /**
   * Brings the in-memory snapshot (when {@link holdInMemory} was called) up to the `location_directory` table: reads
   * every row's id and `updated_at` (one small statement; all a reload costs when nothing changed), then the
   * configuration of only the rows written since the last reload (a second statement), parsed; the others are reused
   * as parsed then. A failed load keeps the previous snapshot.
   * @returns the number of locations held. @throws database errors.
   */
  async reload(): Promise<number> {
    const stamps = (await this.dataSource.query(`SELECT location_id, updated_at FROM ${this.schemaSql}.location_directory`)) as { location_id: string; updated_at: Date }[];
    const held = this.snapshot?.byId;
    // A row not written since the last reload is the configuration parsed then (a zod parse of every location on every
    // refresh was most of an idle telephony-ingest's CPU, and reading every configuration most of the rest).
    const changed = stamps.filter((row) => held?.get(row.location_id) === undefined || this.rowWrittenAt.get(row.location_id) !== row.updated_at.getTime()).map((row) => row.location_id);
    const rows =
      changed.length === 0
        ? []
        : ((await this.dataSource.query(`SELECT location_id, config, updated_at FROM ${this.schemaSql}.location_directory WHERE location_id = ANY($1::uuid[])`, [changed])) as { location_id: string; config: LocationConfig; updated_at: Date }[]);
    const byId = new Map<string, LocationConfig>();
    const rowWrittenAt = new Map<string, number>();
    for (const row of stamps) {
      const config = held?.get(row.location_id);
      if (config !== undefined && this.rowWrittenAt.get(row.location_id) === row.updated_at.getTime()) {
        byId.set(row.location_id, config);
        rowWrittenAt.set(row.location_id, row.updated_at.getTime());
      }
    }
    // Rewritten between the two statements: the second one's row, with its own updated_at.
    for (const row of rows) {
      const config = locationConfigSchema.parse(row.config);
      byId.set(config.locationId, config);
      rowWrittenAt.set(row.location_id, row.updated_at.getTime());
    }
    this.rowWrittenAt = rowWrittenAt;
    // A concurrent upsert of a newer revision wins over what the SELECTs saw (and a row gone meanwhile stays held).
    for (const [id, config] of held ?? []) {
      const loaded = byId.get(id);
      if (!loaded || loaded.revision < config.revision) byId.set(id, config);
    }
    this.snapshot = buildSnapshot(byId);
    return byId.size;
  }

  /** When the in-memory snapshot was last loaded or changed (epoch ms), or null when none is held. */
  get snapshotAt(): number | null {
    return this.inMemory && this.snapshot ? this.snapshot.at : null;
  }

  /**
   * The owner of `e164` from memory only (never PostgreSQL): null when no location has it, undefined when no
   * snapshot is held yet. For answering a call whatever the database does.
   */
  ownerInMemory(e164: string): NumberOwner | null | undefined {
    if (!this.snapshot) return undefined;
    return this.snapshot.byNumber.get(e164) ?? null;
  }

  /**
   * The locations whose calls are forwarded to the line `e164` (their `forwardToE164`), from memory only (never
   * PostgreSQL): empty when none, undefined when no snapshot is held yet. For answering the forwarded leg's pick-up
   * (whose callback names that line, not the dialled number) whatever the database does.
   */
  locationsForwardingToInMemory(e164: string): readonly LocationConfig[] | undefined {
    if (!this.snapshot) return undefined;
    return this.snapshot.byForwardLine.get(e164) ?? [];
  }

  /**
   * The configuration of `locationId`, or null when unknown.
   * @param tx when called inside a transaction, read on ITS connection: a second pooled connection
   *   taken while the transaction holds one starves the pool under load (every connection held by a
   *   transaction waiting for another), and the caller fails after the pool's connect timeout.
   */
  async get(locationId: string, tx?: TransactionHandle): Promise<LocationConfig | null> {
    if (this.inMemory && this.snapshot) return this.snapshot.byId.get(locationId) ?? null;
    return this.cached(`id:${locationId}`, async () => {
      const rows = (await (tx ? entityManagerOf(tx) : this.dataSource).query(`SELECT config FROM ${this.schemaSql}.location_directory WHERE location_id = $1`, [locationId])) as { config: LocationConfig }[];
      return rows[0] ? locationConfigSchema.parse(rows[0].config) : null;
    }) as Promise<LocationConfig | null>;
  }

  /**
   * Ids of every location of `tenantId` known here (an opt-out with the tenant's `brand` scope reaches all of them).
   * Not cached: read on `tx`'s connection when given (see {@link get}).
   */
  async locationIdsOfTenant(tenantId: string, tx?: TransactionHandle): Promise<string[]> {
    const rows = (await (tx ? entityManagerOf(tx) : this.dataSource).query(`SELECT location_id FROM ${this.schemaSql}.location_directory WHERE tenant_id = $1 ORDER BY location_id`, [
      tenantId,
    ])) as { location_id: string }[];
    return rows.map((r) => r.location_id);
  }

  /**
   * The location that owns `e164` (a main line or tracking number callers dial, or a sending
   * number callers text). Main line and tracking win over sending. Null when no location has it.
   * @param tx when called inside a transaction, read on ITS connection (see {@link get}; on the embedded store's one
   *   session a second checkout waits for itself).
   */
  async findByNumber(e164: string, tx?: TransactionHandle): Promise<NumberOwner | null> {
    if (this.inMemory && this.snapshot) return this.snapshot.byNumber.get(e164) ?? null;
    return this.cached(`num:${e164}`, async () => {
      const rows = (await (tx ? entityManagerOf(tx) : this.dataSource).query(
        `SELECT d.config, n.purpose FROM ${this.schemaSql}.location_number n JOIN ${this.schemaSql}.location_directory d USING (location_id)
         WHERE n.e164 = $1 ORDER BY CASE n.purpose WHEN 'main_line' THEN 0 WHEN 'tracking' THEN 1 ELSE 2 END LIMIT 1`,
        [e164],
      )) as { config: LocationConfig; purpose: LocationNumberPurpose }[];
      const row = rows[0];
      if (!row) return null;
      const config = locationConfigSchema.parse(row.config);
      const trackingSource = config.phoneNumbers.find((p) => p.e164 === e164 && p.purpose === 'tracking')?.trackingSource;
      return { config, purpose: row.purpose, ...(trackingSource ? { trackingSource } : {}) };
    }) as Promise<NumberOwner | null>;
  }

  /**
   * Loads location configs from a YAML or JSON file holding a list of `LocationConfig`
   * (the same schema lead-crm publishes), for running before lead-crm exists.
   * @throws Error naming the file, the entry index and the field when an entry is invalid.
   */
  async seedFromFile(path: string): Promise<number> {
    const text = readFileSync(path, 'utf8');
    const doc = (path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as unknown;
    const list = Array.isArray(doc) ? doc : (doc as { locations?: unknown[] }).locations;
    if (!Array.isArray(list)) throw new Error(`${path}: expected a list of location configs (or { locations: [...] })`);
    let stored = 0;
    for (const [i, entry] of list.entries()) {
      const result = locationConfigSchema.safeParse(entry);
      if (!result.success) throw new Error(`${path}: location #${i}: ${result.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      if (await this.upsert(result.data)) stored++;
    }
    return stored;
  }

  private async cached(key: string, load: () => Promise<NumberOwner | LocationConfig | null>): Promise<NumberOwner | LocationConfig | null> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < 5_000) return hit.value;
    const value = await load();
    this.cache.delete(key);
    this.cache.set(key, { at: Date.now(), value });
    // Bounded: Maps keep insertion order, so the first key is the least recently loaded.
    if (this.cache.size > LocationDirectory.CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    return value;
  }
}

/** Indexes configs by number: main line and tracking win over sending (as {@link LocationDirectory.findByNumber}). */
function buildSnapshot(byId: Map<string, LocationConfig>): DirectorySnapshot {
  const byNumber = new Map<string, NumberOwner>();
  const byForwardLine = new Map<string, LocationConfig[]>();
  const offer = (e164: string, owner: NumberOwner) => {
    const held = byNumber.get(e164);
    if (!held || PURPOSE_RANK[owner.purpose] < PURPOSE_RANK[held.purpose]) byNumber.set(e164, owner);
  };
  for (const config of byId.values()) {
    for (const n of config.phoneNumbers) offer(n.e164, { config, purpose: n.purpose, ...(n.purpose === 'tracking' && n.trackingSource ? { trackingSource: n.trackingSource } : {}) });
    for (const n of config.sendingNumbers) offer(n.e164, { config, purpose: 'sending' });
    const sharing = byForwardLine.get(config.forwardToE164);
    if (sharing) sharing.push(config);
    else byForwardLine.set(config.forwardToE164, [config]);
  }
  return { byId, byNumber, byForwardLine, at: Date.now() };
}
