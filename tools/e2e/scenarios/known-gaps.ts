/**
 * Scenarios that still fail, with why. The suite asserts each one still breaks at least one expectation, so the
 * fix that makes one pass fails the suite until its id is removed from here. Empty reasons are not allowed.
 */
export const KNOWN_GAPS: Readonly<Record<string, string>> = {};
