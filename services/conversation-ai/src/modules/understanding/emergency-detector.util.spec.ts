import { type BusinessVertical, type LocationConfig } from '@textback/contracts';
import { detectEmergency, isNegated, readUrgencyAnswer, safetyLineFor } from './emergency-detector.util';
import { emergencyNumberOf, UNKNOWN_EMERGENCY_NUMBER } from './hazards/emergency-numbers.constants';
import { HAZARD_CATALOGUE } from './hazards/hazard-catalogue.constants';
import { HAZARD_SOURCES } from './hazards/hazard-sources.constants';

const US = { forwardToE164: '+13035550100' };
const at = (vertical: BusinessVertical) => ({ ...US, vertical });
const pages = (text: string, ctx = {}) => detectEmergency(text, ctx).level === 'emergency';
const asks = (text: string, ctx = {}) => {
  const f = detectEmergency(text, ctx);
  return f.level !== 'emergency' && f.question !== null;
};

describe('detectEmergency', () => {
  describe('per vertical, pages on the hazards of the vertical', () => {
    it.each<[BusinessVertical, string, string]>([
      ['home_services', 'I smell gas in the basement', 'gas_leak'],
      ['home_services', 'the CO detector is going off', 'carbon_monoxide'],
      ['home_services', 'pipe burst in the laundry room', 'flooding'],
      ['home_services', 'furnace died and the house is freezing', 'no_heat'],
      ['home_services', 'burning smell from the breaker panel', 'electrical'],
      ['home_services', 'sparks shooting out of the outlet', 'electrical'],
      ['medical_office', 'my dad has chest pain and is sweating', 'chest_pain'],
      ['medical_office', 'I think my wrist is broken', 'serious_injury'],
      ['medical_office', 'she is having trouble breathing', 'breathing'],
      ['medical_office', 'the cut is bleeding heavily', 'severe_bleeding'],
      ['dental', 'my son knocked out his front tooth at practice', 'dental_trauma'],
      ['dental', 'my jaw is swollen and hot', 'dental_trauma'],
      ['home_services', 'water is dripping out of the ceiling light in the hallway', 'flooding'],
      ['auto_repair', "my brake pedal is going all the way to the floor and I'm on the freeway", 'vehicle_failure'],
      ['veterinary', 'my dog ate a bar of dark chocolate', 'pet_poisoning'],
      ['veterinary', 'my dog just ate a whole bar of dark chocolate', 'pet_poisoning'],
      ['veterinary', 'the puppy got into a box of chocolates', 'pet_poisoning'],
      ['veterinary', 'our cat was hit by a car', 'pet_trauma'],
      ['veterinary', 'the dog keeps retching and his belly is bloated', 'pet_trauma'],
      ['locksmith', 'locked my keys in the car and my baby is inside', 'locked_in'],
      ['auto_repair', 'my brakes went out on the way home', 'vehicle_failure'],
      ['auto_repair', 'smoke pouring out from under the hood', 'fire'],
      ['auto_repair', 'just crashed on the freeway and my friend is hurt', 'car_accident'],
      ['legal', 'my brother was arrested an hour ago', 'arrest'],
      ['legal', 'I have court tomorrow morning and no lawyer', 'court_deadline'],
      ['property_management', 'water pouring through the ceiling of unit 4', 'flooding'],
      ['property_management', 'there is a fire in the kitchen', 'fire'],
      ['salon', 'chemical burn on my scalp after the perm', 'salon_reaction'],
    ])('%s: "%s" -> %s', (vertical, text, hazardId) => {
      const f = detectEmergency(text, at(vertical));
      expect(f).toMatchObject({ level: 'emergency', hazardId });
      expect(f.safetyLine).toBeTruthy();
    });

    it('turns a page cue of another vertical into the urgency question ("brakes went out" at a dentist)', () => {
      const f = detectEmergency('my brakes went out', at('dental'));
      expect(f.level).toBeNull();
      expect(f.question).toMatchObject({ hazardId: 'vehicle_failure', cue: 'brakes went out' });
    });

    it('does not ask whether it is urgent when the caller said it is not, but still pages on a page cue', () => {
      expect(detectEmergency("it's not an emergency but water is leaking through the ceiling", at('home_services')).question).toBeNull();
      expect(detectEmergency('not urgent, the furnace won\'t turn on', at('home_services')).question).toBeNull();
      expect(detectEmergency('water is leaking through the ceiling', at('home_services')).question).toMatchObject({ hazardId: 'flooding' });
      expect(detectEmergency("it's not an emergency but I smell gas", at('home_services'))).toMatchObject({ level: 'emergency', hazardId: 'gas_leak' });
    });

    it('asks whether a door that was kicked in is urgent (a break-in, or the caller\'s own lockout)', () => {
      expect(detectEmergency('someone kicked my front door in while I was at work', at('locksmith')).question).toMatchObject({ hazardId: 'break_in' });
      expect(detectEmergency('I need a new lock for the front door', at('locksmith')).question).toBeNull();
    });

    it('ignores an ask cue of another vertical (an oil leak at a garage is not a flood)', () => {
      expect(detectEmergency('oil leaking onto the garage floor', at('auto_repair')).question).toBeNull();
    });

    it('infers the vertical from the words when the location has none', () => {
      expect(pages('I smell gas in the kitchen')).toBe(true);
      expect(asks('I smell gas in my car')).toBe(true);
    });
  });

  describe('unsure cues ask', () => {
    it.each([
      ['my water heater is leaking', 'flooding'],
      ['furnace not working', 'no_heat'],
      // crash_injury (every vertical, a danger to people) outranks the auto-only car_accident: the same question.
      ['I was in a car accident, the bumper is hanging off', 'crash_injury'],
    ])('"%s" asks about %s', (text, hazardId) => {
      const f = detectEmergency(text, US);
      expect(f.level).not.toBe('emergency');
      expect(f.question?.hazardId).toBe(hazardId);
    });

    it('pages when an escalating word is in the message (no heat with a baby in the cold)', () => {
      expect(detectEmergency('no heat and the baby is cold', at('home_services')).hazardId).toBe('no_heat');
    });
  });

  describe('no heat, no cooling, no water, no power: people at risk and dangerous indoor temperatures (CDC)', () => {
    const home = at('home_services');
    it.each([
      ['the furnace quit and my wife is pregnant', 'no_heat'],
      ['heater broke, my father is 82 years old', 'no_heat'],
      ['no heat, it is 38 degrees in the house', 'no_heat'],
      ['thermostat reads 41, heat is out', 'no_heat'],
      ['our air conditioner died and grandpa is in a wheelchair', 'no_cooling'],
      ['the AC stopped, 104 degrees in here', 'no_cooling'],
      ['no AC and my mom has a heart condition', 'no_cooling'],
      ['cooling is out, my son is on a ventilator', 'no_cooling'],
      ['the water is shut off and my husband does dialysis at home', 'no_water'],
      ['power is out, my dad uses an oxygen concentrator', 'no_power'],
      ['it is 45 degrees inside', 'no_heat'],
    ])('"%s" pages (%s)', (text, hazardId) => {
      expect(detectEmergency(text, home)).toMatchObject({ level: 'emergency', hazardId });
    });

    it.each([
      ['the AC is not cooling', 'no_cooling'],
      ['the power went out in the kitchen', 'no_power'],
      ['the boiler is not working', 'no_heat'],
    ])('"%s" asks (%s)', (text, hazardId) => {
      const f = detectEmergency(text, home);
      expect(f.level).not.toBe('emergency');
      expect(f.question?.hazardId).toBe(hazardId);
    });

    it('does not read a hot water, oven or fever temperature as the room', () => {
      expect(detectEmergency('the water heater is set to 120 degrees', home).question?.hazardId).not.toBe('no_cooling');
      expect(pages('the oven reaches 450 degrees but the AC is fine', home)).toBe(false);
    });
  });

  describe('carbon monoxide, gas and fire told in general or from the news', () => {
    const home = at('home_services');
    it('pages on a carbon monoxide alarm sounding or beeping, not on its batteries or installation', () => {
      expect(pages('the carbon monoxide alarm keeps going off', home)).toBe(true);
      expect(pages('our CO detector is beeping and my head hurts', home)).toBe(true);
      expect(pages('the CO detector needs new batteries', home)).toBe(false);
      expect(pages('can you install a carbon monoxide detector', home)).toBe(false);
    });

    it('asks, not pages, when a gas leak or a fire is asked about in general or seen on the news', () => {
      expect(asks('how can I tell if there is a gas leak', home)).toBe(true);
      expect(asks('what would a propane leak smell like', home)).toBe(true);
      expect(asks('there was a story on the news about a kitchen fire', home)).toBe(true);
      expect(pages('I smell gas in the garage', home)).toBe(true);
    });

    it('does not page when a device, not a person, is not responding', () => {
      expect(pages('the thermostat screen is not responding', home)).toBe(false);
      expect(pages('my grandmother is not responding', home)).toBe(true);
    });
  });

  describe('a plea for haste turns the question into a page', () => {
    it('pages a symptom the rules would only ask about when the caller pleads for haste', () => {
      expect(asks('my heart keeps pounding', at('medical_office'))).toBe(true);
      const f = detectEmergency('my heart keeps pounding, please hurry', at('medical_office'));
      expect(f).toMatchObject({ level: 'emergency', hazardId: 'chest_pain' });
      expect(pages('water is leaking from the roof, come quickly', at('home_services'))).toBe(true);
    });

    it('does not page on a denied plea or on a plea with no hazard', () => {
      expect(asks('no hurry, my heart keeps pounding now and then', at('medical_office'))).toBe(true);
      expect(detectEmergency('hurry up and send me the quote', at('home_services')).level).not.toBe('emergency');
      expect(asks("I'm in a hurry and my heart keeps pounding", at('medical_office'))).toBe(true);
    });
  });

  describe('loss of feeling in a limb (AHA stroke sign)', () => {
    it.each([
      'since this morning she cannot feel her left arm',
      'my husband lost feeling in his fingers',
      "I suddenly can't feel my feet",
    ])('pages: "%s"', (text) => {
      expect(detectEmergency(text, at('medical_office'))).toMatchObject({ level: 'emergency', hazardId: 'stroke' });
    });

    it('leaves the numbness an anaesthetic is expected to cause alone', () => {
      expect(pages('still cannot feel my jaw after the novocaine', at('dental'))).toBe(false);
      expect(pages("can't feel my lower lip since they numbed it", at('dental'))).toBe(false);
      expect(asks('my arm has gone numb', at('medical_office'))).toBe(true);
    });
  });

  describe('a driver who cannot brake', () => {
    const cannotBrake = ['the pedal went soft and I cannot brake properly', "I couldn't brake on the way here"];
    it.each(cannotBrake)('pages: "%s"', (t) => {
      expect(detectEmergency(t, at('auto_repair'))).toMatchObject({ level: 'emergency', hazardId: 'vehicle_failure' });
    });

    it('leaves a car that pulls to one side alone', () => {
      expect(pages("I can't steer straight, it pulls to the left", at('auto_repair'))).toBe(false);
    });
  });

  describe('"can\'t stand" (injury or dislike)', () => {
    it('pages when the caller cannot stand up, asks when the words stop at "stand"', () => {
      expect(detectEmergency("she fell in the shower and can't stand up", at('medical_office')).level).toBe('emergency');
      expect(asks("I slipped on the ice and now I can't stand", at('medical_office'))).toBe(true);
    });

    it('leaves the idiom of dislike alone', () => {
      expect(detectEmergency("I can't stand waiting on hold", at('medical_office'))).toMatchObject({ level: null, question: null });
      expect(detectEmergency('honestly I cannot stand that receptionist', at('other'))).toMatchObject({ level: null, question: null });
    });
  });

  describe('askWhen: the danger is not live, so ask instead of paging', () => {
    it('asks about a vehicle failure when the vehicle is not being driven', () => {
      expect(asks('brakes stopped working so the truck is parked in the driveway', at('auto_repair'))).toBe(true);
      expect(asks('my brakes failed and I cannot drive it', at('auto_repair'))).toBe(true);
      expect(asks('the brakes are not working, the car is in our garage', at('auto_repair'))).toBe(true);
      const text = "my brakes failed and I can't drive it, I'm stuck on the freeway";
      const stranded = detectEmergency(text, at('auto_repair'));
      expect(stranded).toMatchObject({ level: 'emergency', hazardId: 'stranded_vehicle' });
    });

    it('asks about a flood or a fire when the caller wants the cleanup or restoration', () => {
      expect(asks('we need the basement restored after the flood', at('home_services'))).toBe(true);
      expect(asks('kitchen fire on sunday, looking for someone to clean up the soot', at('home_services'))).toBe(true);
      expect(pages('the basement is flooding', at('home_services'))).toBe(true);
    });

    it('asks about an arrest when the caller asks about the law in general', () => {
      expect(asks('could somebody be arrested for skipping jury duty', at('legal'))).toBe(true);
      expect(asks('what happens if I get arrested on a warrant from another state', at('legal'))).toBe(true);
      expect(pages('my daughter got arrested at the airport', at('legal'))).toBe(true);
    });
  });

  describe('negation (NegEx scope)', () => {
    it.each(['there is no gas smell', 'no leak anywhere, just a quote', 'he isnt bleeding', "it's not urgent", 'NOT AN EMERGENCY', 'non-urgent: replace a faucet', 'the sparks stopped', 'we had a flood last year'])(
      '"%s" does not page',
      (text) => {
        expect(detectEmergency(text, US).level).not.toBe('emergency');
      },
    );

    it('keeps cues a negation does not reach', () => {
      expect(pages("car won't start and smoke is pouring from the hood")).toBe(true);
      expect(pages("I don't know why but water is pouring through the ceiling")).toBe(true);
      expect(pages("not sure if it's a gas leak")).toBe(true);
      expect(pages('no heat but the pipes are frozen', at('home_services'))).toBe(true);
    });

    it('reads negation scope on words', () => {
      const words = ['the', 'car', 'wont', 'start', 'and', 'smoke', 'is', 'pouring'];
      expect(isNegated(words, 5, 6)).toBe(false);
      expect(isNegated(['there', 'is', 'no', 'gas', 'leak'], 3, 5)).toBe(true);
      expect(isNegated(['the', 'bleeding', 'stopped'], 1, 2)).toBe(true);
    });
  });

  describe('the words URGENT and EMERGENCY', () => {
    it.each(['URGENT', 'urgent', 'Urgent!!', 'uRgEnT please call', 'EMERGENCY', 'emergency', 'This is an Emergency', 'urgently need someone', 'es urgente'])('"%s" pages', (text) => {
      expect(detectEmergency(text, US)).toMatchObject({ level: 'emergency', hazardId: 'explicit_emergency' });
    });

    it('gives the advice of a named hazard over the bare word ("URGENT, I smell gas")', () => {
      expect(detectEmergency('URGENT, I smell gas', US).hazardId).toBe('gas_leak');
    });
  });

  describe("emergency number of the location's country", () => {
    it.each([
      [{ countryCode: 'US' }, '911'],
      [{ forwardToE164: '+14165550100' }, '911'],
      [{ forwardToE164: '+442071230000' }, '999'],
      [{ countryCode: 'FR' }, '112'],
      [{ forwardToE164: '+4930123456' }, '112'],
      [{ forwardToE164: '+61291234567' }, '000'],
      [{ countryCode: 'NZ' }, '111'],
      [{}, UNKNOWN_EMERGENCY_NUMBER],
    ])('%j -> %s', (ctx, number) => {
      expect(detectEmergency('I smell gas in the house', ctx).safetyLine).toContain(`call ${number}`);
    });

    it('uses the configured country before the number', () => {
      expect(safetyLineFor('medical', { countryCode: 'GB', forwardToE164: '+13035550100' })).toContain('999');
      expect(emergencyNumberOf('au')).toBe('000');
    });
  });

  describe('service catalogue', () => {
    const services: LocationConfig['services'] = [
      { serviceId: 'emergency-visit', name: 'Emergency visit', synonyms: [], averageTicketCents: 0, slotMinutes: 60, urgent: true },
      { serviceId: 'checkup', name: 'Check-up', synonyms: [], averageTicketCents: 0, slotMinutes: 60, urgentSymptoms: ['lost filling', 'gum abscess'] },
    ];
    it('pages for an urgent service the message named, and for an urgent symptom (stems, not negated)', () => {
      expect(detectEmergency('need a visit', { ...at('dental'), services, matchedServiceId: 'emergency-visit' })).toMatchObject({ level: 'emergency', hazardId: 'catalogue_service' });
      expect(detectEmergency('I lost a filling yesterday', { ...at('dental'), services }).hazardId).toBe('catalogue_service');
      expect(detectEmergency('no gum abscesses, just a cleaning', { ...at('dental'), services }).level).not.toBe('emergency');
      expect(detectEmergency('need a check-up', { ...at('dental'), services, matchedServiceId: 'checkup' }).level).not.toBe('emergency');
    });
  });

  it('asks, rather than ignores, a danger to a person beside a word that excludes the cue elsewhere', () => {
    // "window" voids serious_injury's cues ("broken window"); with a deep cut beside it the rules are unsure: ask once.
    const hurt = detectEmergency('the window smashed and I cut my hand deeply', { vertical: 'home_services' });
    expect(hurt.level).not.toBe('emergency');
    expect(hurt.question?.hazardId).toBe('serious_injury');
    // Property hazards keep their exclusions: a spark plug is not a fire, and nothing is asked.
    const plugs = detectEmergency('need new spark plugs', { vertical: 'auto_repair' });
    expect(plugs.level).not.toBe('emergency');
    expect(plugs.question).toBeNull();
  });

  it('does not page on routine requests of each vertical', () => {
    for (const [vertical, text] of [
      ['auto_repair', 'need an oil change and new spark plugs Friday'],
      ['dental', 'can I book a cleaning next week'],
      ['salon', 'haircut and color on Saturday?'],
      ['legal', 'I would like a consultation about a will'],
      ['home_services', 'quote for a new water heater please'],
      ['veterinary', 'my dog needs his shots'],
    ] as const) {
      expect(detectEmergency(text, at(vertical))).toMatchObject({ level: expect.not.stringMatching('emergency') as unknown, question: null });
    }
  });
});

describe('harm done by people, missing children, crashes with injuries, explosions and collapse (every vertical)', () => {
  // Own phrasings, written from the 911.gov / NENA, NCMEC, NHTSA / Red Cross and Ready.gov guidance, not from any
  // evaluation set. Texted to businesses of verticals with no hazard of their own for these: it pages anyway.
  it.each<[BusinessVertical, string, string]>([
    ['dental', 'someone is shooting outside the building', 'violence'],
    ['salon', 'shots fired in the parking lot', 'violence'],
    ['legal', 'my neighbor shot my brother', 'violence'],
    ['salon', "I've been stabbed", 'violence'],
    ['auto_repair', 'a guy pulled a knife on me in your lot', 'violence'],
    ['veterinary', 'a man with a gun is outside', 'violence'],
    ['home_services', 'my husband is beating me', 'violence'],
    ['property_management', 'the tenant in 3B is strangling her', 'violence'],
    ['other', 'he is threatening to kill us', 'violence'],
    ['dental', 'someone is breaking into my house right now', 'intruder'],
    ['dental', 'there is a stranger in my house', 'intruder'],
    ['salon', 'domestic violence, please send help', 'domestic_violence'],
    ['dental', 'my son is missing', 'missing_child'],
    ['salon', "I can't find my daughter", 'missing_child'],
    ['other', 'we lost our toddler at the mall', 'missing_child'],
    ['medical_office', 'my 5 year old wandered off', 'missing_child'],
    ['legal', 'someone grabbed my kid', 'missing_child'],
    ['home_services', "car crash and the driver is trapped", 'crash_injury'],
    ['legal', 'we were in a car accident and my wife is bleeding', 'crash_injury'],
    ['salon', 'a car hit a pedestrian in front of your shop', 'crash_injury'],
    ['dental', 'the truck flipped over on the highway', 'crash_injury'],
    ['property_management', 'there was an explosion in the garage', 'explosion'],
    ['salon', 'bomb threat at the mall next door', 'explosion'],
    ['property_management', 'the balcony collapsed and people are trapped', 'structural_collapse'],
    ['home_services', 'someone is trapped under the rubble', 'structural_collapse'],
  ])('%s: "%s" pages (%s)', (vertical, text, hazardId) => {
    const f = detectEmergency(text, at(vertical));
    expect(f).toMatchObject({ level: 'emergency', hazardId });
    expect(f.safetyLine).toContain('911');
  });

  it('asks rather than pages when the words may be an idiom or the danger is past', () => {
    expect(asks("my wife is going to kill me if I'm late again", at('salon'))).toBe(true);
    expect(asks('we had a car accident last week and my neck hurts', at('medical_office'))).toBe(true);
    expect(asks('a tree fell on the roof', at('home_services'))).toBe(true);
    expect(asks('heard a loud bang outside', at('dental'))).toBe(true);
  });

  it.each<[BusinessVertical, string]>([
    ['salon', 'can we book a shooting for my photo portfolio'],
    ['salon', 'we are shooting a video in the studio next week'],
    ['home_services', 'shoot me a text when the tech is on the way'],
    ['auto_repair', 'this is a killer deal'],
    ['other', 'my phone died, can you call back'],
    ['auto_repair', 'dead battery, need a jump'],
    ['auto_repair', 'the bass is killing it after the new speakers'],
    ['auto_repair', 'do you do a crash course on car care'],
    ['medical_office', 'my back is killing me'],
    ['medical_office', 'I got my flu shot yesterday'],
    ['auto_repair', 'can you take a stab at the noise in my dash'],
    ['auto_repair', 'can you beat their price'],
    ['home_services', 'hit me up with a quote'],
    ['locksmith', 'my boyfriend kicked me out and I need a new lock'],
    ['locksmith', 'I need a gun safe installed'],
    ['home_services', 'I borrowed his nail gun'],
    ['dental', 'my son is missing school for the appointment'],
    ['dental', 'my daughter is missing a front tooth'],
    ['medical_office', "I can't find my son's insurance card"],
    ['legal', 'I need a lawyer for my domestic violence case'],
    ['auto_repair', 'we had an accident last week, nobody was hurt, need a bumper quote'],
    ['other', 'my computer crashed'],
    ['other', "I crashed at my friend's place"],
    ['veterinary', 'my dog had an accident on the carpet'],
    ['other', 'sales exploded this month'],
    ['other', 'my phone blew up with messages'],
    ['auto_repair', 'loud bang from the exhaust'],
    ['medical_office', 'explosive diarrhea since yesterday'],
    ['other', 'the stock market collapsed'],
    ['other', 'the tent collapsed in the wind'],
    ['home_services', 'someone will be in the house to let you in'],
    ['legal', 'we lost our son last year and need help with the estate'],
    ['legal', 'fighting a speeding ticket'],
    ['salon', 'she hurt her knee playing soccer'],
    ['auto_repair', 'the last mechanic robbed me blind'],
    ['auto_repair', 'highway robbery prices'],
    ['veterinary', 'my dog needs his shots'],
    ['dental', 'my old filling is missing'],
    ['auto_repair', "my husband didn't come back to pick up the car"],
    ['auto_repair', "someone hit my dad's truck"],
    ['salon', 'she shot me a look'],
    ['home_services', 'there are people in the house all day so come anytime'],
    ['home_services', 'a guy is coming in at noon to let you in'],
    ['auto_repair', 'the exploded view diagram shows the part'],
    ['home_services', 'a fuse blew in the kitchen'],
    ['home_services', "there's a squirrel trapped in the wall"],
    ['home_services', 'water trapped in the wall'],
    ['property_management', 'my home warranty came in the mail'],
    ['auto_repair', "I feel like I'm getting robbed at this shop"],
  ])('%s: "%s" does not page', (vertical, text) => {
    expect(detectEmergency(text, at(vertical)).level).not.toBe('emergency');
  });

  it('leaves a pet hit by a car to the vet entry: asked outside a veterinary practice, as before', () => {
    expect(asks('our cat got hit by a car', at('salon'))).toBe(true);
    expect(detectEmergency('our cat got hit by a car', at('veterinary'))).toMatchObject({ level: 'emergency', hazardId: 'pet_trauma' });
  });

  it('pages on choking (the stem of "choking" is "choke")', () => {
    expect(detectEmergency('the baby is choking on a grape', at('dental'))).toMatchObject({ level: 'emergency', hazardId: 'breathing' });
    expect(detectEmergency('the engine is choking on cold mornings', at('auto_repair')).level).not.toBe('emergency');
  });
});

describe('readUrgencyAnswer', () => {
  it.each([
    ['YES', 'yes'],
    ['yes please hurry', 'yes'],
    ['Yep', 'yes'],
    ['sí', 'yes'],
    ['no', 'no'],
    ['Nope, it can wait', 'no'],
    ['it can wait till Monday', 'no'],
    ['not urgent, whenever works', 'no'],
    ["It's not an emergency", 'no'],
    ['no rush', 'no'],
    ['what time can you come?', null],
    ['it can be dangerous, right?', null],
  ])('"%s" -> %s', (text, answer) => {
    expect(readUrgencyAnswer(text)).toBe(answer);
  });
});

describe('hazard catalogue', () => {
  it('cites a known source and gives advice for every hazard, and covers every vertical', () => {
    const covered = new Set<string>();
    for (const h of HAZARD_CATALOGUE) {
      expect(HAZARD_SOURCES[h.source]).toBeTruthy();
      expect(h.advice.length).toBeGreaterThan(10);
      expect(h.page.length + (h.ask?.length ?? 0)).toBeGreaterThan(0);
      if (h.verticals !== 'all') for (const v of h.verticals) covered.add(v);
    }
    for (const v of ['home_services', 'auto_repair', 'dental', 'veterinary', 'legal', 'locksmith', 'property_management', 'salon', 'medical_office']) {
      expect([...covered]).toContain(v);
    }
  });
});

describe('thirteenth pass: shouted fragments, "there is a fire", emergency service asked about (issue #15, h/rules13)', () => {
  it('reads neighbouring one- or two-word clauses together ("SMOKE! UPSTAIRS BEDROOM! COMING OUT!") as well as alone', () => {
    expect(detectEmergency('GAS!! SMELL!! kitchen!!', { vertical: 'home_services' }).hazardId).toBe('gas_leak');
    expect(detectEmergency('Hi. Thanks. Bye.', { vertical: 'home_services' }).level).toBeNull();
  });

  it('pages on a fire told as the whole clause, not on a fire pit, a past fire or a denied one', () => {
    expect(detectEmergency("we've got a big fire", { vertical: 'home_services' }).hazardId).toBe('fire');
    expect(detectEmergency('we have a fire pit in the yard', { vertical: 'home_services' }).level).not.toBe('emergency');
    expect(detectEmergency('there was a fire here in 2019', { vertical: 'home_services' }).level).not.toBe('emergency');
    expect(detectEmergency('there is no fire', { vertical: 'home_services' }).level).not.toBe('emergency');
  });

  it('does not page on a question about emergency service, and does when the same clause is a request or haste is named', () => {
    expect(detectEmergency('Does the clinic see emergency patients on Saturdays?', { vertical: 'dental' }).level).not.toBe('emergency');
    expect(detectEmergency('what do you charge for an emergency visit?', { vertical: 'dental' }).level).not.toBe('emergency');
    expect(detectEmergency('Does the clinic see emergency patients? I need to come in now', { vertical: 'dental' }).level).toBe('emergency');
    expect(detectEmergency('I have an emergency', { vertical: 'dental' }).level).toBe('emergency');
  });
});

