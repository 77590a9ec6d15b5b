import { createLocationDirectory, dropLocationDirectory } from '@textback/platform';
import { quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * scheduling's tables: durable timers, booking offers, bookings (an exclusion constraint per
 * capacity unit makes double-booking impossible under concurrency), callback tasks, dispatches
 * with their pages, follow-up cadences, and the location read model.
 */
export class CreateSchedulingTables1764460000000 implements MigrationInterface {
  name = 'CreateSchedulingTables1764460000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    const s = quoteSchema(schema);
    await createLocationDirectory(runner, schema);
    // btree_gist lets the exclusion constraint compare uuid/int with = next to a range with &&.
    await runner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public`);
    await runner.query(`CREATE TABLE ${s}.timer (
      timer_id uuid NOT NULL,
      key text NOT NULL,
      kind text NOT NULL,
      due_at timestamptz NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending',
      attempts integer NOT NULL DEFAULT 0,
      last_error text NULL,
      fired_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_timer PRIMARY KEY (timer_id),
      CONSTRAINT uq_timer_key UNIQUE (key),
      CONSTRAINT ck_timer_status CHECK (status IN ('pending', 'fired', 'cancelled', 'failed'))
    )`);
    await runner.query(`CREATE INDEX ix_timer_pending_due ON ${s}.timer (due_at) WHERE status = 'pending'`);

    await runner.query(`CREATE TABLE ${s}.booking_offer (
      offer_id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      caller_e164 text NOT NULL,
      lead_id uuid NULL,
      conversation_id uuid NULL,
      service_id text NULL,
      correlation_id text NOT NULL,
      slots jsonb NOT NULL,
      status text NOT NULL DEFAULT 'open',
      created_at timestamptz NOT NULL,
      CONSTRAINT pk_booking_offer PRIMARY KEY (offer_id),
      CONSTRAINT ck_booking_offer_status CHECK (status IN ('open', 'booked', 'closed'))
    )`);
    await runner.query(`CREATE INDEX ix_booking_offer_open ON ${s}.booking_offer (location_id, caller_e164, created_at DESC) WHERE status = 'open'`);

    await runner.query(`CREATE TABLE ${s}.booking (
      booking_id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      caller_e164 text NOT NULL,
      lead_id uuid NULL,
      conversation_id uuid NULL,
      service_id text NULL,
      offer_id uuid NULL,
      correlation_id text NOT NULL,
      start_at timestamptz NOT NULL,
      end_at timestamptz NOT NULL,
      capacity_unit integer NOT NULL,
      status text NOT NULL DEFAULT 'confirmed',
      estimated_value_cents integer NOT NULL,
      rescheduled_from uuid NULL,
      cancel_reason text NULL,
      created_at timestamptz NOT NULL,
      CONSTRAINT pk_booking PRIMARY KEY (booking_id),
      CONSTRAINT ck_booking_status CHECK (status IN ('confirmed', 'cancelled')),
      CONSTRAINT ck_booking_interval CHECK (end_at > start_at),
      CONSTRAINT ex_booking_unit_overlap EXCLUDE USING gist (location_id WITH =, capacity_unit WITH =, tstzrange(start_at, end_at) WITH &&) WHERE (status = 'confirmed')
    )`);
    await runner.query(`CREATE INDEX ix_booking_location_start ON ${s}.booking (location_id, start_at) WHERE status = 'confirmed'`);

    await runner.query(`CREATE TABLE ${s}.callback_task (
      task_id uuid NOT NULL,
      task_key text NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      caller_e164 text NULL,
      lead_id uuid NULL,
      reason text NOT NULL,
      window_start timestamptz NOT NULL,
      window_end timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      CONSTRAINT pk_callback_task PRIMARY KEY (task_id),
      CONSTRAINT uq_callback_task_key UNIQUE (location_id, task_key)
    )`);

    await runner.query(`CREATE TABLE ${s}.dispatch (
      dispatch_id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      caller_e164 text NOT NULL,
      conversation_id uuid NOT NULL,
      lead_id uuid NULL,
      correlation_id text NOT NULL,
      summary text NOT NULL,
      detected_at timestamptz NOT NULL,
      escalation jsonb NOT NULL,
      current_attempt integer NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'paging',
      acknowledged_at timestamptz NULL,
      acknowledged_by text NULL,
      created_at timestamptz NOT NULL,
      CONSTRAINT pk_dispatch PRIMARY KEY (dispatch_id),
      CONSTRAINT uq_dispatch_conversation UNIQUE (location_id, conversation_id),
      CONSTRAINT ck_dispatch_status CHECK (status IN ('paging', 'acknowledged', 'exhausted'))
    )`);
    await runner.query(`CREATE TABLE ${s}.dispatch_page (
      page_id uuid NOT NULL,
      dispatch_id uuid NOT NULL,
      attempt integer NOT NULL,
      on_call_name text NOT NULL,
      on_call_e164 text NOT NULL,
      role text NOT NULL,
      paged_at timestamptz NOT NULL,
      ack_deadline timestamptz NOT NULL,
      provider_call_id text NULL,
      CONSTRAINT pk_dispatch_page PRIMARY KEY (page_id),
      CONSTRAINT uq_dispatch_page_attempt UNIQUE (dispatch_id, attempt),
      CONSTRAINT fk_dispatch_page_dispatch FOREIGN KEY (dispatch_id) REFERENCES ${s}.dispatch (dispatch_id) ON DELETE CASCADE
    )`);
    await runner.query(`CREATE INDEX ix_dispatch_page_e164 ON ${s}.dispatch_page (on_call_e164, paged_at DESC)`);

    await runner.query(`CREATE TABLE ${s}.follow_up_cadence (
      cadence_id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      caller_e164 text NOT NULL,
      lead_id uuid NULL,
      correlation_id text NOT NULL,
      kind text NOT NULL,
      next_step integer NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'active',
      stop_reason text NULL,
      started_at timestamptz NOT NULL,
      stopped_at timestamptz NULL,
      CONSTRAINT pk_follow_up_cadence PRIMARY KEY (cadence_id),
      CONSTRAINT ck_follow_up_cadence_status CHECK (status IN ('active', 'stopped', 'completed'))
    )`);
    await runner.query(`CREATE UNIQUE INDEX uq_follow_up_cadence_active ON ${s}.follow_up_cadence (location_id, caller_e164) WHERE status = 'active'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchema(runner);
    const s = quoteSchema(schema);
    for (const table of ['follow_up_cadence', 'dispatch_page', 'dispatch', 'callback_task', 'booking', 'booking_offer', 'timer']) await runner.query(`DROP TABLE ${s}.${table}`);
    // btree_gist stays: it is database-wide and other schemas may use it.
    await dropLocationDirectory(runner, schema);
  }
}
