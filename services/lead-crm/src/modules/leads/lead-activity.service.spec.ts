import { randomUUID } from 'node:crypto';
import { type TransactionContext } from '@textback/persistence';
import { strictMock } from '@textback/testing';
import { crmEvents } from '../../../test/factories/crm-event.factory';
import { LeadActivityService } from './lead-activity.service';
import { RecordCallUsecase } from './usecases/record-call/record-call.usecase';
import { RecordConversationUsecase } from './usecases/record-conversation/record-conversation.usecase';
import { RecordSchedulingUsecase } from './usecases/record-scheduling/record-scheduling.usecase';
import { type LeadEventPublisher } from './lead-event.publisher';
import { type LeadRepository } from './lead.repository';
import { type LeadRecord } from './lead.types';
import { type TaskRepository } from './task.repository';
import { type TimelineRepository } from './timeline.repository';

const tx = { handle: {} } as TransactionContext;
const place = { tenantId: randomUUID(), locationId: randomUUID(), correlationId: randomUUID(), at: new Date('2026-11-29T15:00:00Z') };
const lead = (over: Partial<LeadRecord>): LeadRecord => ({
  id: randomUUID(),
  tenantId: place.tenantId,
  locationId: place.locationId,
  contactId: 'c1',
  callerE164: '+17205550100',
  callerOptedOut: false,
  stage: 'new',
  source: 'missed_call',
  trackingSource: null,
  missedCallReason: 'no_answer',
  intent: null,
  urgency: null,
  serviceId: null,
  estimatedValueCents: null,
  actualValueCents: null,
  callId: null,
  lostReason: null,
  takenOverBy: null,
  takenOverAt: null,
  createdAt: place.at,
  updatedAt: place.at,
  closedAt: null,
  ...over,
});

describe(LeadActivityService.name, () => {
  it('ignores an event of a location this CRM does not know, writing nothing', async () => {
    const leads = strictMock<LeadRepository>({ locationOfTenant: jest.fn().mockResolvedValue(false) });
    const service = new RecordCallUsecase(new LeadActivityService(leads, strictMock<TimelineRepository>({}), strictMock<TaskRepository>({}), strictMock<LeadEventPublisher>({})));
    await service.callMissed(tx, crmEvents.callMissed(place, '+17205550100', '+13035550123', randomUUID()));
    expect(leads.locationOfTenant).toHaveBeenCalledWith(tx, place.tenantId, place.locationId);
  });

  it('opens a lead on a first missed call and publishes lead created', async () => {
    const created = lead({});
    const leads = strictMock<LeadRepository>({
      locationOfTenant: jest.fn().mockResolvedValue(true),
      upsertContact: jest.fn().mockResolvedValue('c1'),
      findCurrentLead: jest.fn().mockResolvedValue(null),
      insertLead: jest.fn().mockResolvedValue(created),
    });
    // The timeline entry is appended by the statement that opens the lead (strict mocks: no separate append).
    const publisher = strictMock<LeadEventPublisher>({ created: jest.fn().mockResolvedValue(undefined) });
    const service = new RecordCallUsecase(new LeadActivityService(leads, strictMock<TimelineRepository>({}), strictMock<TaskRepository>({}), publisher));
    const callId = randomUUID();
    await service.callMissed(tx, crmEvents.callMissed(place, '+17205550100', '+13035550124', callId));
    expect(leads.insertLead).toHaveBeenCalledWith(
      tx,
      expect.objectContaining({ source: 'missed_call', missedCallReason: 'no_answer', callId, contactId: 'c1' }),
      expect.objectContaining({ kind: 'call_missed', contactId: 'c1', sourceEventId: expect.any(String) }),
    );
    expect(publisher.created).toHaveBeenCalledWith(tx, created, expect.objectContaining({ correlationId: place.correlationId }));
  });

  it('never moves a won lead: a late booking only adds to the timeline', async () => {
    const won = lead({ stage: 'won' });
    const leads = strictMock<LeadRepository>({
      locationOfTenant: jest.fn().mockResolvedValue(true),
      upsertContact: jest.fn().mockResolvedValue('c1'),
      findCurrentLeadAppending: jest.fn().mockResolvedValue({ lead: won, open: false }),
    });
    // The entry is appended by the statement that finds the lead (strict mocks: no separate append, no update).
    const service = new RecordSchedulingUsecase(new LeadActivityService(leads, strictMock<TimelineRepository>({}), strictMock<TaskRepository>({}), strictMock<LeadEventPublisher>({})));
    await service.bookingConfirmed(tx, crmEvents.bookingConfirmed(place, '+17205550100', 'furnace-repair', 45000));
    expect(leads.findCurrentLeadAppending).toHaveBeenCalledWith(tx, place.tenantId, place.locationId, 'c1', expect.objectContaining({ kind: 'booking' }));
  });

  it('opens a new lead on a missed call when the latest is closed (lost), not touching the closed one', async () => {
    const lost = lead({ stage: 'lost' });
    const created = lead({});
    const leads = strictMock<LeadRepository>({
      locationOfTenant: jest.fn().mockResolvedValue(true),
      upsertContact: jest.fn().mockResolvedValue('c1'),
      findCurrentLead: jest.fn().mockResolvedValue({ lead: lost, open: false }),
      insertLead: jest.fn().mockResolvedValue(created),
    });
    const publisher = strictMock<LeadEventPublisher>({ created: jest.fn().mockResolvedValue(undefined) });
    const service = new RecordCallUsecase(new LeadActivityService(leads, strictMock<TimelineRepository>({}), strictMock<TaskRepository>({}), publisher));
    await service.callMissed(tx, crmEvents.callMissed(place, '+17205550100', '+13035550125', randomUUID()));
    expect(leads.insertLead).toHaveBeenCalledTimes(1);
    expect(leads.insertLead).toHaveBeenCalledWith(tx, expect.objectContaining({ source: 'missed_call' }), expect.objectContaining({ kind: 'call_missed' }));
  });

  it('moves an engaged lead to qualified and prices it from the service average ticket', async () => {
    const engaged = lead({ stage: 'engaged' });
    const updated = lead({ ...engaged, stage: 'qualified', intent: 'book', urgency: 'routine', serviceId: 'furnace-repair', estimatedValueCents: 45000 });
    const leads = strictMock<LeadRepository>({
      locationOfTenant: jest.fn().mockResolvedValue(true),
      upsertContact: jest.fn().mockResolvedValue('c1'),
      findCurrentLead: jest.fn().mockResolvedValue({ lead: engaged, open: true }),
      averageTicketCents: jest.fn().mockResolvedValue(45000),
      updateLead: jest.fn().mockResolvedValue(updated),
    });
    const timeline = strictMock<TimelineRepository>({ append: jest.fn().mockResolvedValue(true) });
    const publisher = strictMock<LeadEventPublisher>({ stageChanged: jest.fn().mockResolvedValue(undefined), updated: jest.fn().mockResolvedValue(undefined) });
    const service = new RecordConversationUsecase(new LeadActivityService(leads, timeline, strictMock<TaskRepository>({}), publisher));
    await service.leadQualified(tx, crmEvents.leadQualified(place, '+17205550100', 'furnace-repair'));
    expect(leads.updateLead).toHaveBeenCalledWith(tx, place.tenantId, engaged.id, { intent: 'book', urgency: 'routine', serviceId: 'furnace-repair', estimatedValueCents: 45000, stage: 'qualified' });
    expect(publisher.stageChanged).toHaveBeenCalledWith(tx, updated, 'engaged', 'automation', expect.anything());
    expect(publisher.updated).toHaveBeenCalledWith(tx, updated, expect.anything());
  });
});
