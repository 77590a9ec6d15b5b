import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { strictMock } from '@textback/testing';
import { type ConsoleRole, type ConsoleUser } from '../accounts/console-role.types';
import { type ConsoleUserRepository } from '../accounts/console-user.repository';
import { type LeadCrmClient } from '../actions/lead-crm.client';
import { type InboxService } from '../inbox/inbox.service';
import { LocationSettingsService, mayManageSettings } from './location-settings.service';

const user = (role: ConsoleRole): ConsoleUser => ({ id: 'u1', tenantId: 't1', email: 'lee@example.com', name: 'Lee', role, regionIds: [], locationIds: ['l1'] });
const view = { locationId: 'l1', locationName: 'Denver', businessName: 'Acme', timeZone: 'America/Denver', revision: 3, settings: {}, history: [{ actorUserId: 'u1', actorRole: 'location_manager', changedAt: '2026-12-04T12:00:00.000Z', changedFields: ['holidays'], before: {}, after: {}, revision: 3 }] };

describe(LocationSettingsService.name, () => {
  it('lets owners, regional managers and location managers in, not dispatchers', () => {
    expect((['owner', 'regional_manager', 'location_manager', 'dispatcher'] as const).map(mayManageSettings)).toEqual([true, true, true, false]);
  });

  it('refuses a dispatcher and a location the user cannot see without asking lead-crm', async () => {
    const crm = strictMock<LeadCrmClient>({});
    const service = new LocationSettingsService(crm, strictMock<InboxService>({ mayAccess: jest.fn().mockResolvedValue(false) }), strictMock<ConsoleUserRepository>({}));
    await expect(service.view(user('dispatcher'), 'l1')).rejects.toBeInstanceOf(ForbiddenException);
    await expect(service.save(user('location_manager'), 'l2', 3, {})).rejects.toBeInstanceOf(NotFoundException);
  });

  it('reads through lead-crm as the user and names the author of each change', async () => {
    const crm = strictMock<LeadCrmClient>({ request: jest.fn().mockResolvedValue(view) });
    const users = strictMock<ConsoleUserRepository>({ namesOf: jest.fn().mockResolvedValue(new Map([['u1', 'Lee Manager']])) });
    const service = new LocationSettingsService(crm, strictMock<InboxService>({ mayAccess: jest.fn().mockResolvedValue(true) }), users);
    const page = await service.view(user('location_manager'), 'l1');
    expect(crm.request).toHaveBeenCalledWith(user('location_manager'), 'GET', '/v1/locations/l1/settings');
    expect(page.history[0]).toMatchObject({ actorName: 'Lee Manager', changedFields: ['holidays'] });
  });
});
