import { Inject, Injectable } from '@nestjs/common';
import { canSeeLocation, mayEditLocationSettings } from '@textback/auth';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { type CrmScope } from '../auth/crm-scope.types';
import { FranchiseManifestException } from '../tenants/franchise-manifest.exception';
import { validateFranchiseManifest } from '../tenants/franchise-manifest.util';
import { TenantApplyService } from '../tenants/tenant-apply.service';
import { type LocationConfigRow, TenantRepository } from '../tenants/tenant.repository';
import { LocationSettingsException, LocationSettingsExceptionCode } from './location-settings.exception';
import { changedSettings, manifestLocationOf, pickSettings, settingsOf, withSettings } from './location-settings.mapper';
import { LocationSettingsRepository } from './location-settings.repository';
import { type LastCallView, LOCATION_SETTINGS_KEYS, type LocationSettingsSaveResult, type LocationSettingsView } from './location-settings.types';

/** A save request: every settings key (`bookingHours` may be left out: none) and the revision the caller read. */
export interface LocationSettingsUpdate {
  expectedRevision: number;
  settings: Readonly<Record<string, unknown>>;
}

/**
 * A location's settings for its managers (issue 17, item 6). Reading needs sight of the location (owner, admin,
 * regional manager of its region, its location managers, dispatchers and agents); saving needs a settings role as
 * well (@textback/auth `mayEditLocationSettings`). A save merges the new settings over the stored location, checks
 * the result with the franchise manifest's rules (`tenants apply`'s), writes it with `tenants apply`'s upsert, and in
 * the same transaction publishes the new configuration on `crm.location.config.v1` (outbox) and audits the change.
 */
@Injectable()
export class LocationSettingsService {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly tenants: TenantRepository,
    private readonly apply: TenantApplyService,
    private readonly audit: LocationSettingsRepository,
  ) {}

  /** @throws LocationSettingsException NotFound outside the caller's scope. */
  async view(scope: CrmScope, locationId: string): Promise<LocationSettingsView> {
    return this.runner.run(async (tx) => this.viewOf(tx, await this.visibleRow(tx, scope, locationId)));
  }

  /**
   * Saves new settings; nothing is written or published when they equal the stored ones.
   * @throws LocationSettingsException NotFound (outside scope), Forbidden (role), StaleRevision (changed since read),
   *   Invalid (a rule of the manifest, each problem named by its field).
   */
  async save(scope: CrmScope, locationId: string, update: LocationSettingsUpdate): Promise<LocationSettingsSaveResult> {
    const unknownKeys = Object.keys(update.settings).filter((k) => !(LOCATION_SETTINGS_KEYS as readonly string[]).includes(k));
    return this.runner.run(async (tx) => {
      const tenant = await this.audit.lockLocation(tx, locationId);
      if (!tenant) throw notFound();
      const row = await this.visibleRow(tx, scope, locationId);
      if (!mayEditLocationSettings(scope.role)) throw new LocationSettingsException(LocationSettingsExceptionCode.Forbidden, `a ${scope.role} may not change location settings`);
      if (row.revision !== update.expectedRevision)
        throw new LocationSettingsException(LocationSettingsExceptionCode.StaleRevision, `the settings changed since you opened them (revision ${row.revision}, you had ${update.expectedRevision}); reload and save again`);
      const missing = LOCATION_SETTINGS_KEYS.filter((k) => k !== 'bookingHours' && update.settings[k] === undefined);
      const shapeProblems = [...unknownKeys.map((k) => `${k}: not a location setting`), ...missing.map((k) => `${k}: required`)];
      if (shapeProblems.length > 0) throw new LocationSettingsException(LocationSettingsExceptionCode.Invalid, 'the settings were refused', shapeProblems);

      const current = manifestLocationOf(row);
      const validated = this.validate(tenant, withSettings(current, update.settings));
      const before = settingsOf(current);
      const after = settingsOf(validated);
      const changed = changedSettings(before, after);
      if (changed.length === 0) return { outcome: 'unchanged', view: await this.viewOf(tx, row) };

      await this.tenants.upsertLocation(tx, row.tenantId, row.regionId, row.businessName, validated);
      const published = await this.apply.publishIfChanged(tx, locationId);
      await this.audit.recordChange(tx, {
        tenantId: row.tenantId,
        locationId,
        actorUserId: scope.userId,
        actorRole: scope.role,
        changedFields: changed,
        before: pickSettings(before, changed),
        after: pickSettings(after, changed),
        revision: published.revision,
      });
      const saved = await this.tenants.loadLocationConfigRow(tx, locationId);
      return { outcome: 'updated', view: await this.viewOf(tx, saved!) };
    });
  }

  /** The location's last call and how it was classified. @throws LocationSettingsException NotFound outside scope. */
  async lastCall(scope: CrmScope, locationId: string): Promise<{ call: LastCallView | null }> {
    return this.runner.run(async (tx) => {
      const row = await this.visibleRow(tx, scope, locationId);
      return { call: await this.audit.lastCall(tx, row.tenantId, locationId) };
    });
  }

  private async visibleRow(tx: TransactionContext, scope: CrmScope, locationId: string): Promise<LocationConfigRow> {
    const row = await this.tenants.loadLocationConfigRow(tx, locationId);
    if (!row || !canSeeLocation(scope, { tenantId: row.tenantId, locationId: row.id, regionId: row.regionId })) throw notFound();
    return row;
  }

  private async viewOf(tx: TransactionContext, row: LocationConfigRow): Promise<LocationSettingsView> {
    return {
      locationId: row.id,
      locationName: row.name,
      businessName: row.businessName,
      timeZone: row.timeZone,
      revision: row.revision,
      settings: settingsOf(manifestLocationOf(row)),
      history: await this.audit.history(tx, row.tenantId, row.id),
    };
  }

  /** The merged location checked as a one-location manifest of its tenant: the rules of `tenants apply`. */
  private validate(tenant: { tenantSlug: string; tenantName: string }, location: Record<string, unknown>) {
    try {
      const manifest = validateFranchiseManifest({ tenant: { slug: tenant.tenantSlug, name: tenant.tenantName }, locations: [location] });
      return manifest.locations[0]!;
    } catch (err) {
      if (!(err instanceof FranchiseManifestException)) throw err;
      const problems = err.problems.map((p) => p.replace(/^locations\[0\](?: \([^)]*\))?\./, ''));
      throw new LocationSettingsException(LocationSettingsExceptionCode.Invalid, `the settings were refused: ${problems.join('; ')}`, problems);
    }
  }
}

function notFound(): LocationSettingsException {
  return new LocationSettingsException(LocationSettingsExceptionCode.NotFound, 'no such location, or not one of yours');
}
