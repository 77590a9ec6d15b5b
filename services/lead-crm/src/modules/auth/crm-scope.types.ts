import { ACCESS_ROLES, type AccessRole, type AccessScope } from '@textback/auth';

/**
 * Roles of a Textback user (the shared access-token model of @textback/auth): `owner` and
 * `admin` see the whole tenant; a `regional_manager` the locations of their regions; a
 * `dispatcher` or `agent` their locations only.
 */
export const CRM_ROLES = ACCESS_ROLES;
export type CrmRole = AccessRole;

/**
 * What a caller of the API may see, from the verified JWT (@textback/auth's AccessScope). Every
 * repository method that reads or writes tenant data takes one of these, so an unscoped query
 * cannot be written.
 */
export type CrmScope = AccessScope;
