import { changesMindToNewWindow, parseBookingPreference } from './booking-preference.parser';
import { type BookingPreference } from './booking-preference.types';

// Reference "now": Wed Dec 2 2026, 14:00 in New York (19:00Z).
const NY = 'America/New_York';
const WED_2PM_NY = new Date('2026-12-02T19:00:00Z');

type Expect = Partial<Pick<BookingPreference, 'asap' | 'dates' | 'weekdays' | 'excludedWeekdays' | 'excludedDates' | 'timeOfDay' | 'rejectsOffered' | 'label'>>;

const h = (from: number, to: number) => ({ fromMinute: from * 60, toMinute: to * 60 });

describe(parseBookingPreference.name, () => {
  const table: [string, Expect][] = [
    ['Friday morning if possible', { weekdays: [5], timeOfDay: h(0, 12), label: 'Friday morning' }],
    ['friday morning works', { weekdays: [5], timeOfDay: h(0, 12) }],
    ['after 5', { weekdays: [], dates: [], timeOfDay: h(17, 24), label: 'after 5pm' }],
    ['anytime after 5pm is fine', { timeOfDay: h(17, 24) }],
    ['before 10 please', { timeOfDay: h(0, 10), label: 'before 10am' }],
    ['this weekend', { weekdays: [6, 7], timeOfDay: null, label: 'the weekend' }],
    ['as soon as possible', { asap: true, weekdays: [], timeOfDay: null, label: 'as soon as possible' }],
    ['ASAP!!', { asap: true }],
    ['not Monday', { excludedWeekdays: [1], weekdays: [], label: 'not Monday' }],
    ['any day but monday', { excludedWeekdays: [1], weekdays: [] }],
    ["Monday doesn't work for me", { excludedWeekdays: [1], weekdays: [] }],
    ['afternoons are best for me', { timeOfDay: h(12, 17), weekdays: [], label: 'afternoon' }],
    ['actually Saturday works better', { weekdays: [6], label: 'Saturday' }],
    ['none of those', { rejectsOffered: true, weekdays: [], timeOfDay: null }],
    ['neither, do you have anything Thursday?', { rejectsOffered: true, weekdays: [4] }],
    ['tomorrow afternoon', { dates: ['2026-12-03'], timeOfDay: h(12, 17), label: 'tomorrow afternoon' }],
    ['Tuesday or Wednesday evening', { weekdays: [2, 3], timeOfDay: h(17, 24) }],
    ['tomorrow at 3pm', { dates: ['2026-12-03'], timeOfDay: h(15, 16), label: 'tomorrow at 3pm' }],
    ['Dec 8 at 3pm', { dates: ['2026-12-08'], timeOfDay: h(15, 16) }],
    ['weekday evenings after 6', { weekdays: [1, 2, 3, 4, 5], timeOfDay: h(18, 24) }],
    ['sometime next week', { dates: ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13'], label: 'next week' }],
    ['can you send someone this week?', { dates: ['2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06'], label: 'this week' }],
    ['next week, mornings', { timeOfDay: h(0, 12), label: 'next week morning' }],
    ['my sink is leaking under the cabinet', { asap: false, weekdays: [], dates: [], timeOfDay: null, label: '' }],
    ['I called yesterday about the heater, Friday works', { weekdays: [5], dates: [] }],
    ['no heat since Monday, can you come Thursday?', { weekdays: [4], excludedWeekdays: [] }],
    // What chrono-node reads relative to the moment of writing is not a wish (seen in ../shared/eval texts).
    ["the AC isn't working now", { dates: [], timeOfDay: null, label: '' }],
    ["I'm [NAME]. I need to be treated asap. It's 9pm now", { asap: true, dates: [], timeOfDay: null, label: 'as soon as possible' }],
    ['car dies but comes back to life ~30 minutes later', { dates: [], timeOfDay: null, label: '' }],
    ["give me a call if you've got a minute", { dates: [], timeOfDay: null, label: '' }],
    ["appointment today please, I've been coughing for 2 days", { dates: ['2026-12-02'], timeOfDay: null, label: 'today' }],
    ['can someone come in 2 days?', { dates: ['2026-12-04'] }],
    // A clock time without am/pm: into the part of the day named, else 1-7 as pm.
    ['Is there anything available for the afternoon 2:15?', { timeOfDay: { fromMinute: 14 * 60 + 15, toMinute: 15 * 60 + 15 }, label: 'afternoon at 2:15pm' }],
    ['can I keep my 6:00 slot', { timeOfDay: h(18, 19) }],
    ['Monday at 9:30', { weekdays: [1], timeOfDay: { fromMinute: 9 * 60 + 30, toMinute: 10 * 60 + 30 } }],
    // Greetings and history are not preferences.
    ['Good morning, can someone call me', { timeOfDay: null, label: '' }],
    ['the car has been sat for a while and the discs are rusty', { weekdays: [], label: '' }],
  ];

  it.each(table)('reads %j', (text, expected) => {
    const pref = parseBookingPreference(text, { zone: NY, now: WED_2PM_NY });
    expect(pref).toMatchObject(expected);
  });

  it('reads "tomorrow" on the local day of the location, not of UTC', () => {
    // 23:30 Tue Dec 1 in New York is already Wed Dec 2 in UTC.
    const pref = parseBookingPreference('tomorrow morning', { zone: NY, now: new Date('2026-12-02T04:30:00Z') });
    expect(pref.dates).toEqual(['2026-12-02']);
    const inTokyo = parseBookingPreference('tomorrow morning', { zone: 'Asia/Tokyo', now: new Date('2026-12-02T04:30:00Z') });
    expect(inTokyo.dates).toEqual(['2026-12-03']);
  });

  it('reads a date across the autumn DST change in its own local meaning', () => {
    // Fri Oct 30 2026 10:00 EDT (UTC-4); New York falls back to EST (UTC-5) on Sun Nov 1.
    const pref = parseBookingPreference('next Tuesday morning', { zone: NY, now: new Date('2026-10-30T14:00:00Z') });
    expect(pref.weekdays).toEqual([2]);
    const dated = parseBookingPreference('Nov 3 after 4', { zone: NY, now: new Date('2026-10-30T14:00:00Z') });
    expect(dated.dates).toEqual(['2026-11-03']);
    expect(dated.timeOfDay).toEqual(h(16, 24));
  });

  it('falls back to UTC for an unknown zone instead of throwing', () => {
    expect(parseBookingPreference('tomorrow', { zone: 'Not/AZone', now: WED_2PM_NY }).zone).toBe('UTC');
  });
});

describe(changesMindToNewWindow.name, () => {
  const read = (text: string) => parseBookingPreference(text, { zone: NY, now: WED_2PM_NY });
  it.each([
    ['actually this weekend works better', true],
    ['Saturday instead', true],
    ['I would rather do Friday morning', true],
    ['actually the 2nd one', false],
    ['rather Saturday at 3pm', false],
    ['actually never mind', false],
    ['Saturday', false],
  ])('"%s" → %s', (text, expected) => {
    expect(changesMindToNewWindow(text, read(text))).toBe(expected);
  });
});
