import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * lead-crm's system of record: tenants, regions, locations and their configuration, numbers,
 * users and roles, contacts, leads, the timeline, tasks, and outbound webhooks.
 * Money is in cents, durations in the unit named by the column, instants `timestamptz` (UTC),
 * local times `HH:mm` in the location's IANA time zone.
 */
export class CreateCrmModel1764460000000 implements MigrationInterface {
  name = 'CreateCrmModel1764460000000';

  async up(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    const q = (text: string) => runner.query(text);
    await q(`CREATE TABLE ${s}.tenants (
      id uuid NOT NULL,
      slug text NOT NULL,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_tenants PRIMARY KEY (id),
      CONSTRAINT uq_tenants_slug UNIQUE (slug)
    )`);
    await q(`CREATE TABLE ${s}.regions (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      slug text NOT NULL,
      name text NOT NULL,
      CONSTRAINT pk_regions PRIMARY KEY (id),
      CONSTRAINT uq_regions_tenant_slug UNIQUE (tenant_id, slug),
      CONSTRAINT fk_regions_tenant FOREIGN KEY (tenant_id) REFERENCES ${s}.tenants (id) ON DELETE CASCADE
    )`);
    await q(`CREATE TABLE ${s}.locations (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      region_id uuid NULL,
      slug text NOT NULL,
      name text NOT NULL,
      business_name text NOT NULL,
      time_zone text NOT NULL,
      currency char(3) NOT NULL DEFAULT 'USD',
      forward_to_e164 text NOT NULL,
      business_hours jsonb NOT NULL DEFAULT '{}'::jsonb,
      holidays jsonb NOT NULL DEFAULT '[]'::jsonb,
      ring_timeout_seconds integer NOT NULL DEFAULT 25,
      min_ring_seconds integer NOT NULL DEFAULT 3,
      first_text_cooldown_minutes integer NOT NULL DEFAULT 30,
      quiet_hours_start char(5) NOT NULL DEFAULT '21:00',
      quiet_hours_end char(5) NOT NULL DEFAULT '08:00',
      templates jsonb NOT NULL DEFAULT '{}'::jsonb,
      service_area jsonb NOT NULL DEFAULT '{"cities":[],"zips":[]}'::jsonb,
      international_policy text NOT NULL DEFAULT 'callback_task',
      escalation_timeout_seconds integer NOT NULL DEFAULT 300,
      on_call_manager_e164 text NULL,
      capacity integer NOT NULL DEFAULT 1,
      active boolean NOT NULL DEFAULT true,
      revision integer NOT NULL DEFAULT 0,
      config_digest text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_locations PRIMARY KEY (id),
      CONSTRAINT uq_locations_tenant_slug UNIQUE (tenant_id, slug),
      CONSTRAINT fk_locations_tenant FOREIGN KEY (tenant_id) REFERENCES ${s}.tenants (id) ON DELETE CASCADE,
      CONSTRAINT fk_locations_region FOREIGN KEY (region_id) REFERENCES ${s}.regions (id) ON DELETE SET NULL,
      CONSTRAINT ck_locations_ring CHECK (ring_timeout_seconds BETWEEN 5 AND 120 AND min_ring_seconds BETWEEN 0 AND 60),
      CONSTRAINT ck_locations_international_policy CHECK (international_policy IN ('callback_task', 'text'))
    )`);
    await q(`CREATE INDEX ix_locations_region ON ${s}.locations (region_id)`);
    await q(`CREATE TABLE ${s}.location_services (
      location_id uuid NOT NULL,
      service_id text NOT NULL,
      name text NOT NULL,
      synonyms jsonb NOT NULL DEFAULT '[]'::jsonb,
      average_ticket_cents integer NOT NULL,
      slot_minutes integer NOT NULL DEFAULT 120,
      position integer NOT NULL,
      CONSTRAINT pk_location_services PRIMARY KEY (location_id, service_id),
      CONSTRAINT fk_location_services_location FOREIGN KEY (location_id) REFERENCES ${s}.locations (id) ON DELETE CASCADE,
      CONSTRAINT ck_location_services_ticket CHECK (average_ticket_cents >= 0)
    )`);
    await q(`CREATE TABLE ${s}.on_call_members (
      location_id uuid NOT NULL,
      position integer NOT NULL,
      name text NOT NULL,
      e164 text NOT NULL,
      days jsonb NULL,
      on_duty_start char(5) NULL,
      on_duty_end char(5) NULL,
      CONSTRAINT pk_on_call_members PRIMARY KEY (location_id, position),
      CONSTRAINT fk_on_call_members_location FOREIGN KEY (location_id) REFERENCES ${s}.locations (id) ON DELETE CASCADE
    )`);
    await q(`CREATE TABLE ${s}.phone_numbers (
      e164 text NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      provider text NOT NULL,
      purpose text NOT NULL,
      tracking_source text NULL,
      CONSTRAINT pk_phone_numbers PRIMARY KEY (e164),
      CONSTRAINT fk_phone_numbers_location FOREIGN KEY (location_id) REFERENCES ${s}.locations (id) ON DELETE CASCADE,
      CONSTRAINT ck_phone_numbers_purpose CHECK (purpose IN ('main_line', 'tracking')),
      CONSTRAINT ck_phone_numbers_provider CHECK (provider IN ('bandwidth', 'twilio'))
    )`);
    await q(`CREATE INDEX ix_phone_numbers_location ON ${s}.phone_numbers (location_id)`);
    await q(`CREATE TABLE ${s}.sending_numbers (
      e164 text NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      provider text NOT NULL,
      campaign_status text NOT NULL,
      messages_per_second numeric NOT NULL DEFAULT 1,
      CONSTRAINT pk_sending_numbers PRIMARY KEY (e164),
      CONSTRAINT fk_sending_numbers_location FOREIGN KEY (location_id) REFERENCES ${s}.locations (id) ON DELETE CASCADE,
      CONSTRAINT ck_sending_numbers_campaign CHECK (campaign_status IN ('registered', 'pending', 'rejected', 'not_required'))
    )`);
    await q(`CREATE INDEX ix_sending_numbers_location ON ${s}.sending_numbers (location_id)`);
    await q(`CREATE TABLE ${s}.users (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      email text NOT NULL,
      name text NOT NULL,
      role text NOT NULL,
      CONSTRAINT pk_users PRIMARY KEY (id),
      CONSTRAINT uq_users_tenant_email UNIQUE (tenant_id, email),
      CONSTRAINT fk_users_tenant FOREIGN KEY (tenant_id) REFERENCES ${s}.tenants (id) ON DELETE CASCADE,
      CONSTRAINT ck_users_role CHECK (role IN ('owner', 'admin', 'regional_manager', 'dispatcher', 'agent'))
    )`);
    await q(`CREATE TABLE ${s}.user_regions (
      user_id uuid NOT NULL,
      region_id uuid NOT NULL,
      CONSTRAINT pk_user_regions PRIMARY KEY (user_id, region_id),
      CONSTRAINT fk_user_regions_user FOREIGN KEY (user_id) REFERENCES ${s}.users (id) ON DELETE CASCADE,
      CONSTRAINT fk_user_regions_region FOREIGN KEY (region_id) REFERENCES ${s}.regions (id) ON DELETE CASCADE
    )`);
    await q(`CREATE TABLE ${s}.user_locations (
      user_id uuid NOT NULL,
      location_id uuid NOT NULL,
      CONSTRAINT pk_user_locations PRIMARY KEY (user_id, location_id),
      CONSTRAINT fk_user_locations_user FOREIGN KEY (user_id) REFERENCES ${s}.users (id) ON DELETE CASCADE,
      CONSTRAINT fk_user_locations_location FOREIGN KEY (location_id) REFERENCES ${s}.locations (id) ON DELETE CASCADE
    )`);
    await q(`CREATE TABLE ${s}.contacts (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      e164 text NOT NULL,
      name text NULL,
      opted_out boolean NOT NULL DEFAULT false,
      consent_changed_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_contacts PRIMARY KEY (id),
      CONSTRAINT uq_contacts_tenant_e164 UNIQUE (tenant_id, e164),
      CONSTRAINT fk_contacts_tenant FOREIGN KEY (tenant_id) REFERENCES ${s}.tenants (id) ON DELETE CASCADE
    )`);
    await q(`CREATE TABLE ${s}.leads (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      contact_id uuid NOT NULL,
      stage text NOT NULL DEFAULT 'new',
      source text NOT NULL,
      tracking_source text NULL,
      missed_call_reason text NULL,
      intent text NULL,
      urgency text NULL,
      service_id text NULL,
      estimated_value_cents integer NULL,
      actual_value_cents integer NULL,
      call_id uuid NULL,
      lost_reason text NULL,
      taken_over_by text NULL,
      taken_over_at timestamptz NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz NULL,
      CONSTRAINT pk_leads PRIMARY KEY (id),
      CONSTRAINT fk_leads_location FOREIGN KEY (location_id) REFERENCES ${s}.locations (id) ON DELETE CASCADE,
      CONSTRAINT fk_leads_contact FOREIGN KEY (contact_id) REFERENCES ${s}.contacts (id) ON DELETE CASCADE,
      CONSTRAINT ck_leads_stage CHECK (stage IN ('new', 'engaged', 'qualified', 'booked', 'won', 'lost')),
      CONSTRAINT ck_leads_source CHECK (source IN ('missed_call', 'inbound_sms', 'manual')),
      CONSTRAINT ck_leads_values CHECK (coalesce(estimated_value_cents, 0) >= 0 AND coalesce(actual_value_cents, 0) >= 0)
    )`);
    await q(`CREATE INDEX ix_leads_tenant_location_created ON ${s}.leads (tenant_id, location_id, created_at DESC, id DESC)`);
    await q(`CREATE INDEX ix_leads_contact_location ON ${s}.leads (contact_id, location_id, created_at DESC)`);
    await q(`CREATE TABLE ${s}.timeline_entries (
      id uuid NOT NULL,
      sequence bigserial NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      contact_id uuid NOT NULL,
      lead_id uuid NULL,
      kind text NOT NULL,
      occurred_at timestamptz NOT NULL,
      summary text NOT NULL,
      actor text NULL,
      source_event_id text NULL,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      CONSTRAINT pk_timeline_entries PRIMARY KEY (id),
      CONSTRAINT uq_timeline_entries_source_event UNIQUE (source_event_id),
      CONSTRAINT fk_timeline_entries_contact FOREIGN KEY (contact_id) REFERENCES ${s}.contacts (id) ON DELETE CASCADE,
      CONSTRAINT fk_timeline_entries_location FOREIGN KEY (location_id) REFERENCES ${s}.locations (id) ON DELETE CASCADE
    )`);
    await q(`CREATE INDEX ix_timeline_entries_contact_location ON ${s}.timeline_entries (contact_id, location_id, occurred_at, sequence)`);
    await q(`CREATE TABLE ${s}.tasks (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      contact_id uuid NULL,
      lead_id uuid NULL,
      kind text NOT NULL,
      status text NOT NULL DEFAULT 'open',
      task_key text NOT NULL,
      reason text NOT NULL,
      window_start timestamptz NULL,
      window_end timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz NULL,
      completed_by text NULL,
      CONSTRAINT pk_tasks PRIMARY KEY (id),
      CONSTRAINT uq_tasks_tenant_key UNIQUE (tenant_id, task_key),
      CONSTRAINT fk_tasks_location FOREIGN KEY (location_id) REFERENCES ${s}.locations (id) ON DELETE CASCADE,
      CONSTRAINT ck_tasks_kind CHECK (kind IN ('callback', 'review')),
      CONSTRAINT ck_tasks_status CHECK (status IN ('open', 'done'))
    )`);
    await q(`CREATE INDEX ix_tasks_tenant_location_status ON ${s}.tasks (tenant_id, location_id, status, created_at)`);
    await q(`CREATE TABLE ${s}.webhook_subscriptions (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      url text NOT NULL,
      secret text NOT NULL,
      event_types jsonb NOT NULL DEFAULT '[]'::jsonb,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_webhook_subscriptions PRIMARY KEY (id),
      CONSTRAINT fk_webhook_subscriptions_tenant FOREIGN KEY (tenant_id) REFERENCES ${s}.tenants (id) ON DELETE CASCADE
    )`);
    await q(`CREATE TABLE ${s}.webhook_deliveries (
      id uuid NOT NULL,
      subscription_id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      event_id uuid NOT NULL,
      event_type text NOT NULL,
      body text NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      leased_until timestamptz NULL,
      last_status_code integer NULL,
      last_error text NULL,
      delivered_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
      CONSTRAINT uq_webhook_deliveries_subscription_event UNIQUE (subscription_id, event_id),
      CONSTRAINT fk_webhook_deliveries_subscription FOREIGN KEY (subscription_id) REFERENCES ${s}.webhook_subscriptions (id) ON DELETE CASCADE,
      CONSTRAINT ck_webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'failed'))
    )`);
    await q(`CREATE INDEX ix_webhook_deliveries_due ON ${s}.webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q(`CREATE TABLE ${s}.webhook_delivery_attempts (
      id bigserial NOT NULL,
      delivery_id uuid NOT NULL,
      attempt integer NOT NULL,
      status_code integer NULL,
      error text NULL,
      duration_ms integer NOT NULL,
      attempted_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_webhook_delivery_attempts PRIMARY KEY (id),
      CONSTRAINT fk_webhook_delivery_attempts_delivery FOREIGN KEY (delivery_id) REFERENCES ${s}.webhook_deliveries (id) ON DELETE CASCADE
    )`);
    await q(`CREATE INDEX ix_webhook_delivery_attempts_delivery ON ${s}.webhook_delivery_attempts (delivery_id, attempt)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const { sql: s } = migrationSchema(runner);
    for (const table of [
      'webhook_delivery_attempts',
      'webhook_deliveries',
      'webhook_subscriptions',
      'tasks',
      'timeline_entries',
      'leads',
      'contacts',
      'user_locations',
      'user_regions',
      'users',
      'sending_numbers',
      'phone_numbers',
      'on_call_members',
      'location_services',
      'locations',
      'regions',
      'tenants',
    ]) {
      await runner.query(`DROP TABLE ${s}.${table}`);
    }
  }
}
