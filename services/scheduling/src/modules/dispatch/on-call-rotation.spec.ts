import { DateTime } from 'luxon';
import { OnCallRotation } from './on-call-rotation';

const zone = 'America/Denver';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const rotation = new OnCallRotation({
  timeZone: zone,
  onCall: {
    escalationTimeoutSeconds: 300,
    managerE164: '+13035550100',
    rotation: [
      { name: 'Day Tech', e164: '+13035550101', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '07:00', end: '19:00' },
      { name: 'Night Tech', e164: '+13035550102', days: ['fri'], start: '19:00', end: '07:00' },
      { name: 'Backup', e164: '+13035550103' },
    ],
  },
});

describe(OnCallRotation.name, () => {
  it('lists the members on duty in order, then the manager', () => {
    expect(rotation.escalationList(at('2026-12-04T10:00')).map((e) => e.name)).toEqual(['Day Tech', 'Backup', 'Manager']);
  });

  it('keeps an overnight shift with the day it started on', () => {
    // Saturday 02:00 belongs to Friday's 19:00–07:00 shift.
    expect(rotation.escalationList(at('2026-12-05T02:00')).map((e) => e.name)).toEqual(['Night Tech', 'Backup', 'Manager']);
    // Friday 02:00 belongs to Thursday night: nobody on that shift.
    expect(rotation.escalationList(at('2026-12-04T02:00')).map((e) => `${e.name}:${e.role}`)).toEqual(['Backup:on_call', 'Manager:manager']);
  });
});
