/**
 * Roles of a Textback user: `owner` and `admin` see the whole tenant; a `regional_manager`
 * sees the locations of their regions; a `dispatcher` or `agent` sees their locations only.
 */
export const CRM_ROLES = ['owner', 'admin', 'regional_manager', 'dispatcher', 'agent'] as const;
export type CrmRole = (typeof CRM_ROLES)[number];

/**
 * What a caller of the API may see, taken from the verified JWT. Every repository method that
 * reads or writes tenant data takes one of these, so an unscoped query cannot be written.
 */
export interface CrmScope {
  tenantId: string;
  /** The user (JWT `sub`). */
  userId: string;
  role: CrmRole;
  /** Regions of a regional manager (ignored for other roles). */
  regionIds: readonly string[];
  /** Locations of a dispatcher or agent (ignored for other roles). */
  locationIds: readonly string[];
}
