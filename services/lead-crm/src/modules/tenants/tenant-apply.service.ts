import { Inject, Injectable } from '@nestjs/common';
import { createEvent, locationConfigV1 } from '@textback/contracts';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { LEAD_CRM_SOURCE } from '../../database/crm-schema.constants';
import { FranchiseManifestException, FranchiseManifestExceptionCode } from './franchise-manifest.exception';
import { type FranchiseManifest } from './franchise-manifest.schema';
import { configDigest, toLocationConfig } from './location-config.mapper';
import { TenantRepository } from './tenant.repository';

/** What one apply did, per location: created, updated (new revision published) or unchanged. */
export interface TenantApplyReport {
  tenantId: string;
  tenantCreated: boolean;
  locations: { slug: string; locationId: string; outcome: 'created' | 'updated' | 'unchanged'; revision: number }[];
  usersCreated: number;
}

/**
 * `tenants apply`: makes the database match a validated franchise manifest in one transaction
 * (all or nothing), then publishes the configuration of every location whose configuration
 * changed on `crm.location.config.v1` (through the outbox) with the next revision. Re-applying
 * the same manifest changes no revision and publishes nothing.
 */
@Injectable()
export class TenantApplyService {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly tenants: TenantRepository,
  ) {}

  /**
   * @throws FranchiseManifestException when a number of the manifest belongs to another tenant
   *   or to a location of this tenant that the manifest does not list (nothing is written).
   */
  async apply(manifest: FranchiseManifest): Promise<TenantApplyReport> {
    return this.runner.run(async (tx) => {
      await this.tenants.lockTenant(tx, manifest.tenant.slug);
      const tenant = await this.tenants.upsertTenant(tx, manifest.tenant.slug, manifest.tenant.name, manifest.tenant.optOutScope ?? null, manifest.tenant.vertical ?? null);
      await this.refuseNumbersHeldElsewhere(tx, tenant.id, manifest);

      const regionIds = new Map<string, string>();
      for (const r of manifest.regions) regionIds.set(r.slug, await this.tenants.upsertRegion(tx, tenant.id, r.slug, r.name));

      const locationIds = new Map<string, { id: string; created: boolean }>();
      for (const loc of manifest.locations) {
        const regionId = loc.region ? (regionIds.get(loc.region) ?? null) : null;
        locationIds.set(loc.slug, await this.tenants.upsertLocation(tx, tenant.id, regionId, loc.businessName ?? manifest.tenant.name, loc));
      }
      await this.tenants.deleteNumbersOf(tx, [...locationIds.values()].map((l) => l.id));
      for (const loc of manifest.locations) await this.tenants.insertNumbers(tx, tenant.id, locationIds.get(loc.slug)!.id, loc);

      let usersCreated = 0;
      for (const u of manifest.users) {
        const result = await this.tenants.upsertUser(
          tx,
          tenant.id,
          u,
          u.regions.map((r) => regionIds.get(r)!),
          u.locations.map((l) => locationIds.get(l)!.id),
        );
        if (result.created) usersCreated++;
      }

      const locations: TenantApplyReport['locations'] = [];
      for (const loc of manifest.locations) {
        const { id, created } = locationIds.get(loc.slug)!;
        const published = await this.publishIfChanged(tx, id);
        locations.push({ slug: loc.slug, locationId: id, outcome: created ? 'created' : published.changed ? 'updated' : 'unchanged', revision: published.revision });
      }
      return { tenantId: tenant.id, tenantCreated: tenant.created, locations, usersCreated };
    });
  }

  /**
   * Publishes the location's configuration with the next revision when it differs from the
   * last one published. Call inside the transaction that changed it.
   */
  async publishIfChanged(tx: TransactionContext, locationId: string): Promise<{ changed: boolean; revision: number }> {
    const row = await this.tenants.loadLocationConfigRow(tx, locationId);
    if (!row) throw new Error(`location ${locationId} does not exist`);
    const digest = configDigest(toLocationConfig(row, row.revision));
    if (digest === row.configDigest) return { changed: false, revision: row.revision };
    const revision = row.revision + 1;
    const config = toLocationConfig(row, revision);
    await this.tenants.setPublishedRevision(tx, locationId, revision, digest);
    await tx.publish(
      locationConfigV1,
      createEvent(locationConfigV1, { source: LEAD_CRM_SOURCE, tenantId: row.tenantId, locationId, correlationId: `location-config:${locationId}`, subject: locationId }, config),
    );
    return { changed: true, revision };
  }

  private async refuseNumbersHeldElsewhere(tx: TransactionContext, tenantId: string, manifest: FranchiseManifest): Promise<void> {
    const listed = new Set(manifest.locations.map((l) => l.slug));
    const all = manifest.locations.flatMap((l) => [...l.numbers.map((n) => n.e164), ...l.sendingNumbers.map((n) => n.e164)]);
    const problems: string[] = [];
    for (const holder of await this.tenants.findNumberHolders(tx, all)) {
      const ownTenant = holder.tenantId === tenantId;
      if (ownTenant && listed.has(holder.locationSlug)) continue;
      const where = manifest.locations.findIndex((l) => (holder.kind === 'dialled' ? l.numbers : l.sendingNumbers).some((n) => n.e164 === holder.e164));
      if (where < 0) continue;
      const field = holder.kind === 'dialled' ? 'numbers' : 'sendingNumbers';
      problems.push(
        `locations[${where}] (${manifest.locations[where]!.slug}).${field}: duplicate number ${holder.e164}, already held by ${ownTenant ? `location "${holder.locationSlug}" of this tenant (not in this manifest)` : 'another tenant'}`,
      );
    }
    if (problems.length > 0) throw new FranchiseManifestException(FranchiseManifestExceptionCode.Invalid, problems);
  }
}
