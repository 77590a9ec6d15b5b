import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { entityManagerOf, quoteSchema, type TransactionContext } from '@textback/persistence';
import { type BusinessVertical } from '@textback/contracts';
import { CRM_SCHEMA } from '../../database/crm-schema.constants';
import { type CrmRole } from '../auth/crm-scope.types';
import { type ManifestLocation } from './franchise-manifest.schema';

/** Who holds a number today (any tenant). */
export interface NumberHolder {
  e164: string;
  kind: 'dialled' | 'sending';
  tenantId: string;
  locationId: string;
  locationSlug: string;
}

/** How far a caller's opt-out reaches in a tenant (LocationConfig `optOutScope`). */
export type OptOutScope = 'sending_number' | 'location' | 'brand';

/** A location row with everything its published configuration needs. */
export interface LocationConfigRow {
  id: string;
  tenantId: string;
  regionId: string | null;
  slug: string;
  name: string;
  businessName: string;
  timeZone: string;
  currency: string;
  forwardToE164: string;
  businessHours: Record<string, { open: string; close: string }[]>;
  /** Weekly booking hours; null = scheduling's default (business hours cut to 07:00-20:00). */
  bookingHours: Record<string, { open: string; close: string }[]> | null;
  holidays: string[];
  ringTimeoutSeconds: number;
  /** Answer confirmation (a key press to take a forwarded call). */
  answerConfirmation: boolean;
  minRingSeconds: number;
  firstTextCooldownMinutes: number;
  quietHoursStart: string;
  quietHoursEnd: string;
  templates: Record<string, string>;
  serviceArea: { cities: string[]; zips: string[] };
  internationalPolicy: 'callback_task' | 'text';
  /** The tenant's opt-out scope; null = the deployment default. */
  optOutScope: OptOutScope | null;
  /** The location's vertical, else its tenant's; null = unknown. */
  vertical: BusinessVertical | null;
  /** The location's own vertical (manifest `vertical`); null = its tenant's. */
  ownVertical: BusinessVertical | null;
  /** ISO 3166-1 alpha-2, or null (the country of the forward-to number). */
  countryCode: string | null;
  escalationTimeoutSeconds: number;
  onCallManagerE164: string | null;
  capacity: number;
  active: boolean;
  revision: number;
  configDigest: string | null;
  services: { serviceId: string; name: string; synonyms: string[]; averageTicketCents: number; slotMinutes: number; urgent: boolean; urgentSymptoms: string[];
    bookingHours: Record<string, { open: string; close: string }[]> | null; leadTimeMinutes: number | null; travelBufferMinutes: number | null }[];
  onCallMembers: { name: string; e164: string; days: string[] | null; start: string | null; end: string | null }[];
  phoneNumbers: { e164: string; provider: 'bandwidth' | 'twilio'; purpose: 'main_line' | 'tracking'; trackingSource: string | null }[];
  sendingNumbers: { e164: string; provider: 'bandwidth' | 'twilio'; campaignStatus: 'registered' | 'pending' | 'rejected' | 'not_required'; messagesPerSecond: number }[];
}

/**
 * Tenants, regions, locations (with services, on-call members and numbers) and users: the
 * writes of `tenants apply` and the reads that build a location's published configuration.
 * Administrative: these methods are called by the operator CLI, never by the scoped API.
 */
@Injectable()
export class TenantRepository {
  private readonly s: string;

  constructor(@Inject(CRM_SCHEMA) schema: string) {
    this.s = quoteSchema(schema);
  }

  /** Serializes applies of one tenant (transaction-scoped advisory lock). */
  /** The tenant `tenantId`'s slug and name (lead-crm's record), or null when there is none. */
  async findTenant(tx: TransactionContext, tenantId: string): Promise<{ id: string; slug: string; name: string } | null> {
    const rows = (await entityManagerOf(tx.handle).query(`SELECT id::text AS id, slug, name FROM ${this.s}.tenants WHERE id = $1`, [tenantId])) as { id: string; slug: string; name: string }[];
    return rows[0] ?? null;
  }

  async lockTenant(tx: TransactionContext, slug: string): Promise<void> {
    await entityManagerOf(tx.handle).query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`textback:crm:tenant:${slug}`]);
  }

  /**
   * Creates the tenant with `slug`, or updates its name and opt-out scope (null: the deployment default).
   * @returns its id and whether it was created.
   */
  async upsertTenant(tx: TransactionContext, slug: string, name: string, optOutScope: OptOutScope | null = null, vertical: BusinessVertical | null = null): Promise<{ id: string; created: boolean }> {
    const m = entityManagerOf(tx.handle);
    const found = (await m.query(`SELECT id, name, opt_out_scope, vertical FROM ${this.s}.tenants WHERE slug = $1`, [slug])) as { id: string; name: string; opt_out_scope: OptOutScope | null; vertical: BusinessVertical | null }[];
    if (found[0]) {
      if (found[0].name !== name || found[0].opt_out_scope !== optOutScope || found[0].vertical !== vertical) {
        await m.query(`UPDATE ${this.s}.tenants SET name = $2, opt_out_scope = $3, vertical = $4, updated_at = now() WHERE id = $1`, [found[0].id, name, optOutScope, vertical]);
      }
      return { id: found[0].id, created: false };
    }
    const id = randomUUID();
    await m.query(`INSERT INTO ${this.s}.tenants (id, slug, name, opt_out_scope, vertical) VALUES ($1, $2, $3, $4, $5)`, [id, slug, name, optOutScope, vertical]);
    return { id, created: true };
  }

  /** Creates or renames a region of `tenantId`. @returns its id. */
  async upsertRegion(tx: TransactionContext, tenantId: string, slug: string, name: string): Promise<string> {
    const rows = (await entityManagerOf(tx.handle).query(
      `INSERT INTO ${this.s}.regions (id, tenant_id, slug, name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, slug) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [randomUUID(), tenantId, slug, name],
    )) as { id: string }[];
    return rows[0]!.id;
  }

  /** Current holders of any of `e164s`, as dialled (main line, tracking) or sending numbers. */
  async findNumberHolders(tx: TransactionContext, e164s: string[]): Promise<NumberHolder[]> {
    if (e164s.length === 0) return [];
    const rows = (await entityManagerOf(tx.handle).query(
      `SELECT n.e164, 'dialled' AS kind, n.tenant_id, n.location_id, l.slug FROM ${this.s}.phone_numbers n JOIN ${this.s}.locations l ON l.id = n.location_id WHERE n.e164 = ANY($1)
       UNION ALL
       SELECT n.e164, 'sending' AS kind, n.tenant_id, n.location_id, l.slug FROM ${this.s}.sending_numbers n JOIN ${this.s}.locations l ON l.id = n.location_id WHERE n.e164 = ANY($1)`,
      [e164s],
    )) as { e164: string; kind: 'dialled' | 'sending'; tenant_id: string; location_id: string; slug: string }[];
    return rows.map((r) => ({ e164: r.e164, kind: r.kind, tenantId: r.tenant_id, locationId: r.location_id, locationSlug: r.slug }));
  }

  /**
   * Creates or updates the location `loc.slug` of `tenantId` and replaces its services and
   * on-call members. Numbers are replaced separately ({@link replaceNumbers}).
   * @returns the location id and whether it was created.
   */
  async upsertLocation(tx: TransactionContext, tenantId: string, regionId: string | null, businessName: string, loc: ManifestLocation): Promise<{ id: string; created: boolean }> {
    const m = entityManagerOf(tx.handle);
    const rows = (await m.query(
      `INSERT INTO ${this.s}.locations (id, tenant_id, region_id, slug, name, business_name, time_zone, currency, forward_to_e164, business_hours, holidays,
         ring_timeout_seconds, min_ring_seconds, first_text_cooldown_minutes, quiet_hours_start, quiet_hours_end, templates, service_area,
         international_policy, escalation_timeout_seconds, on_call_manager_e164, capacity, active, vertical, country_code, booking_hours, answer_confirmation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)
       ON CONFLICT (tenant_id, slug) DO UPDATE SET region_id = EXCLUDED.region_id, name = EXCLUDED.name, business_name = EXCLUDED.business_name,
         time_zone = EXCLUDED.time_zone, currency = EXCLUDED.currency, forward_to_e164 = EXCLUDED.forward_to_e164, business_hours = EXCLUDED.business_hours,
         holidays = EXCLUDED.holidays, ring_timeout_seconds = EXCLUDED.ring_timeout_seconds, min_ring_seconds = EXCLUDED.min_ring_seconds,
         first_text_cooldown_minutes = EXCLUDED.first_text_cooldown_minutes, quiet_hours_start = EXCLUDED.quiet_hours_start, quiet_hours_end = EXCLUDED.quiet_hours_end,
         templates = EXCLUDED.templates, service_area = EXCLUDED.service_area, international_policy = EXCLUDED.international_policy,
         escalation_timeout_seconds = EXCLUDED.escalation_timeout_seconds, on_call_manager_e164 = EXCLUDED.on_call_manager_e164,
         capacity = EXCLUDED.capacity, active = EXCLUDED.active, vertical = EXCLUDED.vertical, country_code = EXCLUDED.country_code,
         booking_hours = EXCLUDED.booking_hours, answer_confirmation = EXCLUDED.answer_confirmation, updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [
        randomUUID(),
        tenantId,
        regionId,
        loc.slug,
        loc.name,
        businessName,
        loc.timeZone,
        loc.currency,
        loc.forwardTo,
        JSON.stringify(loc.businessHours),
        JSON.stringify(loc.holidays),
        loc.ringTimeoutSeconds,
        loc.minRingSeconds,
        loc.firstTextCooldownMinutes,
        loc.quietHours.start,
        loc.quietHours.end,
        JSON.stringify(loc.templates),
        JSON.stringify(loc.serviceArea),
        loc.internationalPolicy,
        loc.onCall.escalationTimeoutSeconds,
        loc.onCall.managerE164 ?? null,
        loc.capacity,
        loc.active,
        loc.vertical ?? null,
        loc.countryCode ?? null,
        loc.bookingHours ? JSON.stringify(loc.bookingHours) : null,
        loc.answerConfirmation,
      ],
    )) as { id: string; created: boolean }[];
    const { id, created } = rows[0]!;
    await m.query(`DELETE FROM ${this.s}.location_services WHERE location_id = $1`, [id]);
    for (const [position, svc] of loc.services.entries()) {
      await m.query(
        `INSERT INTO ${this.s}.location_services (location_id, service_id, name, synonyms, average_ticket_cents, slot_minutes, position, urgent, urgent_symptoms,
           booking_hours, lead_time_minutes, travel_buffer_minutes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          id,
          svc.id,
          svc.name,
          JSON.stringify(svc.synonyms),
          svc.averageTicketCents,
          svc.slotMinutes,
          position,
          svc.urgent,
          JSON.stringify(svc.urgentSymptoms),
          svc.bookingHours ? JSON.stringify(svc.bookingHours) : null,
          svc.leadTimeMinutes ?? null,
          svc.travelBufferMinutes ?? null,
        ],
      );
    }
    await m.query(`DELETE FROM ${this.s}.on_call_members WHERE location_id = $1`, [id]);
    for (const [position, member] of (loc.onCall.rotation ?? []).entries()) {
      await m.query(
        `INSERT INTO ${this.s}.on_call_members (location_id, position, name, e164, days, on_duty_start, on_duty_end) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, position, member.name, member.e164, member.days ? JSON.stringify(member.days) : null, member.start ?? null, member.end ?? null],
      );
    }
    return { id, created };
  }

  /** Removes every dialled and sending number of `locationIds` (before {@link insertNumbers}). */
  async deleteNumbersOf(tx: TransactionContext, locationIds: string[]): Promise<void> {
    const m = entityManagerOf(tx.handle);
    await m.query(`DELETE FROM ${this.s}.phone_numbers WHERE location_id = ANY($1::uuid[])`, [locationIds]);
    await m.query(`DELETE FROM ${this.s}.sending_numbers WHERE location_id = ANY($1::uuid[])`, [locationIds]);
  }

  /** Adds the numbers of one location. */
  async insertNumbers(tx: TransactionContext, tenantId: string, locationId: string, loc: ManifestLocation): Promise<void> {
    const m = entityManagerOf(tx.handle);
    for (const n of loc.numbers) {
      await m.query(`INSERT INTO ${this.s}.phone_numbers (e164, tenant_id, location_id, provider, purpose, tracking_source) VALUES ($1, $2, $3, $4, $5, $6)`, [
        n.e164,
        tenantId,
        locationId,
        n.provider,
        n.purpose,
        n.trackingSource ?? null,
      ]);
    }
    for (const n of loc.sendingNumbers) {
      await m.query(`INSERT INTO ${this.s}.sending_numbers (e164, tenant_id, location_id, provider, campaign_status, messages_per_second) VALUES ($1, $2, $3, $4, $5, $6)`, [
        n.e164,
        tenantId,
        locationId,
        n.provider,
        n.campaignStatus,
        n.messagesPerSecond,
      ]);
    }
  }

  /** Creates or updates a user of `tenantId` (matched by e-mail) and replaces their regions and locations. */
  async upsertUser(tx: TransactionContext, tenantId: string, user: { email: string; name: string; role: CrmRole }, regionIds: string[], locationIds: string[]): Promise<{ id: string; created: boolean }> {
    const m = entityManagerOf(tx.handle);
    const rows = (await m.query(
      `INSERT INTO ${this.s}.users (id, tenant_id, email, name, role) VALUES ($1, $2, lower($3), $4, $5)
       ON CONFLICT (tenant_id, email) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role RETURNING id, (xmax = 0) AS created`,
      [randomUUID(), tenantId, user.email, user.name, user.role],
    )) as { id: string; created: boolean }[];
    const { id, created } = rows[0]!;
    await m.query(`DELETE FROM ${this.s}.user_regions WHERE user_id = $1`, [id]);
    await m.query(`DELETE FROM ${this.s}.user_locations WHERE user_id = $1`, [id]);
    for (const r of regionIds) await m.query(`INSERT INTO ${this.s}.user_regions (user_id, region_id) VALUES ($1, $2)`, [id, r]);
    for (const l of locationIds) await m.query(`INSERT INTO ${this.s}.user_locations (user_id, location_id) VALUES ($1, $2)`, [id, l]);
    return { id, created };
  }

  /** Everything a location's published configuration holds, or null when it does not exist. */
  async loadLocationConfigRow(tx: TransactionContext, locationId: string): Promise<LocationConfigRow | null> {
    const m = entityManagerOf(tx.handle);
    const rows = (await m.query(`SELECT l.*, t.opt_out_scope AS tenant_opt_out_scope, t.vertical AS tenant_vertical FROM ${this.s}.locations l JOIN ${this.s}.tenants t ON t.id = l.tenant_id WHERE l.id = $1`, [
      locationId,
    ])) as Record<string, unknown>[];
    const r = rows[0];
    if (!r) return null;
    const services = (await m.query(
      `SELECT service_id, name, synonyms, average_ticket_cents, slot_minutes, urgent, urgent_symptoms, booking_hours, lead_time_minutes, travel_buffer_minutes
         FROM ${this.s}.location_services WHERE location_id = $1 ORDER BY position`,
      [locationId],
    )) as {
      urgent: boolean;
      urgent_symptoms: string[];
      booking_hours: Record<string, { open: string; close: string }[]> | null;
      lead_time_minutes: number | null;
      travel_buffer_minutes: number | null;
      service_id: string;
      name: string;
      synonyms: string[];
      average_ticket_cents: number;
      slot_minutes: number;
    }[];
    const members = (await m.query(`SELECT name, e164, days, on_duty_start, on_duty_end FROM ${this.s}.on_call_members WHERE location_id = $1 ORDER BY position`, [locationId])) as {
      name: string;
      e164: string;
      days: string[] | null;
      on_duty_start: string | null;
      on_duty_end: string | null;
    }[];
    const phones = (await m.query(`SELECT e164, provider, purpose, tracking_source FROM ${this.s}.phone_numbers WHERE location_id = $1 ORDER BY e164`, [locationId])) as {
      e164: string;
      provider: 'bandwidth' | 'twilio';
      purpose: 'main_line' | 'tracking';
      tracking_source: string | null;
    }[];
    const senders = (await m.query(`SELECT e164, provider, campaign_status, messages_per_second FROM ${this.s}.sending_numbers WHERE location_id = $1 ORDER BY e164`, [locationId])) as {
      e164: string;
      provider: 'bandwidth' | 'twilio';
      campaign_status: 'registered' | 'pending' | 'rejected' | 'not_required';
      messages_per_second: string;
    }[];
    return {
      id: r.id as string,
      tenantId: r.tenant_id as string,
      regionId: (r.region_id as string | null) ?? null,
      slug: r.slug as string,
      name: r.name as string,
      businessName: r.business_name as string,
      timeZone: r.time_zone as string,
      currency: r.currency as string,
      forwardToE164: r.forward_to_e164 as string,
      businessHours: r.business_hours as LocationConfigRow['businessHours'],
      bookingHours: (r.booking_hours as LocationConfigRow['bookingHours']) ?? null,
      holidays: r.holidays as string[],
      ringTimeoutSeconds: r.ring_timeout_seconds as number,
      answerConfirmation: r.answer_confirmation === true,
      minRingSeconds: r.min_ring_seconds as number,
      firstTextCooldownMinutes: r.first_text_cooldown_minutes as number,
      quietHoursStart: r.quiet_hours_start as string,
      quietHoursEnd: r.quiet_hours_end as string,
      templates: r.templates as Record<string, string>,
      serviceArea: r.service_area as LocationConfigRow['serviceArea'],
      internationalPolicy: r.international_policy as LocationConfigRow['internationalPolicy'],
      optOutScope: (r.tenant_opt_out_scope as OptOutScope | null) ?? null,
      vertical: ((r.vertical ?? r.tenant_vertical) as BusinessVertical | null) ?? null,
      ownVertical: (r.vertical as BusinessVertical | null) ?? null,
      countryCode: (r.country_code as string | null) ?? null,
      escalationTimeoutSeconds: r.escalation_timeout_seconds as number,
      onCallManagerE164: (r.on_call_manager_e164 as string | null) ?? null,
      capacity: r.capacity as number,
      active: r.active as boolean,
      revision: r.revision as number,
      configDigest: (r.config_digest as string | null) ?? null,
      services: services.map((x) => ({
        serviceId: x.service_id,
        name: x.name,
        synonyms: x.synonyms,
        averageTicketCents: x.average_ticket_cents,
        slotMinutes: x.slot_minutes,
        urgent: x.urgent,
        urgentSymptoms: x.urgent_symptoms,
        bookingHours: x.booking_hours,
        leadTimeMinutes: x.lead_time_minutes,
        travelBufferMinutes: x.travel_buffer_minutes,
      })),
      onCallMembers: members.map((x) => ({ name: x.name, e164: x.e164, days: x.days, start: x.on_duty_start, end: x.on_duty_end })),
      phoneNumbers: phones.map((x) => ({ e164: x.e164, provider: x.provider, purpose: x.purpose, trackingSource: x.tracking_source })),
      sendingNumbers: senders.map((x) => ({ e164: x.e164, provider: x.provider, campaignStatus: x.campaign_status, messagesPerSecond: Number(x.messages_per_second) })),
    };
  }

  /** Records the revision and digest of the configuration just published for `locationId`. */
  async setPublishedRevision(tx: TransactionContext, locationId: string, revision: number, digest: string): Promise<void> {
    await entityManagerOf(tx.handle).query(`UPDATE ${this.s}.locations SET revision = $2, config_digest = $3 WHERE id = $1`, [locationId, revision, digest]);
  }
}

