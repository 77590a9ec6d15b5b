import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** NANP country codes share +1; a +1 caller to a +1 location is domestic. */
const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * True when `address` is something we may ever auto-reply to: an E.164 number of at least 10 digits. Short codes
 * (5-6 digits) and alphanumeric sender ids are not (CTIA: never auto-reply to them).
 */
export function isReplyableAddress(address: string): boolean {
  return E164.test(address) && address.length >= 11;
}

/** ISO country of an E.164 number (e.g. `US`, `CA`, `MX`), or undefined when it cannot be parsed. */
export function countryOf(e164: string): string | undefined {
  return parsePhoneNumberFromString(e164)?.country;
}

/**
 * True when `caller` is international relative to `ourNumber`: a different calling code (+1 numbers of the
 * US, Canada and the other NANP members count as domestic to each other).
 */
export function isInternational(caller: string, ourNumber: string): boolean {
  const a = parsePhoneNumberFromString(caller);
  const b = parsePhoneNumberFromString(ourNumber);
  if (!a || !b) return !caller.startsWith('+1');
  return a.countryCallingCode !== b.countryCallingCode;
}
