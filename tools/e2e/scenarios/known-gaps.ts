/**
 * Scenarios that still fail, with why. The suite asserts each one still breaks at least one expectation, so the
 * fix that makes one pass fails the suite until its id is removed from here (no skipped tests).
 */
export const KNOWN_GAPS: Readonly<Record<string, string>> = {
  // Offers ignore the caller's stated preference, and a 24/7 answering line books 3am slots (issue 15, item 3:
  // booking hours and preference ranking, scheduling's work in progress elsewhere).
  'auto-brakes-saturday-morning': 'offers are the earliest slots, not Saturday morning as asked',
  'dental-cleaning-afternoons': 'offers are the earliest slots (3am at a 24/7 line), not in the afternoon as asked',
  'salon-haircut-tomorrow-afternoon': 'offers are the earliest slots, not tomorrow afternoon as asked',
  // A reply to an offer that changes the day gets no new offer and no answer at all (scheduling's reply handling).
  'auto-changes-mind-after-offer': '"actually Saturday works better" after an offer: no new offer, no reply',
  'salon-highlights-change-of-mind': '"can we do Saturday instead?" after an offer: no new offer, no reply',
  'locksmith-rekey-none-of-those':
    '"want the locks changed" does not match the catalogue\'s "change the locks" (word order), so the bot asks for the service; "none of those" would get no new offer',
  // Spanish service words are not matched to an English catalogue (understanding reads Spanish intents and times only).
  'home-spanish-booking': '"aire acondicionado" is not read as AC repair: the bot asks for the service, then hands off',
};
