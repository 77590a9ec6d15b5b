import { isOpenPreference, parseBookingPreference, slotInsidePreference } from '@textback/booking-preference';
import { DateTime } from 'luxon';

/** How the offers a caller got fit the preference they stated. */
export interface OfferFit {
  /** The caller's words with a preference, and its label ("Friday morning"). */
  said: string;
  label: string;
  /** Slot labels offered after the preference was stated (first offer), and how many are inside its window. */
  offered: string[];
  inside: number;
}

/** Offer texts list slots as `1) Fri Dec 4, 9am` (scheduling's slotLabel, location time). */
const SLOT_LINE = /^\s*\d+\)\s+(.+)$/;

/**
 * Reads a demo conversation: the first caller text that states a booking preference (@textback/booking-preference,
 * read in `zone` at the moment it was sent) and the first offer the business texted after it; counts the offered
 * slots whose local start is inside the stated window. Slot labels are read back with luxon in `zone`, in the year
 * of the preference (or the next one when the date has passed).
 * @returns null when the caller stated no preference or got no offer after it.
 */
export function offerFit(sent: ReadonlyArray<{ text: string; at: Date }>, business: ReadonlyArray<{ text: string; at: Date }>, zone: string): OfferFit | null {
  for (const s of sent) {
    const pref = parseBookingPreference(s.text, { zone, now: s.at });
    if (isOpenPreference(pref)) continue;
    const offer = business.find((m) => m.at >= s.at && /reply with the number/i.test(m.text));
    if (!offer) return null;
    const offered = offer.text
      .split('\n')
      .map((l) => SLOT_LINE.exec(l)?.[1]?.trim())
      .filter((l): l is string => !!l);
    const year = DateTime.fromJSDate(s.at, { zone }).year;
    const inside = offered.filter((label) => {
      const start = readSlotLabel(label, zone, year);
      return start !== null && slotInsidePreference({ start, end: start }, pref);
    }).length;
    return { said: s.text, label: pref.label, offered, inside };
  }
  return null;
}

function readSlotLabel(label: string, zone: string, year: number): Date | null {
  for (const format of ['ccc LLL d, ha yyyy', 'ccc LLL d, h:mma yyyy']) {
    const dt = DateTime.fromFormat(`${label.toUpperCase()} ${year}`, format, { zone, locale: 'en-US' });
    if (dt.isValid) return dt.toJSDate();
  }
  return null;
}
