import { createLocationDirectory, dropLocationDirectory } from '@textback/platform';
import { quoteSchema } from '@textback/persistence';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchemaOf } from '../migration-schema.util';

/**
 * messaging's own tables: the location read model, the durable send queue + message log
 * (`outbound_message`), first-text claims (one per caller+location per cooldown window) and
 * decisions (one per call), the consent ledger, line-type cache, conversation state, stored
 * inbound callbacks and per-sending-number rate slots.
 */
export class CreateMessagingCore1764460000000 implements MigrationInterface {
  name = 'CreateMessagingCore1764460000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchemaOf(runner);
    const s = quoteSchema(schema);
    await createLocationDirectory(runner, schema);
    await runner.query(`CREATE TABLE ${s}.outbound_message (
      message_id uuid NOT NULL,
      command_id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      correlation_id text NOT NULL,
      causation_id text NULL,
      to_e164 text NOT NULL,
      from_e164 text NULL,
      body text NOT NULL,
      purpose text NOT NULL,
      automated boolean NOT NULL,
      requested_by text NOT NULL,
      status text NOT NULL,
      reason text NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      expires_at timestamptz NULL,
      provider text NULL,
      provider_message_id text NULL,
      segments integer NULL,
      encoding text NULL,
      error_code text NULL,
      created_at timestamptz NOT NULL,
      sent_at timestamptz NULL,
      updated_at timestamptz NOT NULL,
      CONSTRAINT pk_outbound_message PRIMARY KEY (message_id),
      CONSTRAINT uq_outbound_message_command UNIQUE (command_id),
      CONSTRAINT ck_outbound_message_status CHECK (status IN ('queued','sent','delivered','failed','suppressed','cancelled','expired'))
    )`);
    await runner.query(`CREATE INDEX ix_outbound_message_due ON ${s}.outbound_message (next_attempt_at) WHERE status = 'queued'`);
    await runner.query(`CREATE INDEX ix_outbound_message_conversation ON ${s}.outbound_message (location_id, to_e164, created_at)`);
    await runner.query(`CREATE INDEX ix_outbound_message_provider_id ON ${s}.outbound_message (provider_message_id)`);
    await runner.query(`CREATE TABLE ${s}.first_text_claim (
      location_id uuid NOT NULL,
      caller_e164 text NOT NULL,
      call_id uuid NOT NULL,
      claimed_at timestamptz NOT NULL,
      repeat_calls integer NOT NULL DEFAULT 0,
      CONSTRAINT pk_first_text_claim PRIMARY KEY (location_id, caller_e164)
    )`);
    await runner.query(`CREATE TABLE ${s}.first_text_decision (
      call_id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      caller_e164 text NULL,
      outcome text NOT NULL,
      reason text NULL,
      detail text NULL,
      command_id uuid NULL,
      decided_at timestamptz NOT NULL,
      CONSTRAINT pk_first_text_decision PRIMARY KEY (call_id)
    )`);
    await runner.query(`CREATE TABLE ${s}.consent_ledger (
      consent_id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      phone_e164 text NOT NULL,
      sending_number_e164 text NOT NULL,
      action text NOT NULL,
      scope text NOT NULL,
      method text NOT NULL,
      channel text NOT NULL,
      keyword text NULL,
      provider_message_id text NULL,
      at timestamptz NOT NULL,
      CONSTRAINT pk_consent_ledger PRIMARY KEY (consent_id),
      CONSTRAINT ck_consent_ledger_action CHECK (action IN ('opt_out','opt_in'))
    )`);
    await runner.query(`CREATE INDEX ix_consent_ledger_phone ON ${s}.consent_ledger (phone_e164, at DESC)`);
    await runner.query(`CREATE INDEX ix_consent_ledger_tenant ON ${s}.consent_ledger (tenant_id, at)`);
    await runner.query(`CREATE TABLE ${s}.line_type (
      phone_e164 text NOT NULL,
      line_type text NOT NULL,
      textable boolean NOT NULL,
      source text NOT NULL,
      error_code text NULL,
      checked_at timestamptz NOT NULL,
      CONSTRAINT pk_line_type PRIMARY KEY (phone_e164)
    )`);
    await runner.query(`CREATE TABLE ${s}.conversation_state (
      location_id uuid NOT NULL,
      caller_e164 text NOT NULL,
      paused_reason text NULL,
      paused_at timestamptz NULL,
      human_active boolean NOT NULL DEFAULT false,
      last_inbound_at timestamptz NULL,
      CONSTRAINT pk_conversation_state PRIMARY KEY (location_id, caller_e164)
    )`);
    await runner.query(`CREATE TABLE ${s}.inbound_callback (
      callback_id uuid NOT NULL,
      provider text NOT NULL,
      provider_message_id text NOT NULL,
      event_type text NOT NULL,
      payload jsonb NOT NULL,
      received_at timestamptz NOT NULL,
      processed_at timestamptz NULL,
      outcome text NULL,
      CONSTRAINT pk_inbound_callback PRIMARY KEY (callback_id),
      CONSTRAINT uq_inbound_callback UNIQUE (provider, provider_message_id, event_type)
    )`);
    await runner.query(`CREATE INDEX ix_inbound_callback_pending ON ${s}.inbound_callback (received_at) WHERE processed_at IS NULL`);
    await runner.query(`CREATE INDEX ix_inbound_callback_sender ON ${s}.inbound_callback ((payload->'message'->>'from'), received_at)`);
    await runner.query(`CREATE TABLE ${s}.send_rate (
      sending_e164 text NOT NULL,
      next_free_at timestamptz NOT NULL,
      CONSTRAINT pk_send_rate PRIMARY KEY (sending_e164)
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchemaOf(runner);
    const s = quoteSchema(schema);
    for (const table of ['send_rate', 'inbound_callback', 'conversation_state', 'line_type', 'consent_ledger', 'first_text_decision', 'first_text_claim', 'outbound_message']) {
      await runner.query(`DROP TABLE ${s}.${table}`);
    }
    await dropLocationDirectory(runner, schema);
  }
}
