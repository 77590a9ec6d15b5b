import { createHash } from 'node:crypto';
import { type LocationConfig, locationConfigSchema } from '@textback/contracts';
import { type LocationConfigRow } from './tenant.repository';

/**
 * Builds the published `LocationConfig` (crm.location.config.v1) of a location row at `revision`.
 * @throws z.ZodError when the stored row does not satisfy the contract (a bug: apply validates first).
 */
export function toLocationConfig(row: LocationConfigRow, revision: number): LocationConfig {
  const rotation = row.onCallMembers.map((m) => ({ name: m.name, e164: m.e164, ...(m.days ? { days: m.days } : {}), ...(m.start ? { start: m.start } : {}), ...(m.end ? { end: m.end } : {}) }));
  const onCall: Record<string, unknown> = {
    escalationTimeoutSeconds: row.escalationTimeoutSeconds,
    ...(row.onCallManagerE164 ? { managerE164: row.onCallManagerE164 } : {}),
    ...(rotation.length > 0 ? { rotation } : {}),
  };
  return locationConfigSchema.parse({
    locationId: row.id,
    tenantId: row.tenantId,
    regionId: row.regionId,
    revision,
    businessName: row.businessName,
    locationName: row.name,
    timeZone: row.timeZone,
    currency: row.currency,
    businessHours: row.businessHours,
    ...(row.bookingHours ? { bookingHours: row.bookingHours } : {}),
    holidays: row.holidays,
    forwardToE164: row.forwardToE164,
    ringTimeoutSeconds: row.ringTimeoutSeconds,
    // Only when on, so a location without it publishes the same config (and digest) as before.
    ...(row.answerConfirmation ? { answerConfirmation: true } : {}),
    minRingSeconds: row.minRingSeconds,
    firstTextCooldownMinutes: row.firstTextCooldownMinutes,
    quietHours: { start: row.quietHoursStart, end: row.quietHoursEnd },
    phoneNumbers: row.phoneNumbers.map((n) => ({ e164: n.e164, provider: n.provider, purpose: n.purpose, ...(n.trackingSource ? { trackingSource: n.trackingSource } : {}) })),
    sendingNumbers: row.sendingNumbers,
    // Urgency and booking fields only when set, so a location without them publishes the same config (and digest) as before.
    services: row.services.map(({ urgent, urgentSymptoms, bookingHours, leadTimeMinutes, travelBufferMinutes, ...service }) => ({
      ...service,
      ...(urgent ? { urgent } : {}),
      ...(urgentSymptoms.length > 0 ? { urgentSymptoms } : {}),
      ...(bookingHours ? { bookingHours } : {}),
      ...(leadTimeMinutes !== null ? { leadTimeMinutes } : {}),
      ...(travelBufferMinutes !== null ? { travelBufferMinutes } : {}),
    })),
    serviceArea: row.serviceArea,
    templates: row.templates,
    internationalPolicy: row.internationalPolicy,
    ...(row.optOutScope ? { optOutScope: row.optOutScope } : {}),
    ...(row.vertical ? { vertical: row.vertical } : {}),
    ...(row.countryCode ? { countryCode: row.countryCode } : {}),
    onCall,
    capacity: row.capacity,
    active: row.active,
  });
}

/** SHA-256 (hex) of a configuration without its revision: equal digests mean nothing changed. */
export function configDigest(config: LocationConfig): string {
  return createHash('sha256')
    .update(JSON.stringify({ ...config, revision: 0 }))
    .digest('hex');
}
