import { DateTime } from 'luxon';
import { parseSlotChoice } from './slot-choice.parser';

const zone = 'America/Chicago';
// Tue 2026-12-01 14:00 in Chicago.
const now = DateTime.fromISO('2026-12-01T14:00', { zone }).toJSDate();
const slot = (iso: string) => {
  const start = DateTime.fromISO(iso, { zone });
  return { slotId: start.toISO() ?? iso, startAt: start.toUTC().toISO() ?? iso, endAt: start.plus({ hours: 2 }).toUTC().toISO() ?? iso, label: iso };
};
const slots = [slot('2026-12-01T15:00'), slot('2026-12-02T09:00'), slot('2026-12-02T13:00'), slot('2026-12-03T10:00')];

describe(parseSlotChoice.name, () => {
  it.each([
    ['2', 1],
    ['option 3 please', 2],
    ['the second one', 1],
    ['the 3pm one', 0],
    ['tomorrow morning works', 1],
    ['tomorrow afternoon', 2],
    ['Thursday at 10', 3],
    ['1pm tomorrow', 2],
    ['the first one works', 0],
    ['First one please', 0],
    ['the third option', 2],
    ['#2', 1],
    ['2 please', 1],
    ['number 4', 3],
  ])('reads %j as slot #%d', (text, index) => {
    expect(parseSlotChoice(text, slots, zone, now)).toEqual(slots[index]);
  });

  it.each(['sounds good', '7', 'friday at noon', 'what about 8pm'])('finds no slot in %j', (text) => {
    expect(parseSlotChoice(text, slots, zone, now)).toBeNull();
  });
});
