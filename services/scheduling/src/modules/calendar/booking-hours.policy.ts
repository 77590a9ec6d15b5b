import { type LocationConfig } from '@textback/contracts';
import { minutesOfDay } from './local-time.util';

type WeeklyHours = LocationConfig['businessHours'];
type LocationService = LocationConfig['services'][number];

/**
 * The booking day used when neither the service nor the location names booking hours: business hours are cut to
 * 07:00-20:00 local, so a location answered 24/7 books daytime jobs only (a 3am slot only when a service says so).
 */
export const DEFAULT_BOOKING_DAY = { open: '07:00', close: '20:00' } as const;

/**
 * Weekly hours in which `service` may be booked at the location (local `HH:mm` in `config.timeZone`): the service's
 * `bookingHours`, else the location's `bookingHours`, else its `businessHours` cut to {@link DEFAULT_BOOKING_DAY}.
 * Separate from business hours, which say when the line is answered.
 */
export function bookingHoursFor(config: Pick<LocationConfig, 'businessHours' | 'bookingHours'>, service: Pick<LocationService, 'bookingHours'> | undefined): WeeklyHours {
  if (service?.bookingHours) return service.bookingHours;
  if (config.bookingHours) return config.bookingHours;
  const out: WeeklyHours = {};
  const dayOpen = minutesOfDay(DEFAULT_BOOKING_DAY.open);
  const dayClose = minutesOfDay(DEFAULT_BOOKING_DAY.close);
  for (const [day, intervals] of Object.entries(config.businessHours) as [keyof WeeklyHours, { open: string; close: string }[]][]) {
    const cut = intervals
      .map((i) => ({ open: minutesOfDay(i.open) < dayOpen ? DEFAULT_BOOKING_DAY.open : i.open, close: minutesOfDay(i.close) > dayClose ? DEFAULT_BOOKING_DAY.close : i.close }))
      .filter((i) => minutesOfDay(i.open) < minutesOfDay(i.close));
    if (cut.length > 0) out[day] = cut;
  }
  return out;
}
