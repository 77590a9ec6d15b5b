/**
 * Roles of a Textback user: `owner` and `admin` see the whole tenant; a `regional_manager`
 * sees the locations of their regions; a `dispatcher` or `agent` sees their locations only.
 */
export const ACCESS_ROLES = ['owner', 'admin', 'regional_manager', 'dispatcher', 'agent'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

/**
 * Roles that may record a lead's outcome (won or lost, and the job's value that feeds revenue and
 * ROI): the tenant's owner and admins and regional managers — the people who answer for the
 * numbers. Dispatchers and agents work conversations and bookings but do not close leads
 * (there is no separate location-manager role: a manager of one location is a regional manager
 * of a region holding it).
 */
export const OUTCOME_RECORDING_ROLES: readonly AccessRole[] = ['owner', 'admin', 'regional_manager'];

/** Whether `role` may record lead outcomes ({@link OUTCOME_RECORDING_ROLES}). */
export function mayRecordOutcomes(role: AccessRole): boolean {
  return OUTCOME_RECORDING_ROLES.includes(role);
}

/**
 * What the caller of a staff API may see, taken from a verified access token (JWT). Services
 * pass it to every repository method that reads or writes tenant data, so an unscoped query
 * cannot be written by accident.
 */
export interface AccessScope {
  /** The tenant (uuid); nothing of another tenant is visible. */
  tenantId: string;
  /** The user (JWT `sub`). */
  userId: string;
  role: AccessRole;
  /** Regions (uuid) of a regional manager (ignored for other roles). */
  regionIds: readonly string[];
  /** Locations (uuid) of a dispatcher or agent (ignored for other roles). */
  locationIds: readonly string[];
}
