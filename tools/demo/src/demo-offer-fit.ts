import { isOpenPreference, parseBookingPreference, slotInsidePreference } from '@textback/booking-preference';
import { DateTime } from 'luxon';
import { understandMessage } from '../../../services/conversation-ai/src/modules/understanding/message-understanding.util';
import { NO_CAPACITY_PHRASE } from '../../../services/scheduling/src/modules/booking/offer-text';

/** How the first offer a caller got fits the preference they stated. */
export interface OfferFit {
  /** The caller's words the preference was read from (as conversation-ai normalised them), and its label ("Friday morning"). */
  said: string;
  label: string;
  /** Slot labels of the first offer the business texted after the preference. */
  offered: string[];
  /** Offered slots whose local start is inside the stated window. */
  inside: number;
  /** The offer said the window had no free slot ("sorry, nothing is free for ...") and listed the nearest openings. */
  saidNoCapacity: boolean;
  /** Offered slots outside the window in an offer that did NOT say the window was full: the window had capacity, so these are wrong. */
  outsideAlthoughCapacity: number;
}

/** Totals of {@link OfferFit}s over callers, for the demo's summary line. */
export interface OfferFitTotals {
  callers: number;
  offered: number;
  inside: number;
  /** Slots offered as the nearest alternatives after the text said the window was full. */
  noCapacitySaidSo: number;
  /** Slots outside the window although the offer did not say it was full (must be 0). */
  outsideAlthoughCapacity: number;
}

/** Offer texts list slots as `1) Fri Dec 4, 9am` (scheduling's slotLabel, location time). */
const SLOT_LINE = /^\s*\d+\)\s+(.+)$/;

/**
 * Reads a demo conversation as the services did: the first caller text in which conversation-ai's understanding
 * finds a preferred time (that one is kept for the lead; later ones are not), read by @textback/booking-preference
 * in `zone` at the moment it was sent, and the first offer the business texted after it. Each offered slot (label read
 * back with luxon in `zone`, in the year of the preference, or the next one when the date has passed) is inside the
 * window, or offered as a nearest alternative after the text said the window was full ({@link NO_CAPACITY_PHRASE}),
 * or outside although the text did not say so.
 * @returns null when the caller stated no window (no preferred time, or one that ranks nothing) or got no offer after it.
 */
export function offerFit(sent: ReadonlyArray<{ text: string; at: Date }>, business: ReadonlyArray<{ text: string; at: Date }>, zone: string): OfferFit | null {
  for (const s of sent) {
    const when = understandMessage(s.text, { timeZone: zone }, s.at).when;
    if (!when) continue;
    const said = when.said ?? when.text;
    const pref = parseBookingPreference(said, { zone, now: s.at });
    if (isOpenPreference(pref)) return null;
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
    const saidNoCapacity = offer.text.toLowerCase().includes(NO_CAPACITY_PHRASE);
    return { said, label: pref.label, offered, inside, saidNoCapacity, outsideAlthoughCapacity: saidNoCapacity ? 0 : offered.length - inside };
  }
  return null;
}

/** Sums {@link OfferFit}s. */
export function totalOfferFits(fits: readonly OfferFit[]): OfferFitTotals {
  const sum = (f: (x: OfferFit) => number) => fits.reduce((n, x) => n + f(x), 0);
  return {
    callers: fits.length,
    offered: sum((f) => f.offered.length),
    inside: sum((f) => f.inside),
    noCapacitySaidSo: sum((f) => (f.saidNoCapacity ? f.offered.length - f.inside : 0)),
    outsideAlthoughCapacity: sum((f) => f.outsideAlthoughCapacity),
  };
}

/** One line for the demo's output: `offers to callers who stated a preference: ...`. */
export function formatOfferFitTotals(t: OfferFitTotals): string {
  return `Offers to callers who stated a preference (${t.callers} callers, ${t.offered} slots): ${t.inside} inside the stated window, ${t.noCapacitySaidSo} nearest alternatives after saying the window had no capacity, ${t.outsideAlthoughCapacity} outside the window although the text did not say it was full (should be 0).`;
}

function readSlotLabel(label: string, zone: string, year: number): Date | null {
  for (const format of ['ccc LLL d, ha yyyy', 'ccc LLL d, h:mma yyyy']) {
    for (const y of [year, year + 1]) {
      const dt = DateTime.fromFormat(`${label.toUpperCase()} ${y}`, format, { zone, locale: 'en-US' });
      // A label in early January read in December is next year's (offers look at most a few weeks ahead).
      if (dt.isValid && dt.weekdayShort?.toUpperCase() === label.slice(0, 3).toUpperCase()) return dt.toJSDate();
    }
  }
  return null;
}
