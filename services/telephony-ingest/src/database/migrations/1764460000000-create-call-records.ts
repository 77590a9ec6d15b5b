import { createLocationDirectory, dropLocationDirectory } from '@textback/platform';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * Call records, every carrier webhook stored raw, and the location read model.
 * - `call`: one row per caller leg (`uq_call_provider_call`), with its routing and its one
 *   decision (`decision` is written once, `WHERE decision IS NULL`).
 * - `call_webhook`: every webhook as received (`payload`) with its provider-neutral `facts` and
 *   the reply given; `uq_call_webhook_provider_call_event` makes a duplicate delivery a no-op.
 */
export class CreateCallRecords1764460000000 implements MigrationInterface {
  name = 'CreateCallRecords1764460000000';

  async up(runner: QueryRunner): Promise<void> {
    const { name, sql: s } = migrationSchema(runner);
    await runner.query(`CREATE TABLE ${s}.call (
      id uuid NOT NULL,
      provider text NOT NULL,
      provider_call_id text NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      caller_raw text NOT NULL,
      caller_e164 text NULL,
      dialed_e164 text NOT NULL,
      tracking_source text NULL,
      route text NOT NULL,
      forward_to_e164 text NULL,
      ring_timeout_seconds integer NOT NULL,
      min_ring_seconds integer NOT NULL,
      started_at timestamptz NOT NULL,
      decision text NULL,
      decision_explanation text NULL,
      ring_seconds numeric(8, 1) NULL,
      decided_at timestamptz NULL,
      voicemail_recording_id text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_call PRIMARY KEY (id),
      CONSTRAINT uq_call_provider_call UNIQUE (provider, provider_call_id),
      CONSTRAINT ck_call_route CHECK (route IN ('forward', 'after_hours'))
    )`);
    await runner.query(`CREATE INDEX ix_call_location_started ON ${s}.call (location_id, started_at)`);
    await runner.query(`CREATE TABLE ${s}.call_webhook (
      id bigserial NOT NULL,
      provider text NOT NULL,
      provider_call_id text NOT NULL,
      event_type text NOT NULL,
      caller_leg_id text NOT NULL,
      event_time timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      payload jsonb NOT NULL,
      facts jsonb NOT NULL DEFAULT '[]'::jsonb,
      reply jsonb NULL,
      CONSTRAINT pk_call_webhook PRIMARY KEY (id),
      CONSTRAINT uq_call_webhook_provider_call_event UNIQUE (provider, provider_call_id, event_type)
    )`);
    await runner.query(`CREATE INDEX ix_call_webhook_caller_leg ON ${s}.call_webhook (provider, caller_leg_id, id)`);
    await createLocationDirectory(runner, name);
  }

  async down(runner: QueryRunner): Promise<void> {
    const { name, sql: s } = migrationSchema(runner);
    await dropLocationDirectory(runner, name);
    await runner.query(`DROP TABLE ${s}.call_webhook`);
    await runner.query(`DROP TABLE ${s}.call`);
  }
}
