import { type AccessRole } from '@textback/auth';

/**
 * Roles of a console user: an `owner` sees every location of the tenant, a `regional_manager` the locations
 * of their regions, a `location_manager` and a `dispatcher` their own locations.
 */
export const CONSOLE_ROLES = ['owner', 'regional_manager', 'location_manager', 'dispatcher'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** Whether `value` names a {@link ConsoleRole}. */
export function isConsoleRole(value: string): value is ConsoleRole {
  return (CONSOLE_ROLES as readonly string[]).includes(value);
}

/** The signed-in user as every console API sees them. */
export interface ConsoleUser {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: ConsoleRole;
  regionIds: readonly string[];
  locationIds: readonly string[];
}

/**
 * The role of the access token the console mints for `role` when it calls another service's staff API on
 * the user's behalf: the same role (a location manager is scoped to their locations like a dispatcher, may
 * change their settings, and does not record outcomes, see @textback/auth).
 */
export function apiRoleOf(role: ConsoleRole): AccessRole {
  switch (role) {
    case 'owner':
      return 'owner';
    case 'regional_manager':
      return 'regional_manager';
    case 'location_manager':
      return 'location_manager';
    case 'dispatcher':
      return 'dispatcher';
  }
}

/**
 * Whether `user` may see a location (tenant, region, location id): only within their tenant; owners every
 * location, regional managers those of their regions, location managers and dispatchers their own.
 */
export function userCanSeeLocation(user: ConsoleUser, location: { tenantId: string; locationId: string; regionId: string | null }): boolean {
  if (location.tenantId !== user.tenantId) return false;
  switch (user.role) {
    case 'owner':
      return true;
    case 'regional_manager':
      return location.regionId !== null && user.regionIds.includes(location.regionId);
    case 'location_manager':
    case 'dispatcher':
      return user.locationIds.includes(location.locationId);
  }
}
