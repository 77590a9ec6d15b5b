import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type * as Crm from '../../../../lead-crm/src/modules/location-settings/location-settings.types';
import { type ConsoleRole, type ConsoleUser } from '../accounts/console-role.types';
import { ConsoleUserRepository } from '../accounts/console-user.repository';
import { LeadCrmClient } from '../actions/lead-crm.client';
import { InboxService } from '../inbox/inbox.service';
import { type LastCall, type LocationSettingsChange, type LocationSettingsPage } from './location-settings.types';

/** Console roles that see and change location settings; dispatchers work conversations only. */
export const SETTINGS_ROLES: readonly ConsoleRole[] = ['owner', 'regional_manager', 'location_manager'];

/** Whether `role` may open the settings screen ({@link SETTINGS_ROLES}). */
export function mayManageSettings(role: ConsoleRole): boolean {
  return SETTINGS_ROLES.includes(role);
}

/**
 * The settings screen's API: reads and saves through lead-crm's `/v1/locations/:id/settings` as the user (lead-crm
 * validates with `tenants apply`'s rules, publishes the configuration and audits), and shows the location's last
 * call. The console refuses dispatchers and locations the user cannot see before lead-crm is asked.
 */
@Injectable()
export class LocationSettingsService {
  constructor(
    private readonly crm: LeadCrmClient,
    private readonly inbox: InboxService,
    private readonly users: ConsoleUserRepository,
  ) {}

  /** @throws ForbiddenException (a dispatcher), NotFoundException (not a visible location), StaffApiRefusal. */
  async view(user: ConsoleUser, locationId: string): Promise<LocationSettingsPage> {
    await this.check(user, locationId);
    return this.named(user, (await this.crm.request(user, 'GET', `/v1/locations/${encodeURIComponent(locationId)}/settings`)) as Crm.LocationSettingsView);
  }

  /** @throws as {@link view}; StaffApiRefusal 400 with each problem, 409 when stale. */
  async save(user: ConsoleUser, locationId: string, expectedRevision: number, settings: Record<string, unknown>): Promise<{ outcome: 'updated' | 'unchanged'; page: LocationSettingsPage }> {
    await this.check(user, locationId);
    const result = (await this.crm.request(user, 'PUT', `/v1/locations/${encodeURIComponent(locationId)}/settings`, { expectedRevision, settings })) as Crm.LocationSettingsSaveResult;
    return { outcome: result.outcome, page: await this.named(user, result.view) };
  }

  /** @throws as {@link view}. */
  async lastCall(user: ConsoleUser, locationId: string): Promise<{ call: LastCall | null }> {
    await this.check(user, locationId);
    const answer = (await this.crm.request(user, 'GET', `/v1/locations/${encodeURIComponent(locationId)}/last-call`)) as { call: Crm.LastCallView | null };
    return { call: answer.call };
  }

  private async check(user: ConsoleUser, locationId: string): Promise<void> {
    if (!mayManageSettings(user.role)) throw new ForbiddenException('location settings are for owners and managers');
    if (!(await this.inbox.mayAccess(user, locationId))) throw new NotFoundException('no such location, or not one of yours');
  }

  /** lead-crm's view with each change's author named (console users of the tenant). */
  private async named(user: ConsoleUser, view: Crm.LocationSettingsView): Promise<LocationSettingsPage> {
    const names = await this.users.namesOf(user.tenantId, [...new Set(view.history.map((c) => c.actorUserId))]);
    const history: LocationSettingsChange[] = view.history.map((c) => ({ ...c, actorName: names.get(c.actorUserId) ?? null }));
    return { ...view, history };
  }
}
