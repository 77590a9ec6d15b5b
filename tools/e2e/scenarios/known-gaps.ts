/**
 * Scenarios that still fail, with why. The suite asserts each one still breaks at least one expectation, so the
 * fix that makes one pass fails the suite until its id is removed from here (no skipped tests). None today: the
 * last two ("want the locks changed" against "change the locks"; Spanish "aire acondicionado" against an English
 * catalogue) are read by matchService's order-free and Spanish-glossary matches.
 */
export const KNOWN_GAPS: Readonly<Record<string, string>> = {};
