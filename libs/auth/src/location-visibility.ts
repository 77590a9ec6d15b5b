import { type AccessScope } from './access-scope.types';

/** The tenant and region a location belongs to (from lead-crm's location config). */
export interface ScopedLocation {
  tenantId: string;
  locationId: string;
  /** Null when the location is in no region (then only owners, admins and its own dispatchers/agents see it). */
  regionId: string | null;
}

/**
 * Whether `scope` may see (and act on) records of `location`: always only within the scope's
 * tenant; owners and admins see every location of it, a regional manager the locations of their
 * regions, a location manager, dispatcher or agent their own locations. The same rules lead-crm applies in SQL.
 */
export function canSeeLocation(scope: AccessScope, location: ScopedLocation): boolean {
  if (location.tenantId !== scope.tenantId) return false;
  switch (scope.role) {
    case 'owner':
    case 'admin':
      return true;
    case 'regional_manager':
      return location.regionId !== null && scope.regionIds.includes(location.regionId);
    case 'location_manager':
    case 'dispatcher':
    case 'agent':
      return scope.locationIds.includes(location.locationId);
  }
}
