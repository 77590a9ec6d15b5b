import { e164Schema, locationConfigSchema, locationTemplatesSchema, providerSchema, timeZoneSchema } from '@textback/contracts';
import { z } from 'zod';
import { CRM_ROLES } from '../auth/crm-scope.types';

const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a slug: lower-case letters, digits and dashes');
const shape = locationConfigSchema.shape;

/**
 * One location in a franchise manifest. Field names and rules are those of the published
 * `LocationConfig` (libs/contracts crm.location.config.v1) wherever they overlap, so a manifest
 * that validates here publishes a valid config. Durations in seconds/minutes as named, money in cents.
 */
export const manifestLocationSchema = z.object({
  slug: slugSchema,
  name: z.string().min(1),
  /** Brand shown in texts; defaults to the tenant's name. */
  businessName: z.string().min(1).optional(),
  /** Slug of a region in `regions`. */
  region: slugSchema.optional(),
  timeZone: timeZoneSchema,
  /** The location's vertical; absent: the tenant's (`tenant.vertical`). */
  vertical: shape.vertical,
  /** ISO 3166-1 alpha-2 country (for the emergency number); absent: the country of `forwardTo`. */
  countryCode: shape.countryCode,
  currency: shape.currency,
  /** The location's real line that calls are forwarded to (E.164). */
  forwardTo: e164Schema,
  businessHours: shape.businessHours.default({}),
  /** Weekly hours jobs may be booked in (apart from answering hours); absent: business hours cut to 07:00-20:00. */
  bookingHours: shape.bookingHours,
  holidays: shape.holidays,
  ringTimeoutSeconds: shape.ringTimeoutSeconds,
  /**
   * Answer confirmation: whoever picks up a forwarded call must press 1 to take it; a pick-up without it (the phone's
   * own voicemail, an unattended device) is a missed call and the caller is texted. Default off.
   */
  answerConfirmation: z.boolean().default(false),
  minRingSeconds: shape.minRingSeconds,
  firstTextCooldownMinutes: shape.firstTextCooldownMinutes,
  quietHours: shape.quietHours,
  /** Template overrides by id; a `{{variable}}` the template's service cannot fill is refused. */
  templates: locationTemplatesSchema.default({}),
  services: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        synonyms: z.array(z.string()).default([]),
        /** Average ticket value, in cents. */
        averageTicketCents: z.number().int().nonnegative(),
        slotMinutes: z.number().int().positive().default(120),
        /** A request for this service pages the on-call person (default false). */
        urgent: z.boolean().default(false),
        /** Symptoms that make any request urgent ("knocked out tooth"), matched by word stems, negation-aware. */
        urgentSymptoms: z.array(z.string().min(1).max(120)).max(50).default([]),
        /** Weekly hours this service may be booked in (e.g. every day 00:00-23:59 for callouts); absent: the location's. */
        bookingHours: shape.bookingHours,
        /** Minimum notice before the first bookable slot, minutes; absent: scheduling's BOOKING_MIN_NOTICE_MINUTES. */
        leadTimeMinutes: z.number().int().min(0).max(43_200).optional(),
        /** Minutes kept free before and after each booking of this service (travel); absent: 0. */
        travelBufferMinutes: z.number().int().min(0).max(480).optional(),
      }),
    )
    .default([]),
  serviceArea: shape.serviceArea,
  internationalPolicy: shape.internationalPolicy,
  onCall: shape.onCall,
  capacity: shape.capacity,
  active: shape.active,
  /** Numbers callers dial: the main line and tracking numbers (with their source). */
  numbers: z
    .array(
      z.object({
        e164: e164Schema,
        provider: providerSchema,
        purpose: z.enum(['main_line', 'tracking']),
        trackingSource: z.string().min(1).optional(),
      }),
    )
    .default([]),
  /** Numbers texts are sent from, with their 10DLC campaign status. */
  sendingNumbers: shape.sendingNumbers.default([]),
});
export type ManifestLocation = z.infer<typeof manifestLocationSchema>;

/**
 * A franchise manifest (`textback tenants apply -f franchise.yaml`): the tenant, its regions,
 * locations (with their numbers) and users, declared as they should be. Entries are matched by
 * slug (tenant, region, location) or e-mail (user); entries not listed are left as they are.
 */
export const franchiseManifestSchema = z.object({
  tenant: z.object({
    slug: slugSchema,
    name: z.string().min(1),
    /**
     * How far a caller's opt-out reaches in this tenant: `sending_number` (the number texted), `location`, or `brand`
     * (every location of the tenant). Absent: the deployment default (messaging's MESSAGING_CONSENT_SCOPE).
     */
    optOutScope: shape.optOutScope,
    /** The tenant's vertical (home_services, auto_repair, dental, ...), for locations that name none. */
    vertical: shape.vertical,
  }),
  regions: z.array(z.object({ slug: slugSchema, name: z.string().min(1) })).default([]),
  locations: z.array(manifestLocationSchema).default([]),
  users: z
    .array(
      z.object({
        email: z.email(),
        name: z.string().min(1),
        role: z.enum(CRM_ROLES),
        /** Region slugs (regional managers). */
        regions: z.array(slugSchema).default([]),
        /** Location slugs (location managers, dispatchers and agents). */
        locations: z.array(slugSchema).default([]),
      }),
    )
    .default([]),
});
export type FranchiseManifest = z.infer<typeof franchiseManifestSchema>;
