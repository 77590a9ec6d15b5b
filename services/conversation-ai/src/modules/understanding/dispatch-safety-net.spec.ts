import { type BusinessVertical } from '@textback/contracts';
import { detectEmergency } from './emergency-detector.util';
import { understandMessage } from './message-understanding.util';

/**
 * The dispatcher's safety net (hazard-catalogue.constants.ts, entries `dispatch_*`, source `dispatch-lists`): the
 * complaints 911 dispatch centres take calls for (MPDS chief complaints, APCO incident types, AVMA/ASPCA pet first aid)
 * at least ask the urgency question at a location of any vertical; calls for emergency services page. Sentences here
 * were written for this spec from those lists, not taken from any evaluation set.
 */
const US = { forwardToE164: '+13035550100' };
const at = (vertical: BusinessVertical) => ({ ...US, vertical });
const caught = (text: string, ctx = {}) => {
  const f = detectEmergency(text, ctx);
  return f.level === 'emergency' || f.question !== null;
};
const pages = (text: string, ctx = {}) => detectEmergency(text, ctx).level === 'emergency';

describe('dispatch safety net', () => {
  describe('calls for emergency services page at any location', () => {
    it.each<[BusinessVertical, string]>([
      ['salon', 'please send an ambulance to the shop'],
      ['other', 'we need the police here'],
      ['auto_repair', 'call the fire department'],
      ['other', 'shots fired on our street'],
      ['legal', 'my son was kidnapped'],
      ['veterinary', 'my puppy is not moving'],
      ['other', 'my husband is not breathing'],
      ['medical_office', "my wife's water broke"],
    ])('%s: "%s"', (vertical, text) => {
      expect(pages(text, at(vertical))).toBe(true);
    });
  });

  describe('dispatch complaints at least ask, at any location', () => {
    it.each<[BusinessVertical, string]>([
      ['other', 'my son is having an allergic reaction to peanuts'],
      ['veterinary', 'my dog got stung by a bee and his face looks odd'],
      ['other', 'a snake bit my dog in the yard'],
      ['salon', 'she burned her hand on the flat iron'],
      ['other', 'my dad is diabetic and his blood sugar dropped'],
      ['other', 'grandma fell down and hit her head'],
      ['other', 'I think he has heat stroke'],
      ['other', 'my toddler swallowed some of the detergent'],
      ['other', 'our cat ate a lily leaf'],
      ['medical_office', 'I am pregnant and having labor pains'],
      ['other', 'my friend says he wants to end his life'],
      ['veterinary', 'the dog has a very high fever and is lethargic'],
      ['veterinary', 'my cat keeps having seizures'],
      ['other', 'we just got robbed'],
      ['other', 'someone is threatening my daughter'],
      ['other', 'there is a fight outside the store'],
      ['home_services', 'power lines are down on the street and sparking'],
      ['other', 'there was a chemical spill in the back room'],
      ['other', 'my little boy is missing'],
      ['other', 'a man with a knife is outside'],
      ['other', "my mother can't walk this morning"],
      ['veterinary', 'the puppy cannot swallow'],
      ['other', "I can't wake him up"],
      ['other', 'somebody help, my brother'],
      ['home_services', 'my son got hurt on the trampoline'],
      ['salon', 'there has been an accident outside your shop'],
      ['legal', 'I was just in a car accident'],
      ['other', "my husband can't move his legs"],
    ])('%s: "%s"', (vertical, text) => {
      expect(caught(text, at(vertical))).toBe(true);
    });
  });

  describe('near misses: the other sense of the word raises nothing', () => {
    it.each<[BusinessVertical, string]>([
      ['auto_repair', 'Why am I not moving after shifting into drive?'],
      ['auto_repair', 'burning oil smell after an oil change'],
      ['auto_repair', 'my catalytic converter was stolen, can you replace it'],
      ['auto_repair', 'I need the police report number for the insurance claim'],
      ['salon', 'can I get a photoshoot after my cut'],
      ['other', 'the package is missing a part'],
      ['legal', 'I want to fight this parking ticket'],
      ['other', 'do you have a fall schedule yet'],
      ['other', 'bite size snacks for the party'],
      ['salon', 'please help me find a salon near me'],
      ['medical_office', "can't talk now, text me"],
      ['other', "I can't move the appointment to Friday"],
    ])('%s: "%s"', (vertical, text) => {
      expect(pages(text, at(vertical))).toBe(false);
    });
  });

  it('a negated complaint raises nothing', () => {
    expect(caught('he was not injured', at('other'))).toBe(false);
  });

  it('a question raised by the net names the emergency number of the location country', () => {
    const f = detectEmergency('my mum fell off a chair', { vertical: 'other', countryCode: 'GB' });
    expect(f.question?.safetyLine).toContain('999');
  });

  it('understanding carries the question into the first reply, intent unchanged', () => {
    const u = understandMessage('my dad is diabetic and his blood sugar dropped, can you see him today?', { vertical: 'medical_office' }, new Date('2026-03-10T17:00:00Z'));
    expect(u.intent).not.toBe('emergency');
    expect(u.urgencyQuestion).not.toBeNull();
  });

  it('a danger to an animal asks at a location of another vertical (an ask cue of a medical hazard applies everywhere)', () => {
    const f = detectEmergency('my dog keeps vomiting and is limping', at('other'));
    expect(f.level).not.toBe('emergency');
    expect(f.question).not.toBeNull();
  });

  describe('complaints of the same lists in other words (eighth pass) at least ask, at any location', () => {
    it.each<[BusinessVertical, string]>([
      // MPDS 7 burns: a person or an animal burned, no body part named; a corrosive thrown at someone
      ['veterinary', 'our puppy got burned by the fireplace'],
      ['other', 'my grandson was scalded in the bath'],
      ['other', 'a man threw acid at my sister'],
      // MPDS 17 falls: cannot get up
      ['other', "my aunt slipped in the kitchen and can't get up off the floor"],
      // MPDS 19 heart problems in lay words
      ['veterinary', 'my old cat has an irregular heartbeat tonight'],
      ['other', "my dad's pulse is really weak"],
      // MPDS 26 / 9: someone dying
      ['other', 'please my mother is dying'],
      // MPDS 27: shot or stabbed, told by the one who did it; relatives named as parents or family
      ['other', 'I stabbed my roommate'],
      ['other', 'my grandparents were shot'],
      // APCO / NTSB: an aircraft down; a driver on the wrong side
      ['other', 'a small plane just went down behind the school'],
      ['home_services', 'a helicopter crashed near the highway'],
      ['auto_repair', 'there is a truck driving down the wrong side of the freeway'],
      // APCO: a child abandoned or left alone; NHTSA: a vehicle in water
      ['other', 'someone abandoned a baby at the church'],
      ['other', 'a toddler was left alone in a parked van'],
      ['auto_repair', 'my car slid into the lake'],
      // a person shut in where they cannot get out alone
      ['other', "I'm locked inside a walk-in freezer"],
      // 911.gov: an assault told briefly
      ['other', 'she hurt me'],
      // AVMA: an animal that cannot breathe
      ['other', 'the animal is unable to breathe'],
    ])('%s: "%s"', (vertical, text) => {
      expect(caught(text, at(vertical))).toBe(true);
    });

    it.each<[BusinessVertical, string]>([
      ['other', "I'm dying to try the new menu"],
      ['other', 'my phone battery is dying'],
      ['other', "I can't get up that early, is 10 ok?"],
      ['other', 'I shot my brother a text about the quote'],
      ['other', 'I burned the toast lol'],
      ['other', 'we are missing out on the sale'],
      ['auto_repair', 'we left the car at your shop'],
      ['other', 'stuck in traffic, running late'],
      ['other', 'can I book a flight for next week?'],
    ])('near miss %s: "%s" raises nothing', (vertical, text) => {
      expect(caught(text, at(vertical))).toBe(false);
    });

    it('a child named before "missing" pages (NCMEC: no waiting period)', () => {
      expect(pages('our toddler missing from the yard', at('other'))).toBe(true);
    });

    it('"a month ago" ends a danger as "months ago" does (NegEx resolution)', () => {
      expect(caught('I had a stroke a month ago and want a follow-up', at('medical_office'))).toBe(false);
    });
  });

  describe('ninth pass: cries for help, people under rubble or crushed, short of breath now, about to faint', () => {
    it.each<[BusinessVertical, string]>([
      ['other', 'please come save us, the water is rising'],
      ['salon', 'rescue me please'],
      ['other', 'we beg you to come to our rescue'],
      ['other', 'we need assistance right away'],
      ['other', 'need help immediately at the corner of 5th'],
      ['other', 'the tornado hit our street and we need help'],
      ['home_services', 'my neighbor got crushed by the garage door'],
      ['other', 'I feel like I am about to pass out'],
      ['medical_office', 'shortness of breath and a cough since Monday'],
    ])('%s: "%s" at least asks', (vertical, text) => {
      expect(caught(text, at(vertical))).toBe(true);
    });

    it.each<[BusinessVertical, string]>([
      ['other', 'two people are still alive under the rubble'],
      ['medical_office', "I'm short of breath right now"],
    ])('%s: "%s" pages', (vertical, text) => {
      expect(pages(text, at(vertical))).toBe(true);
    });

    it.each<[BusinessVertical, string]>([
      ['other', 'can you save me a table for two at 7'],
      ['other', 'save us a spot on Friday please?'],
      ['home_services', 'we need the rubble hauled away from the backyard'],
      ['other', 'I crushed it at the interview, thanks for the haircut'],
      ['other', 'help me pick a date for the hurricane shutters install'],
    ])('near miss %s: "%s" raises nothing', (vertical, text) => {
      expect(caught(text, at(vertical))).toBe(false);
    });
  });

  describe('ConText historical triggers: a danger to a person told as history asks instead of paging', () => {
    it.each(['I have a history of seizures and need a refill', 'I was diagnosed with a stroke in 2019, can I book a check', 'I had a previous heart attack, want a check'])(
      '"%s" asks',
      (text) => {
        const f = detectEmergency(text, at('medical_office'));
        expect(f.level).not.toBe('emergency');
        expect(f.question).not.toBeNull();
      },
    );

    it.each(['my dad is having a seizure right now', 'chest pain for the past hour', 'she had a stroke an hour ago'])('"%s" still pages', (text) => {
      expect(pages(text, at('medical_office'))).toBe(true);
    });
  });
});
