import { apiRoleOf, type ConsoleUser, userCanSeeLocation } from './console-role.types';

const tenantId = 't-1';
const user = (role: ConsoleUser['role']): ConsoleUser => ({ id: 'u', tenantId, email: 'a@b.c', name: 'A', role, regionIds: ['r-west'], locationIds: ['l-denver'] });
const denver = { tenantId, locationId: 'l-denver', regionId: 'r-west' };
const chicago = { tenantId, locationId: 'l-chicago', regionId: 'r-east' };
const loose = { tenantId, locationId: 'l-loose', regionId: null };

describe(userCanSeeLocation.name, () => {
  it.each([
    ['owner', [true, true, true]],
    ['regional_manager', [true, false, false]],
    ['location_manager', [true, false, false]],
    ['dispatcher', [true, false, false]],
  ] as const)('%s sees the locations the role allows', (role, expected) => {
    expect([denver, chicago, loose].map((l) => userCanSeeLocation(user(role), l))).toEqual(expected);
  });

  it('never shows another tenant, whatever the role', () => {
    for (const role of ['owner', 'regional_manager', 'location_manager', 'dispatcher'] as const) expect(userCanSeeLocation(user(role), { ...denver, tenantId: 't-2' })).toBe(false);
  });
});

describe(apiRoleOf.name, () => {
  it('acts in the platform APIs with the same role (a location manager as a location manager)', () => {
    expect([apiRoleOf('owner'), apiRoleOf('regional_manager'), apiRoleOf('location_manager'), apiRoleOf('dispatcher')]).toEqual(['owner', 'regional_manager', 'location_manager', 'dispatcher']);
  });
});
