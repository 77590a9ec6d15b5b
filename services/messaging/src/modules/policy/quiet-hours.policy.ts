import { type LocationConfig } from '@textback/contracts';
import { DateTime } from 'luxon';
import { type CallingHoursRule } from './calling-hours.constants';
import { type RecipientHours } from './recipient-zones.service';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** How far ahead {@link QuietHoursPolicy.nextAllowed} looks for an allowed instant before giving up. */
const HORIZON_MS = 7 * 24 * 3_600_000;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** A quiet window `[start, end)` in minutes after local midnight; it may cross midnight. */
interface QuietWindow {
  start: number;
  end: number;
  /** Where it comes from: `location` (configured) or a calling-hours rule id. */
  id: string;
}

function inWindow(w: QuietWindow, minute: number): boolean {
  if (w.start === w.end) return false;
  return w.start < w.end ? minute >= w.start && minute < w.end : minute >= w.start || minute < w.end;
}

/**
 * Quiet hours and business hours. Quiet hours are checked in the RECIPIENT's local time: in every zone of
 * {@link RecipientHours.zones} (the stricter wins), with the location's configured window (`LocationConfig.quietHours`,
 * default 21:00-08:00) and every legal calling-hours rule that reaches the number (calling-hours.constants.ts: TCPA
 * 47 CFR 64.1200(c)(1) 8 a.m.-9 p.m., Florida 8 a.m.-8 p.m.). Without `recipient` only the location's zone and window
 * apply. Business hours stay in the location's zone (they are the business's hours). Instants are UTC `Date`s; local
 * times are computed with luxon, so DST shifts are honoured.
 */
export class QuietHoursPolicy {
  /** True when `at` falls in quiet hours in any of the recipient's zones (or the location's zone without one). */
  static isQuiet(config: LocationConfig, at: Date, recipient?: RecipientHours): boolean {
    return QuietHoursPolicy.quietIn(config, at, recipient) !== undefined;
  }

  /**
   * `at` itself when outside quiet hours everywhere, else the earliest later instant that is outside quiet hours in
   * every zone (the morning), as a UTC instant.
   * @returns null when no such instant exists within 7 days (zones too far apart for any common daytime).
   */
  static nextAllowed(config: LocationConfig, at: Date, recipient?: RecipientHours): Date | null {
    let t = at;
    for (let i = 0; i < 64; i++) {
      const quiet = QuietHoursPolicy.quietIn(config, t, recipient);
      if (!quiet) return t;
      const local = DateTime.fromJSDate(t, { zone: quiet.zone });
      let end = local.set({ hour: Math.floor(quiet.window.end / 60), minute: quiet.window.end % 60, second: 0, millisecond: 0 });
      if (end <= local) end = end.plus({ days: 1 });
      t = end.toJSDate();
      if (t.getTime() - at.getTime() > HORIZON_MS) return null;
    }
    return null;
  }

  /** True when the location is open at `at` (business hours of that weekday in its zone, not a holiday). */
  static isOpen(config: LocationConfig, at: Date): boolean {
    const local = DateTime.fromJSDate(at, { zone: config.timeZone });
    if (config.holidays.includes(local.toISODate() ?? '')) return false;
    const day = WEEKDAYS[local.weekday - 1];
    const intervals = day ? (config.businessHours[day] ?? []) : [];
    const minute = local.hour * 60 + local.minute;
    return intervals.some((i) => minute >= minutesOf(i.open) && minute < minutesOf(i.close));
  }

  /** The configured window plus the quiet side of every legal rule that applies. */
  static windowsOf(config: LocationConfig, rules: readonly CallingHoursRule[] = []): QuietWindow[] {
    return [
      { start: minutesOf(config.quietHours.start), end: minutesOf(config.quietHours.end), id: 'location' },
      ...rules.map((r) => ({ start: minutesOf(r.allowedUntil), end: minutesOf(r.allowedFrom), id: r.id })),
    ];
  }

  private static quietIn(config: LocationConfig, at: Date, recipient?: RecipientHours): { zone: string; window: QuietWindow } | undefined {
    const zones = recipient?.zones.length ? recipient.zones : [config.timeZone];
    const windows = QuietHoursPolicy.windowsOf(config, recipient?.rules);
    for (const candidate of zones) {
      // A zone luxon does not know counts as the location's (never as "no quiet hours").
      const zone = DateTime.fromJSDate(at, { zone: candidate }).isValid ? candidate : config.timeZone;
      const local = DateTime.fromJSDate(at, { zone });
      const minute = local.hour * 60 + local.minute;
      const window = windows.find((w) => inWindow(w, minute));
      if (window) return { zone, window };
    }
    return undefined;
  }
}
