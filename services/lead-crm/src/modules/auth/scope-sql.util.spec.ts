import { scopeCondition } from './scope-sql.util';

const base = { tenantId: 't', userId: 'u', regionIds: ['r1'], locationIds: ['l1'] };

describe(scopeCondition.name, () => {
  it('limits owners and admins to their tenant', () => {
    const params: unknown[] = ['x'];
    expect(scopeCondition({ ...base, role: 'admin' }, '"crm"', 'l', params)).toBe('l.tenant_id = $2');
    expect(params).toEqual(['x', 't']);
  });

  it('limits a regional manager to the locations of their regions', () => {
    const params: unknown[] = [];
    expect(scopeCondition({ ...base, role: 'regional_manager' }, '"crm"', 'l', params)).toBe(
      'l.tenant_id = $1 AND l.location_id IN (SELECT sl.id FROM "crm".locations sl WHERE sl.tenant_id = $1 AND sl.region_id = ANY($2::uuid[]))',
    );
    expect(params).toEqual(['t', ['r1']]);
  });

  it('limits dispatchers and agents to their locations', () => {
    const params: unknown[] = [];
    expect(scopeCondition({ ...base, role: 'agent' }, '"crm"', 'x', params, 'id')).toBe('x.tenant_id = $1 AND x.id = ANY($2::uuid[])');
    expect(params).toEqual(['t', ['l1']]);
  });
});
