import { type ConversationScenario } from '../src/scenario.types';

/**
 * Later texts that carry only a detail or a short reply (a zip, a name, "ok", an emoji, "no, it can wait"), and a
 * time changed before the offer: the bot never asks again for what it knows, and lead-crm's lead keeps the best intent,
 * urgency, service and need said so far (a fresh-user test found "can" captured as the need and the lead turning
 * `other` after a bare zip).
 */
export const LATER_DETAILS_SCENARIOS: ConversationScenario[] = [
  {
    id: 'home-it-can-wait-till-monday',
    location: 'home',
    about: '"no, it can wait till Monday" to the urgency question: routine, Monday replaces "today", the need stays "no heat"',
    caller: [{ say: 'no heat upstairs, can someone come today?' }, { say: 'no, it can wait till Monday' }, { say: '80202' }, { pick: 1 }],
    expect: {
      outcome: 'booked',
      asksUrgency: true,
      knows: { service: 1, when: 2, place: 3 },
      window: { weekdays: [1], description: 'Monday' },
      lead: { intent: 'book', urgency: 'routine', serviceId: 'furnace-repair', need: 'no heat' },
    },
  },
  {
    id: 'home-zip-name-ok-keep-the-lead',
    location: 'home',
    about: 'a bare zip, "it\'s Maria" and "ok" after the need: the lead stays a booking for the toilet',
    caller: [{ say: 'my toilet keeps running' }, { say: '80203' }, { say: "it's Maria" }, { say: 'ok' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, place: 2 }, lead: { intent: 'book', serviceId: 'plumbing-repair', need: 'toilet' } },
  },
  {
    id: 'home-time-changed-before-the-offer',
    location: 'home',
    about: '"actually Saturday works better" with the zip, before any offer: the offer is for Saturday',
    caller: [{ say: 'my water heater is making a popping noise, tomorrow morning works' }, { say: '80202, actually Saturday works better' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, when: 1, place: 2 }, window: { weekdays: [6], description: 'Saturday' }, lead: { intent: 'book', serviceId: 'water-heater' } },
  },
  {
    id: 'legal-i-will-is-no-will',
    location: 'legal',
    about: '"I will be free after 5" is a time, not the catalogue\'s wills: the lead keeps the traffic ticket',
    caller: [{ say: 'Do you handle speeding tickets?' }, { say: 'I will be free after 5' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, when: 2 }, window: { fromHour: 17, toHour: 24, description: 'after 5pm' }, lead: { serviceId: 'traffic', need: 'tickets' } },
  },
  {
    id: 'property-name-and-unit-keep-the-repair',
    location: 'property',
    about: '"it\'s Maria in unit 4B" names the catalogue\'s "unit" (viewings): the lead stays a maintenance request',
    caller: [{ say: 'the dishwasher is broken' }, { say: "it's Maria in unit 4B" }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1 }, lead: { intent: 'book', serviceId: 'maintenance', need: 'broken' } },
  },
  {
    id: 'home-any-time-works-with-the-city',
    location: 'home',
    about: '"any time works, we\'re in Aurora" gives the place and leaves the time open: no question acknowledged, none asked again',
    caller: [{ say: 'my kitchen faucet is dripping' }, { say: "any time works, we're in Aurora" }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1, place: 2, when: 2 }, lead: { intent: 'book' } },
  },
  {
    id: 'vet-short-replies-keep-the-lead',
    location: 'vet',
    about: '"ok", a thumbs-up and "thanks" after the need: nothing asked twice, the lead stays the wellness booking',
    caller: [{ say: 'my cat needs her shots' }, { say: 'ok' }, { say: '👍' }, { say: 'thanks' }, { pick: 1 }],
    expect: { outcome: 'booked', knows: { service: 1 }, lead: { intent: 'book', serviceId: 'wellness', need: 'shots' } },
  },
];
