import { quoteSchema } from '@textback/persistence';
import { createLocationDirectory, dropLocationDirectory } from '@textback/platform';
import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationSchema } from '../migration-schema.util';

/**
 * The conversation state per location and caller (one row per `(location_id, caller_e164)`;
 * a new missed call after a finished conversation starts a new `conversation_id` in the same
 * row), and the location read model (LocationDirectory).
 */
export class CreateConversations1764460000000 implements MigrationInterface {
  name = 'CreateConversations1764460000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = quoteSchema(migrationSchema(runner));
    await runner.query(`CREATE TABLE ${s}.conversation (
      conversation_id uuid NOT NULL,
      tenant_id uuid NOT NULL,
      location_id uuid NOT NULL,
      caller_e164 text NOT NULL,
      call_id uuid NULL,
      correlation_id text NOT NULL,
      state text NOT NULL,
      paused boolean NOT NULL DEFAULT false,
      opted_out boolean NOT NULL DEFAULT false,
      facts jsonb NOT NULL DEFAULT '{}'::jsonb,
      asked jsonb NOT NULL DEFAULT '[]'::jsonb,
      bot_messages integer NOT NULL DEFAULT 0,
      inbound_messages integer NOT NULL DEFAULT 0,
      stalled_turns integer NOT NULL DEFAULT 0,
      urgent_notified boolean NOT NULL DEFAULT false,
      handoff_requested boolean NOT NULL DEFAULT false,
      last_offer_id uuid NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_conversation PRIMARY KEY (conversation_id),
      CONSTRAINT uq_conversation_location_caller UNIQUE (location_id, caller_e164),
      CONSTRAINT ck_conversation_state CHECK (state IN ('first_text_sent','engaged','qualified','booking_offered','booked','callback_scheduled','handed_off','closed'))
    )`);
    await runner.query(`CREATE INDEX ix_conversation_tenant_location ON ${s}.conversation (tenant_id, location_id)`);
    await createLocationDirectory(runner, migrationSchema(runner));
  }

  async down(runner: QueryRunner): Promise<void> {
    await dropLocationDirectory(runner, migrationSchema(runner));
    await runner.query(`DROP TABLE ${quoteSchema(migrationSchema(runner))}.conversation`);
  }
}
