import { type AccessScope } from '@textback/auth';

/**
 * What reporting reads of the caller's verified access token (@textback/auth, the same token
 * and rules as lead-crm's and scheduling's APIs): tenant, role, regions, locations.
 */
export type ReportPrincipal = Pick<AccessScope, 'tenantId' | 'role' | 'regionIds' | 'locationIds'>;
