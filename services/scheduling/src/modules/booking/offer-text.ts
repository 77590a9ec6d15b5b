import { type RankedOffers } from '@textback/booking-preference';

/** Phrase the offer text uses when the caller's stated window has no free slot (the demo's counter reads it). */
export const NO_CAPACITY_PHRASE = 'nothing is free';

/** "for Friday morning", but "at 5:30pm", "after 5pm", "this week" as they are, and "not Monday" as "other than Monday". */
function forLabel(label: string): string {
  if (/^not /.test(label)) return `other than ${label.slice(4)}`;
  return /^(at|after|before|this|next|today|tomorrow)\b/.test(label) ? label : `for ${label}`;
}

/**
 * The first line of an offer text, for how the slots fit the caller's stated preference (@textback/booking-preference):
 * - `nearest` (the stated window has no free slot): says so, then "the nearest openings";
 * - `inside` with fewer slots than asked for: says only that many are left in the window;
 * - `inside`: "openings for <label>";
 * - otherwise (no preference, or a reschedule): `fallback`.
 * @param businessName the location's business name (texts start with it).
 * @param fit how the ranked slots fit; `shown` how many are listed, `wanted` how many an offer lists at most.
 * @param label the preference's label ("Friday morning"); empty when the caller stated none.
 * @param serviceName the service's name, or undefined.
 * @param fallback the intro used without a stated window ("here are the next openings", "sure, instead of ...").
 * @param reschedule true when the offer moves an existing booking (keeps `fallback` for an `inside` fit).
 */
export function offerIntro(o: { businessName: string; fit: RankedOffers<never>['fit']; shown: number; wanted: number; label: string; serviceName: string | undefined; fallback: string; reschedule: boolean }): string {
  const forService = o.serviceName ? ` for ${o.serviceName}` : '';
  if (o.fit === 'nearest' && o.label) return `${o.businessName}: sorry, ${NO_CAPACITY_PHRASE} ${forLabel(o.label)}. The nearest openings${forService}:`;
  if (o.fit === 'inside' && o.label && !o.reschedule) {
    if (o.shown < o.wanted) return `${o.businessName}: only ${o.shown === 1 ? 'one opening is' : `${o.shown} openings are`} left ${forLabel(o.label)}${forService}:`;
    return `${o.businessName}: openings ${forLabel(o.label)}${forService}:`;
  }
  return o.fallback;
}
