import { type LocationConfig } from '@textback/contracts';
import { detectEmergency } from './emergency-detector.util';
import { editDistance } from './fuzzy-match.util';
import { understandMessage } from './message-understanding.util';
import { normalizeText } from './text-normalizer.util';
import { type UnderstandingContext } from './understanding.types';

const services: LocationConfig['services'] = [
  { serviceId: 'water-heater', name: 'Water heater repair', synonyms: ['water heater', 'hot water tank'], averageTicketCents: 45_000, slotMinutes: 120 },
  { serviceId: 'drain', name: 'Drain cleaning', synonyms: ['clogged drain', 'drain', 'sewer line'], averageTicketCents: 25_000, slotMinutes: 90 },
  { serviceId: 'furnace', name: 'Furnace repair', synonyms: ['furnace', 'heater'], averageTicketCents: 38_000, slotMinutes: 120 },
];
const ctx: UnderstandingContext = { services, serviceArea: { cities: ['San Jose', 'Morgan Hill'], zips: ['95037', '95112'] }, timeZone: 'America/Denver', forwardToE164: '+17205550100' };
const NOW = new Date('2026-03-10T17:00:00Z'); // Tuesday 11:00 in Denver (MDT, UTC-6)

describe('understandMessage', () => {
  describe('emergencies and negation', () => {
    it('treats a gas smell as an emergency with the leave-the-building safety line', () => {
      const u = understandMessage('I smell gas in the kitchen', ctx, NOW);
      expect(u.intent).toBe('emergency');
      expect(u.urgency).toBe('emergency');
      expect(u.hazard).toBe('gas');
      expect(u.safetyLine).toMatch(/leave the building now and call 911 or your gas company from outside/);
    });

    it.each([
      'Not an emergency, just need a quote for a new water heater',
      'no leak anymore, the plumber fixed the pipe',
      "I don't smell gas anymore",
      'There is no gas smell, the furnace just makes a noise',
      'this is a non-emergency request for drain cleaning',
      'the sparks stopped after I reset the breaker',
    ])('does not raise an emergency for a negated or resolved cue: %s', (text) => {
      const u = understandMessage(text, ctx, NOW);
      expect(u.intent).not.toBe('emergency');
      expect(u.urgency).not.toBe('emergency');
      expect(u.safetyLine).toBeNull();
    });

    it.each([
      ['Not an emergency but I smell gas near the stove', 'gas'],
      ["I don't know what happened, water is pouring through the ceiling", 'flooding'],
      ['not sure why but the outlet in the bedroom is sparking', 'electrical'],
      ['my brakes failed on the highway', 'other'],
      ['No heat and it is 5 degrees, we have a newborn', 'no_heat'],
      ['the CO alarm keeps going off', 'carbon_monoxide'],
      ['pipe burst in the basement!!', 'flooding'],
      ['my dad can\'t breathe', 'medical'],
    ])('keeps an un-negated cue as an emergency: %s', (text, hazard) => {
      const u = understandMessage(text, ctx, NOW);
      expect(u.intent).toBe('emergency');
      expect(u.hazard).toBe(hazard);
      expect(u.safetyLine).not.toBeNull();
    });

    it('ranks the most dangerous hazard first when several match', () => {
      expect(detectEmergency(normalizeText('water everywhere and I smell gas')).hazard).toBe('gas');
    });

    it('does not treat car smoke from the exhaust or a gas pedal as an emergency', () => {
      expect(understandMessage('white smoke from the exhaust when I start the car', ctx, NOW).intent).not.toBe('emergency');
      expect(understandMessage('my gas pedal feels stiff', ctx, NOW).intent).not.toBe('emergency');
    });
  });

  describe('preferred time in the location time zone', () => {
    it('resolves "tomorrow at 3pm" in America/Denver', () => {
      const u = understandMessage('can you come tomorrow at 3pm?', ctx, NOW);
      expect(u.when?.startAt).toBe('2026-03-11T15:00:00-06:00');
    });

    it('resolves the same words in Asia/Tokyo, where it is already the next day', () => {
      const u = understandMessage('can you come tomorrow at 3pm?', { ...ctx, timeZone: 'Asia/Tokyo' }, NOW);
      expect(u.when?.startAt).toBe('2026-03-12T15:00:00+09:00');
    });

    it('uses the offset of the target day across a DST change', () => {
      const saturday = new Date('2026-03-07T20:00:00Z'); // Sat 13:00 MST (UTC-7); DST starts Sun 8 March
      const u = understandMessage('Monday at 9am works', ctx, saturday);
      expect(u.when?.startAt).toBe('2026-03-09T09:00:00-06:00');
    });

    it('picks the next weekday (forwardDate) and a whole day when no hour is given', () => {
      const u = understandMessage('how about monday', ctx, NOW);
      expect(u.when?.startAt).toBe('2026-03-16T00:00:00-06:00');
      expect(u.when?.endAt).toBe('2026-03-16T23:59:59.999-06:00');
    });

    it('does not take a past mention as a preference', () => {
      expect(understandMessage('the furnace has been out since yesterday', ctx, NOW).when).toBeNull();
    });

    it('reads "asap" as now', () => {
      expect(understandMessage('need drain cleaning asap', ctx, NOW).when).toEqual({ text: 'as soon as possible', startAt: '2026-03-10T11:00:00-06:00', said: 'need drain cleaning asap' });
    });

    it('keeps the whole preference for scheduling and names it for staff (parts of the day, ruled-out days)', () => {
      expect(understandMessage('afternoons are best for me', ctx, NOW).when).toEqual({ text: 'afternoon', said: 'afternoons are best for me' });
      expect(understandMessage('Friday morning if possible', ctx, NOW).when).toMatchObject({ text: 'Friday morning', said: 'friday morning if possible' });
      const notMonday = understandMessage('any day but Monday', ctx, NOW).when;
      expect(notMonday).toEqual({ text: 'not Monday', said: 'any day but monday' });
    });

    it('reads a Spanish day ("para el sábado", "el martes por la tarde")', () => {
      // NOW is Tuesday 2026-03-10, 11:00 in Denver.
      expect(understandMessage('Hola! quiero un corte de pelo para el sábado', ctx, NOW).when).toMatchObject({ text: 'sábado', startAt: '2026-03-14T00:00:00-06:00' });
      expect(understandMessage('quisiera una cita el jueves por la tarde', ctx, NOW).when?.startAt).toBe('2026-03-12T00:00:00-06:00');
      expect(understandMessage('ok', ctx, NOW).when).toBeNull();
    });

    it('does not read "not urgent" as a wish for now', () => {
      expect(understandMessage('not urgent, the drain is slow', ctx, NOW).when).toBeNull();
      expect(understandMessage('non-urgent: the drain is slow', ctx, NOW).when).toBeNull();
    });

    it('reads a part of the day in the plural ("afternoons are best for me") as a preference', () => {
      expect(understandMessage("I'd like to book a cleaning, afternoons are best for me", ctx, NOW).when?.text).toBe('afternoon');
      expect(understandMessage('mornings work for me', ctx, NOW).when?.text).toBe('morning');
    });
  });

  describe('misspellings, catalogue and place', () => {
    it('matches catalogue words through their Snowball stems', () => {
      const catalogue: LocationConfig['services'] = [{ serviceId: 'battery', name: 'Battery replacement', synonyms: ['battery'], averageTicketCents: 20_000, slotMinutes: 60 }];
      expect(understandMessage('both batteries are dead', { services: catalogue }, NOW).service).toMatchObject({ serviceId: 'battery', score: 1 });
    });

    it.each([
      ['my furnance is making a banging noise', 'furnace'],
      ['got a clogged drian in the kitchen', 'drain'],
      ['the hot watter tank needs replacing', 'water-heater'],
      ['Water Heaters', 'water-heater'],
    ])('matches %s to %s', (text, serviceId) => {
      expect(understandMessage(text, ctx, NOW).service?.serviceId).toBe(serviceId);
    });

    it.each([
      ['the furnance is out and its freezing', 'no_heat'],
      ['my dad cant breath', 'medical'],
      ['this is an emergancy please hurry', null],
      ['water pouring from the cieling', 'flooding'],
    ])('still finds the emergency in a misspelled message: %s', (text, hazard) => {
      const u = understandMessage(text, ctx, NOW);
      expect(u.intent).toBe('emergency');
      expect(u.hazard).toBe(hazard);
    });

    it('does not turn ordinary words into danger words', () => {
      expect(understandMessage('can we set a meeting about sparkling clean windows', ctx, NOW).intent).not.toBe('emergency');
    });

    it('matches a misspelled city and a zip against the service area', () => {
      expect(understandMessage('we are in san jsoe', ctx, NOW).place).toMatchObject({ city: 'San Jose', inServiceArea: true });
      expect(understandMessage('zip is 95037', ctx, NOW).place).toMatchObject({ zip: '95037', inServiceArea: true });
      expect(understandMessage('zip is 10001', ctx, NOW).place).toMatchObject({ zip: '10001', inServiceArea: false });
    });

    it('keeps the name the caller gives', () => {
      expect(understandMessage('Hi, this is Maria Lopez, my drain is clogged', ctx, NOW).name).toBe('Maria Lopez');
      expect(understandMessage('my name is Sam', ctx, NOW).name).toBe('Sam');
      expect(understandMessage('this is the second time I text', ctx, NOW).name).toBeNull();
    });

    it('counts an adjacent transposition as one typo', () => {
      expect(editDistance('drian', 'drain', 2)).toBe(1);
    });
  });

  describe('an existing booking: change, cancel, ask (tenth pass)', () => {
    it('does not read a withdrawn change as a change request', () => {
      expect(understandMessage("I don't want to change this appointment anymore", ctx, NOW).intent).not.toBe('reschedule');
    });
  });

  describe('emoji, empty and very long messages', () => {
    it('reads fire emoji as fire', () => {
      expect(understandMessage('🔥🔥 in the garage!!', ctx, NOW).hazard).toBe('fire');
    });

    it('ignores friendly emoji', () => {
      const u = understandMessage('Thanks 😊👍 see you Thursday', ctx, NOW);
      expect(u.intent).not.toBe('emergency');
      expect(u.when?.startAt).toBe('2026-03-12T00:00:00-06:00');
    });

    it.each(['', '   ', '\n\t'])('returns other for an empty message %j', (text) => {
      const u = understandMessage(text, ctx, NOW);
      expect(u).toMatchObject({ intent: 'other', urgency: 'none', service: null, when: null });
    });

    it('handles a very long message and still finds danger within the first 2000 characters', () => {
      const long = `${'my water heater is old and I have a few questions about it. '.repeat(20)} also I smell gas`;
      expect(long.length).toBeLessThan(2_000);
      expect(understandMessage(long, ctx, NOW).hazard).toBe('gas');
      const huge = 'blah '.repeat(100_000);
      expect(understandMessage(huge, ctx, NOW).intent).toBe('other');
    });
  });

  describe('intents', () => {
    it.each([
      ['Can someone come out to clean my drain this week?', 'book'],
      ['I need to move my appointment to Friday', 'reschedule'],
      ['please cancel my appointment', 'cancel'],
      ['just call me back when you can', 'callback'],
      ['who is this?', 'wrong_number'],
      ['STOP', 'opt_out'],
      ['please stop texting me', 'opt_out'],
      ['WINNER!! You have won a FREE cruise, call 08001234567 now. T&Cs apply', 'spam'],
      ['how much do you charge for a drain cleaning?', 'question'],
      ['ok', 'other'],
      ['can somebody give me a call back this afternoon', 'callback'],
      ['Hi, this is Sam from the apartments on 5th. Do you work on Saturdays', 'question'],
      ['trying to find out whether the shop works on diesel trucks', 'question'],
      ['why did you text me?', 'wrong_number'],
      ['please have the office reach out to me about the estimate', 'callback'],
      ["I'd prefer a phone call, I'm driving", 'callback'],
      ['we do not want the appointment anymore, thanks', 'cancel'],
      ["don't call me back, I'm at work, text instead", 'other'],
      // A modal opens a question only with its subject after it.
      ['Might be the furnace, it keeps shutting off', 'book'],
      // Ninth pass: a change to a booking the caller has, in the phrasings of "manage my booking" requests.
      ['I need to modify my reservation', 'reschedule'],
      ['amend hotel reservation', 'reschedule'],
      ['I have a booking that I need to amend', 'reschedule'],
      ['we made a reservation for Friday but would like to change the dates', 'reschedule'],
      ['please get my table booking moved to 8', 'reschedule'],
      ['can you delay my consultation by an hour', 'reschedule'],
      ['I need to change the oil, and I want an appointment Monday', 'book'],
      ['we are moving into a new house and need an appointment', 'book'],
      // How booking works is a question; a request for a slot stays a booking.
      ['how do I book a cleaning online?', 'question'],
      ['can I book a cleaning for Friday?', 'book'],
      // A bare negation or state names no job.
      ["it doesn't matter to me", 'other'],
      ["this message isn't important", 'other'],
      ["my water heater isn't working", 'book'],
      ['My back is killing me', 'book'],
      ['my cat is sick', 'book'],
      ["I'm sick of waiting for the landlord", 'other'],
      // "would like to" a booking verb books; to thank, know or donate it does not.
      ['I would like to thank the whole team', 'other'],
      ['I would like to know if you take insurance', 'question'],
      ["We're located on Main St, near the park", 'other'],
      // A wh-question names no job: a question, not a booking.
      ['where can I get a gift card', 'question'],
      ['why can I not set up a payment plan online', 'question'],
      // Asking for the front desk or a manager is a handoff.
      ['can I speak with the reception?', 'callback'],
      ['get me your manager please', 'callback'],
      ['feel free to drop that meeting slot', 'cancel'],
      // Wanting to stay, or to arrange or open a booking, books.
      ['two of us wanting to stay Friday to Sunday', 'book'],
      ['I wanna open another reservation', 'book'],
      ['arrange a consultation with us next week', 'book'],
      ['May name is Ana and my water heater is not working', 'book'],
      ['Will you be open on Sunday', 'question'],
      ['could the tech tell me what the part costs', 'question'],
      // Tenth pass: an existing booking named by its time, deleted or asked about; a new booking stays a booking.
      ["change my 7 30 pm appointment to 8 pm", 'reschedule'],
      ["bring forward my 4 o'clock appointment 2 hours", 'reschedule'],
      ['change my 8 till 9 appointment to 11 till 12', 'reschedule'],
      ['delete this appointment', 'cancel'],
      ['remove dentist appointment', 'cancel'],
      ['discard the appointment with george', 'cancel'],
      ['where is my dentist appointment', 'question'],
      ['how long will my dentist appointment last', 'question'],
      ['look up my next appointment for me', 'question'],
      ['how many days until my appointment', 'question'],
      ['when is the next cleaning appointment', 'question'],
      ['book my next appointment for friday', 'book'],
      ['change the oil and book an appointment', 'book'],
      ['I want to remove the old water heater, can I get an appointment', 'book'],
    ])('%s -> %s', (text, intent) => {
      expect(understandMessage(text, ctx, NOW).intent).toBe(intent);
    });

    it.each(['could you call me an uber to the shop', 'call me a cab please'])('does not read a ride request as a callback: %s', (text) => {
      expect(understandMessage(text, ctx, NOW).intent).not.toBe('callback');
    });

    it('flags a request for a person', () => {
      expect(understandMessage('can I talk to a real person please', ctx, NOW).asksForHuman).toBe(true);
      expect(understandMessage('are you a human or a bot?', ctx, NOW).asksForHuman).toBe(false);
      expect(understandMessage('can I talk to an actual attorney please, not a bot', ctx, NOW).asksForHuman).toBe(true);
      expect(understandMessage('could I speak with the nurse', ctx, NOW).asksForHuman).toBe(true);
    });

    it('marks time pressure as soon', () => {
      expect(understandMessage('my drain is clogged and I need it fixed today', ctx, NOW).urgency).toBe('soon');
    });
  });
  describe('medical hazards, cancels, symptom reports and phishing (issue #15)', () => {
    const clinic: UnderstandingContext = { ...ctx, vertical: 'medical_office' };
    it.each([
      'the pain goes from my chest down into my left arm',
      'crushing feeling in my chest since this morning',
      'I keep trying but I cannot catch my breath',
      'my son got a piece of metal stuck in his right eye',
      'I suddenly lost the vision in one eye',
      'I sliced my hand deeply on a broken plate',
    ])('pages for %s (AHA / NHS 999 / AAO data)', (text) => {
      expect(understandMessage(text, clinic, NOW).intent).toBe('emergency');
    });

    it('asks rather than pages for breathlessness on exertion only', () => {
      const u = understandMessage('I have trouble breathing when I climb the stairs at work', clinic, NOW);
      expect(u.intent).not.toBe('emergency');
      expect(u.urgencyQuestion).not.toBeNull();
    });

    it.each(['Please erase my Thursday appointment', 'take off my cleaning appointment next week', 'delete all of my appointments this month'])(
      'reads %s as a cancel',
      (text) => {
        expect(understandMessage(text, ctx, NOW).intent).toBe('cancel');
      },
    );

    it.each(['I have a sore throat and a fever since Sunday', 'my knee is swollen after the game'])('reads the symptom report %s to a clinic as a booking need', (text) => {
      expect(understandMessage(text, clinic, NOW).intent).toBe('book');
    });

    it('reads a link with account-verification cues as spam even when it says URGENT', () => {
      expect(understandMessage('URGENT: your bank account is suspended, verify at http://example.tk/login', ctx, NOW).intent).toBe('spam');
    });

    it('still pages for URGENT without phishing cues', () => {
      expect(understandMessage('URGENT please call me back about the furnace', ctx, NOW).intent).toBe('emergency');
    });
  });
  describe('cancel words that request nothing, and short questions (issue #15, h/triage5)', () => {
    it.each([
      'what is your cancellation policy?',
      'cancellation policy',
      'Cancellation charges',
      'is there a cancellation fee',
      'I want to know the cancellation policy',
      'if I cancel do I get a refund',
      'what happens if we need to reschedule',
      'can I cancel anytime',
      'how far in advance do I need to cancel',
      'rescheduling fee?',
    ])('reads %p, a question about a policy, as a question', (text) => {
      expect(understandMessage(text, {}, NOW).intent).toBe('question');
    });

    it.each(['cancel my appointment, is there a cancellation fee?', 'I need to cancel tomorrow\'s cleaning', 'please cancel my appointment'])(
      'still reads the request in %p as a cancel',
      (text) => {
        expect(understandMessage(text, {}, NOW).intent).toBe('cancel');
      },
    );

    it.each(['electric shock, was I unlucky', 'mattress size what options', 'want to know about the warranty', 'wondering about delivery to Pune'])(
      'reads the short text %p, which no other rule decides, as a question',
      (text) => {
        expect(understandMessage(text, {}, NOW).intent).toBe('question');
      },
    );

    it.each(['ok thanks', 'sounds good see you then'])('leaves the short reply %p as other', (text) => {
      expect(understandMessage(text, {}, NOW).intent).toBe('other');
    });

    it('does not read a long statement with a wh-word in it as a question', () => {
      const long = 'we moved in last spring and the old owners left a note about where the spare keys are kept in the shed';
      expect(understandMessage(long, {}, NOW).intent).not.toBe('question');
    });
  });
  describe('openings, feedback and equipment faults (issue #15, eleventh pass)', () => {
    const home = { vertical: 'home_services' } as UnderstandingContext;
    it.each(['Any openings on Thursday for a tune-up?', 'could you fit us in this week', "What's the soonest available appointment?"])('"%s" asks for a slot: book', (text) => {
      expect(understandMessage(text, home, NOW).intent).toBe('book');
    });

    it('keeps a question about an existing booking a question', () => {
      expect(understandMessage('when is my next appointment?', home, NOW).intent).toBe('question');
    });

    it.each(['We were really pleased with your technician', 'I am upset about my last visit', 'your crew messed up our last repair'])('"%s" is feedback: other', (text) => {
      expect(understandMessage(text, home, NOW).intent).toBe('other');
    });

    it.each(['the condenser fan is not spinning', 'our heat pump is iced up', 'the upstairs is warmer than downstairs', 'the furnace keeps turning off'])('"%s" reports a fault: book', (text) => {
      expect(understandMessage(text, home, NOW).intent).toBe('book');
    });
  });

  describe("a trade's jobs named alone, floods and sewer smells (issue #15, twelfth pass)", () => {
    const at = (vertical: string) => ({ vertical }) as UnderstandingContext;
    it.each([
      ['home_services', 'Ensuite remodel'],
      ['home_services', 'annual boiler service'],
      ['home_services', 'sump pump making a racket'],
      ['home_services', 'Laundry tap dripping'],
      ['home_services', 'shower drain blocked again'],
      ['home_services', 'No water pressure upstairs'],
      ['property_management', 'unit 4 kitchen sink clogged'],
      ['locksmith', 'rekey after tenants moved out'],
      ['locksmith', 'back door deadbolt jammed'],
      ['dental', 'wisdom tooth extraction'],
      ['veterinary', 'puppy booster shots'],
      ['auto_repair', 'timing belt replacement'],
      ['salon', 'balayage and a trim'],
    ])('at a %s location, "%s" asks for the job: book', (vertical, text) => {
      expect(understandMessage(text, at(vertical), NOW).intent).toBe('book');
    });

    it('reads no job in texts that name none: other', () => {
      const noJob = { home_services: ['Thanks, all good now', 'Property manager here'], locksmith: ['I will be home after 5'], dental: ['ok see you then'] };
      for (const [vertical, texts] of Object.entries(noJob)) for (const text of texts) expect(understandMessage(text, at(vertical), NOW).intent).toBe('other');
    });

    it('without a vertical, a bare job word of one trade is not read as a job', () => {
      expect(understandMessage('Ensuite remodel', {}, NOW).intent).toBe('other');
    });

    it.each(['water everywhere in the laundry', 'the hallway is filling up with water', 'the downstairs loo is overflowing everywhere'])('"%s" pages (flooding)', (text) => {
      const u = understandMessage(text, at('home_services'), NOW);
      expect(u.intent).toBe('emergency');
      expect(u.hazard).toBe('flooding');
    });

    it.each(['the upstairs toilet is overflowing', 'kitchen drain backing up'])('"%s" asks whether it is urgent', (text) => {
      const u = understandMessage(text, at('home_services'), NOW);
      expect(u.intent).not.toBe('emergency');
      expect(u.urgencyQuestion?.hazardId).toBe('flooding');
    });

    it.each(['the street out front is flooding', 'flood water across our backyard'])('"%s" (flooding outdoors) asks instead of paging', (text) => {
      const u = understandMessage(text, at('home_services'), NOW);
      expect(u.intent).not.toBe('emergency');
      expect(u.urgencyQuestion).not.toBeNull();
    });

    it.each(['septic smell in the garage', 'the bathroom drain smells like sewer gas'])('"%s" (a sewer smell) does not page', (text) => {
      expect(understandMessage(text, at('home_services'), NOW).intent).not.toBe('emergency');
    });

    it('still pages on sewage coming up into the house and on a fuel gas smell', () => {
      expect(understandMessage('raw sewage backing up into the basement', at('home_services'), NOW).intent).toBe('emergency');
      expect(understandMessage('I can smell gas near the stove', at('home_services'), NOW).hazard).toBe('gas');
    });

    it.each(['put me through to the office', 'can you transfer me to a real person'])('"%s" asks for a person: callback', (text) => {
      const u = understandMessage(text, at('home_services'), NOW);
      expect(u.intent).toBe('callback');
      expect(u.asksForHuman).toBe(true);
    });
  });

  describe('questions about an existing booking and bare enquiries (issue #15, h/triage4)', () => {
    it.each(['Do we still have a booking on Friday?', "When's my next appointment?", 'what time is my cleaning appointment', 'Is my appointment still on for tomorrow?'])(
      'reads %p as a question about a booking the caller has, not a new booking',
      (text) => {
        expect(understandMessage(text, {}, NOW).intent).toBe('question');
      },
    );

    it.each(['fees for a house call', 'Your prices?', 'return policy', 'hello, parking?'])('reads the bare heading %p as a question', (text) => {
      expect(understandMessage(text, {}, NOW).intent).toBe('question');
    });

    it.each(['I need a quote for a new roof', 'the delivery van broke down', 'can I get an appointment Friday'])('leaves %p, which only mentions such a word, to the booking rules', (text) => {
      expect(understandMessage(text, {}, NOW).intent).toBe('book');
    });
  });

  describe('thirteenth pass: emergency service asked about, stretched letters, swapped letters (issue #15, h/rules13)', () => {
    const home: UnderstandingContext = { vertical: 'home_services' };

    it.each([
      'Do you guys do emergency callouts on weekends?',
      'What are your emergency rates after 10pm?',
      'Are you available for emergencies on Sundays?',
      'Is there an emergency plumber on call?',
      'does your company handle emergencies',
      'Round the clock 24/7 emergency cover?',
    ])('%p asks about a service and does not page', (text) => {
      const u = understandMessage(text, home, NOW);
      expect(u.intent).not.toBe('emergency');
      expect(u.urgency).not.toBe('emergency');
    });

    it.each([
      'Can you send an emergency electrician?',
      'This is an emergency, are you open?',
      'Do you do emergency repairs? Need someone now',
      'Do you take emergencies? water is pouring through the ceiling',
      'Is this an emergency?',
    ])('%p still pages (a request, a word of haste, a hazard, or no service asked about)', (text) => {
      expect(understandMessage(text, home, NOW).intent).toBe('emergency');
    });

    it.each([
      ['I can smeeelll gaaas in the hallway', 'gas'],
      ['theres smoooke coming from the outlettt', 'fire'],
      ['my dad has chesssst paaain', 'medical'],
    ])('undoes stretched letters in %p and pages (%s)', (text, hazard) => {
      const u = understandMessage(text, {}, NOW);
      expect(u.intent).toBe('emergency');
      expect(u.hazard).toBe(hazard);
    });

    it('reads "pleeease call me back" as a callback and "noooo" as nothing', () => {
      expect(understandMessage('pleeease call me back', home, NOW).intent).toBe('callback');
      expect(understandMessage('noooo', home, NOW).intent).toBe('other');
    });

    it.each([
      ['my son has bad chset pain', 'my son has bad chest pain'],
      ['thick smoek in the garage', 'thick smoke in the garage'],
    ])('corrects two swapped letters of a short danger word in %p (read as %p)', (typo, spelt) => {
      const u = understandMessage(typo, {}, NOW);
      const v = understandMessage(spelt, {}, NOW);
      expect(u.intent === 'emergency' || u.urgencyQuestion !== null).toBe(true);
      expect([u.intent, u.hazard, u.urgencyQuestion?.hazardId]).toEqual([v.intent, v.hazard, v.urgencyQuestion?.hazardId]);
    });

    it('leaves a word one substitution from a danger word alone ("paint" is not "pain", "fine" is not "fire")', () => {
      expect(understandMessage('the paint on my chest of drawers is fine', {}, NOW).intent).not.toBe('emergency');
    });
  });

  describe('thirteenth pass: enquiries in statements, names, past bookings, a trade fault with no verb (issue #15, h/rules13)', () => {
    it.each(['Hi, I only need your opening times', 'send me the price list please', 'I was wondering what your fees are for a checkup'])(
      'reads %p as a question about a published fact',
      (text) => {
        expect(understandMessage(text, { vertical: 'dental' }, NOW).intent).toBe('question');
      },
    );

    it.each(['any openings on Thursday?', 'I was wondering if I could book a cleaning'])('keeps %p a booking request', (text) => {
      expect(understandMessage(text, { vertical: 'dental' }, NOW).intent).toBe('book');
    });

    it('reads "you can call me Priya" as a name given, not a request for a call; "Call me Friday" and "call me back" still are', () => {
      expect(understandMessage('you can call me Priya', {}, NOW).intent).not.toBe('callback');
      expect(understandMessage('Call me Friday', {}, NOW).intent).toBe('callback');
      expect(understandMessage('Call me Priya. Call me back when you can', {}, NOW).intent).toBe('callback');
    });

    it('reads "we booked a visit a while ago" as no new booking, and "can we get booked in" as one', () => {
      expect(understandMessage('we booked a visit a while ago', {}, NOW).intent).not.toBe('book');
      expect(understandMessage('can we get booked in next week', {}, NOW).intent).toBe('book');
    });

    it('reads "need help with something" as naming no job, and "need help with my gutters" as one', () => {
      expect(understandMessage('need help with something', {}, NOW).intent).toBe('other');
      expect(understandMessage('need help with my gutters', {}, NOW).intent).toBe('book');
    });

    it.each(['no heating anywhere in the flat', 'aircon not working upstairs'])('reads the home-services fault %p as a job', (text) => {
      expect(understandMessage(text, { vertical: 'home_services' }, NOW).intent).toBe('book');
    });
  });
});
