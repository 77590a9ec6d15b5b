import { addOutboxDeadLetters, createOutboxAndInbox, dropOutboxAndInbox, dropOutboxDeadLetters, migrationSchemaOf, quoteSchema } from '@textback/persistence';
import { createLocationDirectory, dropLocationDirectory } from '@textback/platform';
import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The console schema: outbox/inbox (the inbox de-duplicates the projection's events), the location read
 * model, local accounts (`console_user`, argon2id hashes, one-time invitation codes stored as SHA-256),
 * sessions (`console_session`, the cookie's SHA-256 and its CSRF token), and the inbox projection:
 * `conversation` (one per caller and location) and `conversation_entry` (its timeline).
 */
export class CreateConsoleTables1797600000000 implements MigrationInterface {
  name = 'CreateConsoleTables1797600000000';

  async up(runner: QueryRunner): Promise<void> {
    const schema = migrationSchemaOf(runner);
    const s = quoteSchema(schema);
    await createOutboxAndInbox(runner, schema);
    await addOutboxDeadLetters(runner, schema);
    await createLocationDirectory(runner, schema);
    await runner.query(`CREATE TABLE ${s}.console_user (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      email text NOT NULL,
      name text NOT NULL,
      role text NOT NULL,
      region_ids uuid[] NOT NULL DEFAULT '{}',
      location_ids uuid[] NOT NULL DEFAULT '{}',
      password_hash text NULL,
      invite_code_sha256 text NULL,
      invite_expires_at timestamptz NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_console_user PRIMARY KEY (id),
      CONSTRAINT uq_console_user_email UNIQUE (email),
      CONSTRAINT ck_console_user_role CHECK (role IN ('owner', 'regional_manager', 'location_manager', 'dispatcher')),
      CONSTRAINT ck_console_user_email_lower CHECK (email = lower(email))
    )`);
    await runner.query(`CREATE TABLE ${s}.console_session (
      token_sha256 text NOT NULL,
      user_id uuid NOT NULL,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      CONSTRAINT pk_console_session PRIMARY KEY (token_sha256),
      CONSTRAINT fk_console_session_user FOREIGN KEY (user_id) REFERENCES ${s}.console_user (id) ON DELETE CASCADE
    )`);
    await runner.query(`CREATE INDEX ix_console_session_user ON ${s}.console_session (user_id)`);
    await runner.query(`CREATE TABLE ${s}.conversation (
      id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      caller_e164 text NOT NULL,
      lead_id uuid NULL,
      stage text NULL,
      human_active boolean NOT NULL DEFAULT false,
      taken_over_by text NULL,
      opted_out boolean NOT NULL DEFAULT false,
      urgent boolean NOT NULL DEFAULT false,
      urgency text NULL,
      intent text NULL,
      need text NULL,
      facts jsonb NOT NULL DEFAULT '{}'::jsonb,
      missed_call_reason text NULL,
      first_text_outcome text NULL,
      first_text_reason text NULL,
      callback_due_at timestamptz NULL,
      last_preview text NULL,
      last_activity_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_conversation PRIMARY KEY (id),
      CONSTRAINT uq_conversation_caller UNIQUE (location_id, caller_e164)
    )`);
    await runner.query(`CREATE INDEX ix_conversation_tenant_activity ON ${s}.conversation (tenant_id, last_activity_at DESC)`);
    await runner.query(`CREATE INDEX ix_conversation_lead ON ${s}.conversation (lead_id) WHERE lead_id IS NOT NULL`);
    await runner.query(`CREATE TABLE ${s}.conversation_entry (
      id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      kind text NOT NULL,
      occurred_at timestamptz NOT NULL,
      actor text NULL,
      body text NULL,
      command_id uuid NULL,
      status text NULL,
      reason text NULL,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      CONSTRAINT pk_conversation_entry PRIMARY KEY (id),
      CONSTRAINT fk_conversation_entry_conversation FOREIGN KEY (conversation_id) REFERENCES ${s}.conversation (id) ON DELETE CASCADE
    )`);
    await runner.query(`CREATE INDEX ix_conversation_entry_conversation ON ${s}.conversation_entry (conversation_id, occurred_at)`);
    await runner.query(`CREATE UNIQUE INDEX uq_conversation_entry_command ON ${s}.conversation_entry (conversation_id, command_id) WHERE command_id IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const schema = migrationSchemaOf(runner);
    const s = quoteSchema(schema);
    await runner.query(`DROP TABLE ${s}.conversation_entry`);
    await runner.query(`DROP TABLE ${s}.conversation`);
    await runner.query(`DROP TABLE ${s}.console_session`);
    await runner.query(`DROP TABLE ${s}.console_user`);
    await dropLocationDirectory(runner, schema);
    await dropOutboxDeadLetters(runner, schema);
    await dropOutboxAndInbox(runner, schema);
  }
}
