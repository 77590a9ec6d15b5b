import { isDeepStrictEqual } from 'node:util';
import { type ManifestLocation } from '../tenants/franchise-manifest.schema';
import { type LocationConfigRow } from '../tenants/tenant.repository';
import { LOCATION_SETTINGS_KEYS, type LocationSettings, type LocationSettingsKey } from './location-settings.types';

/**
 * A stored location as the franchise manifest declares it (without `region`, which is kept by id), so that new
 * settings merged over it are validated by the manifest's rules and written by `tenants apply`'s upsert.
 */
export function manifestLocationOf(row: LocationConfigRow): ManifestLocation {
  const rotation = row.onCallMembers.map((m) => ({ name: m.name, e164: m.e164, ...(m.days ? { days: m.days as ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[] } : {}), ...(m.start ? { start: m.start } : {}), ...(m.end ? { end: m.end } : {}) }));
  return {
    slug: row.slug,
    name: row.name,
    businessName: row.businessName,
    timeZone: row.timeZone,
    ...(row.ownVertical ? { vertical: row.ownVertical } : {}),
    ...(row.countryCode ? { countryCode: row.countryCode } : {}),
    currency: row.currency,
    forwardTo: row.forwardToE164,
    businessHours: row.businessHours,
    ...(row.bookingHours ? { bookingHours: row.bookingHours } : {}),
    holidays: row.holidays,
    ringTimeoutSeconds: row.ringTimeoutSeconds,
    answerConfirmation: row.answerConfirmation,
    minRingSeconds: row.minRingSeconds,
    firstTextCooldownMinutes: row.firstTextCooldownMinutes,
    quietHours: { start: row.quietHoursStart, end: row.quietHoursEnd },
    templates: row.templates,
    services: row.services.map((s) => ({
      id: s.serviceId,
      name: s.name,
      synonyms: s.synonyms,
      averageTicketCents: s.averageTicketCents,
      slotMinutes: s.slotMinutes,
      urgent: s.urgent,
      urgentSymptoms: s.urgentSymptoms,
      ...(s.bookingHours ? { bookingHours: s.bookingHours } : {}),
      ...(s.leadTimeMinutes !== null ? { leadTimeMinutes: s.leadTimeMinutes } : {}),
      ...(s.travelBufferMinutes !== null ? { travelBufferMinutes: s.travelBufferMinutes } : {}),
    })),
    serviceArea: row.serviceArea,
    internationalPolicy: row.internationalPolicy,
    onCall: { escalationTimeoutSeconds: row.escalationTimeoutSeconds, ...(row.onCallManagerE164 ? { managerE164: row.onCallManagerE164 } : {}), ...(rotation.length > 0 ? { rotation } : {}) },
    capacity: row.capacity,
    active: row.active,
    numbers: row.phoneNumbers.map((n) => ({ e164: n.e164, provider: n.provider, purpose: n.purpose, ...(n.trackingSource ? { trackingSource: n.trackingSource } : {}) })),
    sendingNumbers: row.sendingNumbers,
  };
}

/** The manager-editable part of a manifest location ({@link LOCATION_SETTINGS_KEYS}); `bookingHours` only when set. */
export function settingsOf(location: ManifestLocation): LocationSettings {
  return {
    businessHours: location.businessHours,
    ...(location.bookingHours ? { bookingHours: location.bookingHours } : {}),
    holidays: location.holidays,
    quietHours: location.quietHours,
    ringTimeoutSeconds: location.ringTimeoutSeconds,
    templates: location.templates,
    services: location.services,
    onCall: location.onCall,
  };
}

/**
 * `current` (a manifest location, as plain data) with its settings replaced by `settings` — every key of
 * {@link LOCATION_SETTINGS_KEYS}, `bookingHours` absent meaning "none" — and nothing else touched. Unvalidated: the
 * result goes through the manifest's rules.
 */
export function withSettings(current: ManifestLocation, settings: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const key of LOCATION_SETTINGS_KEYS) {
    if (settings[key] === undefined) delete merged[key];
    else merged[key] = settings[key];
  }
  return merged;
}

/** The settings keys whose values differ between `before` and `after` (in {@link LOCATION_SETTINGS_KEYS} order). */
export function changedSettings(before: LocationSettings, after: LocationSettings): LocationSettingsKey[] {
  return LOCATION_SETTINGS_KEYS.filter((key) => !isDeepStrictEqual(before[key] ?? null, after[key] ?? null));
}

/** Only `keys` of `settings` (the audit keeps what changed, before and after). */
export function pickSettings(settings: LocationSettings, keys: readonly LocationSettingsKey[]): Partial<LocationSettings> {
  const out: Partial<Record<LocationSettingsKey, unknown>> = {};
  for (const key of keys) out[key] = settings[key] ?? null;
  return out as Partial<LocationSettings>;
}
