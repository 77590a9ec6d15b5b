/**
 * Roles of a Textback user: `owner` and `admin` see the whole tenant; a `regional_manager`
 * sees the locations of their regions; a `location_manager`, `dispatcher` or `agent` sees their
 * locations only (a location manager may also change their settings, {@link mayEditLocationSettings}).
 */
export const ACCESS_ROLES = ['owner', 'admin', 'regional_manager', 'location_manager', 'dispatcher', 'agent'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

/**
 * Roles that may record a lead's outcome (won or lost, and the job's value that feeds revenue and
 * ROI): the tenant's owner and admins and regional managers — the people who answer for the
 * numbers. Dispatchers and agents work conversations and bookings but do not close leads
 * (nor do location managers: the value of a job is answered for above a single location).
 */
export const OUTCOME_RECORDING_ROLES: readonly AccessRole[] = ['owner', 'admin', 'regional_manager'];

/** Whether `role` may record lead outcomes ({@link OUTCOME_RECORDING_ROLES}). */
export function mayRecordOutcomes(role: AccessRole): boolean {
  return OUTCOME_RECORDING_ROLES.includes(role);
}

/**
 * Roles that may change a location's settings (hours, holidays, quiet hours, templates, services, on-call rotation):
 * the tenant's owner and admins, regional managers (their regions) and location managers (their locations).
 * Dispatchers and agents work conversations; they do not change how the location answers.
 */
export const LOCATION_SETTINGS_ROLES: readonly AccessRole[] = ['owner', 'admin', 'regional_manager', 'location_manager'];

/** Whether `role` may change location settings ({@link LOCATION_SETTINGS_ROLES}). */
export function mayEditLocationSettings(role: AccessRole): boolean {
  return LOCATION_SETTINGS_ROLES.includes(role);
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
  /** Locations (uuid) of a location manager, dispatcher or agent (ignored for other roles). */
  locationIds: readonly string[];
}
