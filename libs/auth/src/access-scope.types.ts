/**
 * Roles of a Textback user: `owner` and `admin` see the whole tenant; a `regional_manager`
 * sees the locations of their regions; a `dispatcher` or `agent` sees their locations only.
 */
export const ACCESS_ROLES = ['owner', 'admin', 'regional_manager', 'dispatcher', 'agent'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

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
