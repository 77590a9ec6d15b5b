import { z } from 'zod';
import { defineContract } from '../../contract';
import { e164Schema, localClosingTimeSchema, localTimeSchema, providerSchema, timeZoneSchema } from '../../primitives';

const weekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/**
 * The kind of business a tenant or location is (its vertical): what callers of it need and which hazards its
 * callers are likely to report. `other` when none fits.
 */
export const businessVerticalSchema = z.enum([
  'home_services',
  'auto_repair',
  'dental',
  'medical_office',
  'veterinary',
  'legal',
  'locksmith',
  'property_management',
  'salon',
  'other',
]);
export type BusinessVertical = z.infer<typeof businessVerticalSchema>;

/** Opening interval in the location's local time; `close` after `open`, same day (`24:00` closes at the end of the day). */
const openingIntervalSchema = z
  .object({ open: localTimeSchema, close: localClosingTimeSchema })
  .refine((i) => i.open < i.close, { message: 'close must be after open' });

/** Weekly hours: opening intervals per weekday in the location's local time; a missing day is closed. */
const weeklyHoursSchema = z.partialRecord(weekdaySchema, z.array(openingIntervalSchema));

/**
 * A location's configuration as lead-crm publishes it (the system of record). Every service
 * builds its own read model from this compacted topic. Durations are in seconds or minutes
 * as named; money in cents of `currency`; local times `HH:mm` in `timeZone`.
 */
export const locationConfigSchema = z.object({
  locationId: z.uuid(),
  tenantId: z.uuid(),
  regionId: z.uuid().nullable(),
  /** Monotonic version of this config (increments on every change). */
  revision: z.number().int().nonnegative(),
  businessName: z.string().min(1),
  locationName: z.string().min(1),
  timeZone: timeZoneSchema,
  currency: z.string().length(3).default('USD'),
  /** Weekly opening hours (when the line is answered and staffed); a missing day is closed. */
  businessHours: weeklyHoursSchema,
  /**
   * Weekly hours in which jobs may be booked (slot starts and ends), separate from `businessHours` so that a 24/7
   * answering line does not book 3am jobs. Absent: `businessHours` cut to 07:00-20:00 local (scheduling's default
   * booking day). A service's own `bookingHours` overrides this.
   */
  bookingHours: weeklyHoursSchema.optional(),
  /** Closed dates, `YYYY-MM-DD` in the location's time zone. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  /** The location's real line that calls are forwarded to. */
  forwardToE164: e164Schema,
  /** Seconds the forwarded call rings before it counts as `no_answer`. */
  ringTimeoutSeconds: z.number().int().min(5).max(120).default(25),
  /**
   * Answer confirmation: when the forwarded call is picked up, the location's phone hears "press 1 to take this
   * call"; only a key press counts as answered, and a pick-up without one (the phone's own voicemail, an unattended
   * device) is missed with reason `machine_or_unaccepted`, so the caller is texted. Absent: off.
   */
  answerConfirmation: z.boolean().optional(),
  /** A caller who hangs up before this many seconds of ringing is `short_abandon` (no text). */
  minRingSeconds: z.number().int().min(0).max(60).default(3),
  /** One first text per caller per this many minutes. */
  firstTextCooldownMinutes: z.number().int().min(1).max(10080).default(30),
  /** No automated text between `start` and `end` (local); a window may cross midnight. */
  quietHours: z.object({ start: localTimeSchema, end: localTimeSchema }).default({ start: '21:00', end: '08:00' }),
  phoneNumbers: z.array(
    z.object({
      e164: e164Schema,
      provider: providerSchema,
      purpose: z.enum(['main_line', 'tracking']),
      /** For tracking numbers: where the number is published (e.g. `google-ads`). */
      trackingSource: z.string().min(1).optional(),
    }),
  ),
  sendingNumbers: z.array(
    z.object({
      e164: e164Schema,
      provider: providerSchema,
      /** 10DLC campaign registration status; only `registered` numbers send. */
      campaignStatus: z.enum(['registered', 'pending', 'rejected', 'not_required']),
      /** Carrier throughput allowed for this number, messages per second. */
      messagesPerSecond: z.number().positive().default(1),
    }),
  ),
  services: z.array(
    z.object({
      serviceId: z.string().min(1),
      name: z.string().min(1),
      synonyms: z.array(z.string()).default([]),
      /** Average ticket value, in cents. */
      averageTicketCents: z.number().int().nonnegative(),
      /** Length of a booking slot for this service, minutes. */
      slotMinutes: z.number().int().positive().default(120),
      /** A request for this service is urgent (pages the on-call person). Absent: not urgent. */
      urgent: z.boolean().optional(),
      /** Symptoms that make a request urgent whatever the service ("knocked out tooth"); absent: none. */
      urgentSymptoms: z.array(z.string().min(1)).optional(),
      /** Weekly hours this service may be booked in (e.g. 24/7 for emergency callouts); absent: the location's. */
      bookingHours: weeklyHoursSchema.optional(),
      /** Minimum notice: the earliest slot starts this many minutes after the request; absent: scheduling's default. */
      leadTimeMinutes: z.number().int().min(0).max(43_200).optional(),
      /** Minutes kept free before and after each booking of this service (travel between jobs); absent: 0. */
      travelBufferMinutes: z.number().int().min(0).max(480).optional(),
    }),
  ),
  /**
   * The location's vertical (the location's own, else its tenant's; franchise manifest `vertical`). Absent: unknown,
   * and understanding considers every vertical's hazards.
   */
  vertical: businessVerticalSchema.optional(),
  /**
   * ISO 3166-1 alpha-2 country of the location (e.g. `US`, `GB`), for its emergency number. Absent: the country of
   * `forwardToE164`.
   */
  countryCode: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** Cities and zip codes the location serves. */
  serviceArea: z.object({ cities: z.array(z.string()).default([]), zips: z.array(z.string()).default([]) }).default({ cities: [], zips: [] }),
  /** Template overrides by template id; `{{variable}}` placeholders. */
  templates: z.record(z.string(), z.string()).default({}),
  /**
   * How far a caller's opt-out reaches, set per tenant (franchise manifest `tenant.optOutScope`): the number texted
   * (`sending_number`), the location (`location`) or every location of the tenant (`brand`). Absent: the deployment's
   * default (messaging env `MESSAGING_CONSENT_SCOPE`, `location` unless set).
   */
  optOutScope: z.enum(['sending_number', 'location', 'brand']).optional(),
  /** What to do with a caller from another country: no text and a callback task, or text. */
  internationalPolicy: z.enum(['callback_task', 'text']).default('callback_task'),
  /** Seconds before an unacknowledged page escalates to the next on-call person. */
  onCall: z
    .object({
      escalationTimeoutSeconds: z.number().int().positive().default(300),
      managerE164: e164Schema.optional(),
      /**
       * Ordered escalation list (optional; scheduling pages the first member on duty, then the
       * next after each timeout, then the manager). `days`/`start`/`end` (local `HH:mm`, may
       * cross midnight) limit when a member is on duty; absent means always.
       */
      rotation: z
        .array(z.object({ name: z.string().min(1), e164: e164Schema, days: z.array(weekdaySchema).optional(), start: localTimeSchema.optional(), end: localTimeSchema.optional() }))
        .optional(),
    })
    .default({ escalationTimeoutSeconds: 300 }),
  /** Jobs the location can do at once (booking capacity). */
  capacity: z.number().int().positive().default(1),
  active: z.boolean().default(true),
});
export type LocationConfig = z.infer<typeof locationConfigSchema>;

/** Location configuration, published by lead-crm on a compacted topic keyed by location id. */
export const locationConfigV1 = defineContract({
  type: 'crm.location.config.v1',
  kind: 'event',
  description: "A location's current configuration (latest per key on a compacted topic).",
  data: locationConfigSchema,
  key: (e) => e.locationId,
  topicConfig: { 'cleanup.policy': 'compact' },
});
export type LocationConfigV1 = LocationConfig;
