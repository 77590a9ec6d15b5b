import { type CrmScope } from './crm-scope.types';

/**
 * SQL condition restricting rows to what `scope` may see: always the tenant, then the regions
 * of a regional manager or the locations of a dispatcher/agent. Appends its bind values to
 * `params` and refers to them by position.
 * @param schemaSql quoted crm schema (for the region lookup through `locations`).
 * @param alias table alias whose `tenant_id` and `location_id` (or `id` for locations) columns are filtered.
 * @param locationColumn column holding the location id (`location_id`, or `id` on locations).
 */
export function scopeCondition(scope: CrmScope, schemaSql: string, alias: string, params: unknown[], locationColumn = 'location_id'): string {
  params.push(scope.tenantId);
  const tenant = `${alias}.tenant_id = $${params.length}`;
  switch (scope.role) {
    case 'owner':
    case 'admin':
      return tenant;
    case 'regional_manager':
      params.push([...scope.regionIds]);
      return `${tenant} AND ${alias}.${locationColumn} IN (SELECT sl.id FROM ${schemaSql}.locations sl WHERE sl.tenant_id = $${params.length - 1} AND sl.region_id = ANY($${params.length}::uuid[]))`;
    case 'location_manager':
    case 'dispatcher':
    case 'agent':
      params.push([...scope.locationIds]);
      return `${tenant} AND ${alias}.${locationColumn} = ANY($${params.length}::uuid[])`;
  }
}
