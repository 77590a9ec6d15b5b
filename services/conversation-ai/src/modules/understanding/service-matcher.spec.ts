import { type LocationConfig } from '@textback/contracts';
import { understandMessage } from './message-understanding.util';
import { matchService } from './service-matcher.util';
import { normalizeText, tokenize } from './text-normalizer.util';

const locksmith: LocationConfig['services'] = [
  { serviceId: 'lockout', name: 'Lockout', synonyms: ['locked out', 'lockout', 'lost my keys'], averageTicketCents: 12_000, slotMinutes: 60 },
  { serviceId: 'rekey', name: 'Rekey', synonyms: ['rekey', 're-key', 'change the locks', 'new locks'], averageTicketCents: 18_000, slotMinutes: 60 },
  { serviceId: 'lock-install', name: 'Lock installation', synonyms: ['deadbolt', 'smart lock', 'install a lock'], averageTicketCents: 25_000, slotMinutes: 60 },
];
const home: LocationConfig['services'] = [
  { serviceId: 'furnace-repair', name: 'Furnace repair', synonyms: ['heater', 'heating', 'furnace', 'no heat'], averageTicketCents: 45_000, slotMinutes: 60 },
  { serviceId: 'water-heater', name: 'Water heater', synonyms: ['hot water', 'water heater'], averageTicketCents: 180_000, slotMinutes: 60 },
  { serviceId: 'plumbing-repair', name: 'Plumbing repair', synonyms: ['leak', 'pipe', 'drain', 'clog', 'toilet'], averageTicketCents: 32_000, slotMinutes: 60 },
  { serviceId: 'ac-repair', name: 'AC repair', synonyms: ['air conditioning', 'ac', 'cooling'], averageTicketCents: 41_000, slotMinutes: 60 },
];

const legal: LocationConfig['services'] = [
  { serviceId: 'consultation', name: 'Consultation', synonyms: ['consultation', 'consult', 'advice'], averageTicketCents: 25_000, slotMinutes: 60 },
  { serviceId: 'estate', name: 'Wills and estates', synonyms: ['will', 'estate', 'trust', 'probate'], averageTicketCents: 150_000, slotMinutes: 60 },
];
const imaging: LocationConfig['services'] = [{ serviceId: 'scan', name: 'Scan', synonyms: ['scan', 'x-ray'], averageTicketCents: 20_000, slotMinutes: 30 }];

const match = (text: string, services: LocationConfig['services']) => matchService(tokenize(normalizeText(text)), services);

describe('matchService', () => {
  it('matches a catalogue phrase in order, exactly, with score 1', () => {
    expect(match('can you change the locks on Friday', locksmith)).toMatchObject({ serviceId: 'rekey', text: 'change the locks', score: 1 });
  });

  it.each([
    ['I just moved in and want the locks changed', 'locks changed'],
    ['the locks need changing', 'locks need changing'],
    ['I want the old locks changed', 'locks changed'],
  ])('matches a phrase whose content words come in another order or form: %s', (text, words) => {
    const m = match(text, locksmith);
    expect(m?.text).toBe(words);
    expect(m?.score).toBe(0.7);
  });

  it('does not match content words that are far apart', () => {
    expect(match('my locks are fine but the tenant changed', locksmith)).toBeNull();
  });

  it('prefers an in-order match to an order-free one', () => {
    expect(match('deadbolt: want the locks changed too', locksmith)?.serviceId).toBe('lock-install');
  });

  it.each([
    ['necesito que alguien revise mi aire acondicionado, no enfría', 'ac-repair', 'aire acondicionado'],
    ['tengo una fuga debajo del fregadero', 'plumbing-repair', 'fuga'],
    ['el calentador de agua no prende', 'water-heater', 'calentador de agua'],
    ['la calefacción no funciona', 'furnace-repair', 'calefacción'],
  ])('reads Spanish trade words as the English catalogue entry: %s', (text, serviceId, words) => {
    expect(match(text, home)).toMatchObject({ serviceId, text: words, score: 0.7 });
  });

  it('matches no Spanish word the catalogue has no service for', () => {
    expect(match('necesito cambiar los frenos', home)).toBeNull();
  });

  it('gives understanding the service of a Spanish booking request', () => {
    const u = understandMessage('Hola, necesito que alguien revise mi aire acondicionado, no enfría', { services: home }, new Date('2026-03-10T17:00:00Z'));
    expect(u.intent).toBe('book');
    expect(u.service?.serviceId).toBe('ac-repair');
  });

  it.each([
    ['no, it can wait'],
    ['it can wait'],
    ['no it can wait till monday'],
    ['ok'],
    ['yes'],
    ['thanks, that works'],
  ])('never takes stop words for the need ("can" is not the Spanish "caño"): %s', (text) => {
    expect(match(text, home)).toBeNull();
    const u = understandMessage(text, { services: home }, new Date('2026-03-10T17:00:00Z'));
    expect(u.service).toBeNull();
    expect(u.serviceText).toBeNull();
  });

  it('still reads the Spanish word the stem rule is for', () => {
    expect(match('se tapó el caño del baño', home)).toMatchObject({ serviceId: 'plumbing-repair', text: 'caño' });
  });

  it('matches a stop word of the catalogue only exactly, never as a typo of another word', () => {
    expect(match('can you come tomorrow', imaging)).toBeNull();
    expect(match('I need a scan', imaging)?.serviceId).toBe('scan');
  });

  it.each([
    ['I will be free after 5', null],
    ['I will explain later', null],
    ['will you call me', null],
    ['I need a will', 'estate'],
    ['can you help me update my will', 'estate'],
    ["it's about my mom's will", 'estate'],
    ['I need advice on a trust', 'consultation'],
  ])('reads a catalogue word that is also a stop word ("will") only as a noun: %s', (text, serviceId) => {
    expect(match(text, legal)?.serviceId ?? null).toBe(serviceId);
  });
});
