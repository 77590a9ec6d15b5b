import { bookingHoursFor } from './booking-hours.policy';

const ALL_DAY = { open: '00:00', close: '23:59' };

describe(bookingHoursFor.name, () => {
  it('cuts a 24/7 answering line to the default booking day', () => {
    expect(bookingHoursFor({ businessHours: { mon: [ALL_DAY], sun: [ALL_DAY] } }, undefined)).toEqual({ mon: [{ open: '07:00', close: '20:00' }], sun: [{ open: '07:00', close: '20:00' }] });
  });

  it('keeps ordinary business hours as they are (existing manifests book as before)', () => {
    const hours = { mon: [{ open: '08:00', close: '12:00' }, { open: '13:00', close: '17:00' }] };
    expect(bookingHoursFor({ businessHours: hours }, { bookingHours: undefined })).toEqual(hours);
    expect(bookingHoursFor({ businessHours: { sat: [{ open: '21:00', close: '23:00' }] } }, undefined)).toEqual({});
  });

  it("prefers the service's booking hours, then the location's", () => {
    const location = { mon: [{ open: '09:00', close: '15:00' }] };
    expect(bookingHoursFor({ businessHours: { mon: [ALL_DAY] }, bookingHours: location }, undefined)).toEqual(location);
    expect(bookingHoursFor({ businessHours: { mon: [ALL_DAY] }, bookingHours: location }, { bookingHours: { mon: [ALL_DAY] } })).toEqual({ mon: [ALL_DAY] });
  });
});
