import { type AccessScope } from './access-scope.types';
import { canSeeLocation } from './location-visibility';

const tenantId = '8f0c4f1e-3d2a-4b6c-9e7f-1a2b3c4d5e6f';
const scope = (role: AccessScope['role']): AccessScope => ({ tenantId, userId: 'u-1', role, regionIds: ['r-1'], locationIds: ['l-1'] });
const at = (locationId: string, regionId: string | null, tenant = tenantId) => ({ tenantId: tenant, locationId, regionId });

describe(canSeeLocation.name, () => {
  it('lets owners and admins see every location of their tenant and nothing of another tenant', () => {
    expect(canSeeLocation(scope('owner'), at('l-9', null))).toBe(true);
    expect(canSeeLocation(scope('admin'), at('l-9', 'r-9'))).toBe(true);
    expect(canSeeLocation(scope('owner'), at('l-1', 'r-1', 'another-tenant'))).toBe(false);
  });

  it('limits a regional manager to the locations of their regions', () => {
    expect(canSeeLocation(scope('regional_manager'), at('l-9', 'r-1'))).toBe(true);
    expect(canSeeLocation(scope('regional_manager'), at('l-1', 'r-2'))).toBe(false);
    expect(canSeeLocation(scope('regional_manager'), at('l-1', null))).toBe(false);
  });

  it('limits dispatchers and agents to their own locations', () => {
    expect(canSeeLocation(scope('dispatcher'), at('l-1', 'r-2'))).toBe(true);
    expect(canSeeLocation(scope('agent'), at('l-2', 'r-1'))).toBe(false);
  });
});
