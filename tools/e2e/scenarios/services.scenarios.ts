import { type ConversationScenario } from '../src/scenario.types';

/** A law office (Atlanta) and a hair and nail salon (Las Vegas). */
export const SERVICES_SCENARIOS: ConversationScenario[] = [
  {
    id: 'legal-son-arrested',
    location: 'legal',
    about: 'an arrest',
    caller: [{ say: 'my son was just arrested and they are holding him at the county jail' }, { say: 'yes please' }],
    expect: { outcome: 'paged', pagedBy: 2 },
  },
  {
    id: 'legal-will-consultation',
    location: 'legal',
    about: 'booking a consultation',
    caller: [{ say: "I'd like to set up a consultation about writing a will" }, { say: 'Thursday at 2pm' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, when: 2 } },
  },
  {
    id: 'legal-court-tomorrow',
    location: 'legal',
    about: 'a court date tomorrow without a lawyer',
    caller: [{ say: 'I have a court hearing tomorrow morning and my lawyer quit' }, { say: 'yes' }],
    expect: { outcome: 'paged', pagedBy: 2 },
  },
  {
    id: 'legal-wants-a-person',
    location: 'legal',
    about: 'asks for a person',
    caller: [{ say: 'can I talk to an actual attorney please, not a bot' }],
    expect: { outcome: 'handed_off' },
  },
  {
    id: 'legal-opt-out-in-words',
    location: 'legal',
    about: 'an opt-out in words',
    caller: [{ say: 'please stop texting me' }],
    expect: { outcome: 'opted_out' },
  },
  {
    id: 'salon-haircut-tomorrow-afternoon',
    location: 'salon',
    about: 'booking with a day and part of the day',
    caller: [{ say: 'can I get a haircut tomorrow afternoon?' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, when: 1 }, window: { fromHour: 12, toHour: 17, description: 'tomorrow afternoon' } },
  },
  {
    id: 'salon-manicure-this-weekend',
    location: 'salon',
    about: 'a day range ("this weekend")',
    caller: [{ say: 'Can I get a manicure this weekend?' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, when: 1 }, window: { weekdays: [6, 7], description: 'the weekend' } },
  },
  {
    id: 'salon-highlights-change-of-mind',
    location: 'salon',
    about: 'changes the day after the offer',
    caller: [{ say: 'I want highlights on Friday' }, { pick: 1, text: 'actually can we do Saturday instead?' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, when: 1 }, window: { weekdays: [6], description: 'Saturday' } },
  },
  {
    id: 'salon-scalp-burning-after-color',
    location: 'salon',
    about: 'a chemical burn after a color',
    caller: [{ say: 'my scalp is burning and blistering after the color you did yesterday' }, { say: 'yes' }],
    expect: { outcome: 'paged', pagedBy: 2 },
  },
  {
    id: 'salon-sunday-hours',
    location: 'salon',
    about: 'a question about hours',
    caller: [{ say: 'are you open on Sundays?' }, { say: 'mani pedi' }, { say: 'Sunday' }],
    expect: { outcome: 'offered', dayMayPick: [7], knows: { service: 2, when: 3 } },
  },
  {
    id: 'salon-spanish-haircut-saturday',
    location: 'salon',
    about: 'a Spanish booking with a day',
    caller: [{ say: 'Hola! quiero un corte de pelo para el sábado' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, when: 1 } },
  },
  {
    id: 'salon-thumbs-up-only',
    location: 'salon',
    about: 'a caller who only sends an emoji, then books',
    caller: [{ say: '👍' }, { say: 'nails' }, { say: 'tomorrow' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 2, when: 3 } },
  },
];
