import { type ConversationScenario } from '../src/scenario.types';

/** Auto repair (San Francisco) and a locksmith in London (country GB: the emergency number is 999). */
export const TRADES_SCENARIOS: ConversationScenario[] = [
  {
    id: 'auto-oil-change-no-preference',
    location: 'auto',
    about: 'booking without a preference',
    caller: [{ say: 'Need an oil change' }, { say: 'whenever you have an opening' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1 } },
  },
  {
    id: 'auto-brakes-saturday-morning',
    location: 'auto',
    about: 'booking with a day and part of the day',
    caller: [{ say: 'Can I bring my car in Saturday morning? The brakes are squeaking' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, when: 1 }, window: { weekdays: [6], toHour: 12, description: 'Saturday morning' } },
  },
  {
    id: 'auto-brake-pedal-to-floor',
    location: 'auto',
    about: 'brake failure while driving, indirect',
    caller: [{ say: "my brake pedal is going all the way to the floor and I'm still on the freeway" }, { say: 'yes' }],
    expect: { outcome: 'paged', pagedBy: 2, emergencyNumber: '911' },
  },
  {
    id: 'auto-callback-quote',
    location: 'auto',
    about: 'a callback request for a quote',
    caller: [{ say: 'Could you call me with a quote for a timing belt?' }],
    expect: { outcome: 'callback' },
  },
  {
    id: 'auto-hours-question',
    location: 'auto',
    about: 'a question about opening hours, then a booking',
    caller: [{ say: 'What time do you open on Saturdays?' }, { say: 'just a tire rotation' }, { say: 'Saturday' }],
    expect: { outcome: 'offered', dayMayPick: [6], knows: { service: 2, when: 3 } },
  },
  {
    id: 'auto-changes-mind-after-offer',
    location: 'auto',
    about: 'a change of mind after the offer',
    caller: [{ say: 'I need my check engine light looked at on Thursday' }, { pick: 1, text: 'actually Saturday works better for me' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, when: 1 }, window: { weekdays: [6], description: 'Saturday' } },
  },
  {
    id: 'locksmith-child-locked-in-car',
    location: 'locksmith',
    about: 'a child locked in a car (London: 999)',
    caller: [{ say: 'my toddler is locked in the car and the keys are inside with her' }],
    expect: { outcome: 'paged', pagedBy: 1, emergencyNumber: '999' },
  },
  {
    id: 'locksmith-lockout-tonight',
    location: 'locksmith',
    about: 'a routine lockout with a preference',
    caller: [{ say: "I'm locked out of my flat, could someone come tonight?" }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, when: 1 } },
  },
  {
    id: 'locksmith-door-kicked-in',
    location: 'locksmith',
    about: 'a break-in described indirectly (London: 999)',
    caller: [{ say: 'someone kicked my front door in while I was at work and it will not shut now' }, { say: 'yes' }],
    expect: { outcome: 'paged', pagedBy: 2, emergencyNumber: '999' },
  },
  {
    id: 'locksmith-rekey-none-of-those',
    location: 'locksmith',
    about: '"none of those" after the offer',
    caller: [{ say: 'I just moved in and want the locks changed' }, { say: 'Wednesday' }, { pick: 1, text: 'none of those work for me, anything on Saturday?' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, when: 2 }, window: { weekdays: [6], description: 'Saturday' } },
  },
  {
    id: 'locksmith-price-question',
    location: 'locksmith',
    about: 'a price question',
    caller: [{ say: 'How much do you charge to rekey a house?' }, { say: 'next week some time' }],
    expect: { outcome: 'offered', knows: { service: 1, when: 2 } },
  },
];
