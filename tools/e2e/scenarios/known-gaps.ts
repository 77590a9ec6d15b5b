/**
 * Scenarios that still fail, with why. The suite asserts each one still breaks at least one expectation, so the
 * fix that makes one pass fails the suite until its id is removed from here (no skipped tests).
 */
export const KNOWN_GAPS: Readonly<Record<string, string>> = {
  'locksmith-rekey-none-of-those':
    '"want the locks changed" does not match the catalogue\'s "change the locks" (word order), so the bot asks for the service; "none of those" would get no new offer',
  // Spanish service words are not matched to an English catalogue (understanding reads Spanish intents and times only).
  'home-spanish-booking': '"aire acondicionado" is not read as AC repair: the bot asks for the service, then hands off',
};
