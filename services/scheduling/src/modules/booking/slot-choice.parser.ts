import { type z } from 'zod';
import { type slotSchema } from '@textback/contracts';
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';

type Slot = z.infer<typeof slotSchema>;

const ORDINALS: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5 };

/** "the first one", "second option", "option 2", "number 3", "#2", "2 please" (the whole reply). */
const OUTRIGHT_POSITION = new RegExp(
  `^(?:(?:the\\s+)?(${Object.keys(ORDINALS).join('|')})(?:\\s+(?:one|option|slot|time|opening|choice))?|(?:option|number|no\\.?|#)?\\s*(\\d{1,2}))(?:\\s+(?:one|works|please|is good|is fine|thanks|thank you))*\\s*[.!]*$`,
  'i',
);

/** Local hour ranges of the parts of a day a caller may name. */
const PARTS_OF_DAY: { pattern: RegExp; from: number; to: number }[] = [
  { pattern: /\bmorning\b/i, from: 0, to: 12 },
  { pattern: /\b(afternoon|after lunch)\b/i, from: 12, to: 17 },
  { pattern: /\b(evening|tonight)\b/i, from: 17, to: 24 },
];

/**
 * Which offered slot a caller's reply picks: a number ("2", "option 2", "the second one") or a
 * time ("the 3pm one", "tomorrow morning works", "Thursday at 10"), read by chrono-node with
 * the location's time zone as reference (the offset at `now`), then matched against the slots'
 * local date, hour and part of day. The earliest matching slot wins.
 * @returns the chosen slot, or null when the reply names none of them.
 */
export function parseSlotChoice(text: string, slots: readonly Slot[], zone: string, now: Date): Slot | null {
  // A position named outright ("the first one", "option 2", "#2") before any date reading:
  // chrono reads "the first" as the 1st of the month.
  const position = OUTRIGHT_POSITION.exec(text.trim());
  if (position) {
    const word = (position[1] ?? position[2] ?? '').toLowerCase();
    const n = ORDINALS[word] ?? Number(word);
    return slots[n - 1] ?? null;
  }
  const byTime = matchByTime(text, slots, zone, now);
  if (byTime !== undefined) return byTime;
  const lower = text.toLowerCase();
  for (const [word, n] of Object.entries(ORDINALS)) if (new RegExp(`\\b${word}\\b`).test(lower)) return slots[n - 1] ?? null;
  const digits = lower.match(/\b\d+\b/g) ?? [];
  if (digits.length === 1) {
    const n = Number(digits[0]);
    return slots[n - 1] ?? null;
  }
  return null;
}

/** undefined when the text names no date or time; null when it names one no slot matches. */
function matchByTime(text: string, slots: readonly Slot[], zone: string, now: Date): Slot | null | undefined {
  const offset = DateTime.fromJSDate(now, { zone }).offset;
  const [parsed] = chrono.parse(text, { instant: now, timezone: offset }, { forwardDate: true });
  if (!parsed) return undefined;
  const c = parsed.start;
  const dateKnown = c.isCertain('day') || c.isCertain('weekday');
  const hourKnown = c.isCertain('hour');
  const part = PARTS_OF_DAY.find((p) => p.pattern.test(text));
  if (!dateKnown && !hourKnown && !part) return undefined;
  const date = dateKnown ? DateTime.fromObject({ year: c.get('year') ?? undefined, month: c.get('month') ?? undefined, day: c.get('day') ?? undefined }, { zone }).toISODate() : null;
  const found = slots.find((slot) => {
    const local = DateTime.fromISO(slot.startAt, { zone });
    if (date && local.toISODate() !== date) return false;
    if (hourKnown) return local.hour === c.get('hour') && local.minute === (c.get('minute') ?? 0);
    if (part) return local.hour >= part.from && local.hour < part.to;
    return true;
  });
  return found ?? null;
}
