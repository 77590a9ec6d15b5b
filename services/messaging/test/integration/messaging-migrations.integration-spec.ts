import { createServiceDataSource, quoteSchema, revertMigrations, runMigrations } from '@textback/persistence';
import { loadStackEnv, uniqueSchemaName } from '@textback/testing';
import { messagingService } from '../../src/messaging.definition';

const stack = loadStackEnv();

describe('messaging migrations', () => {
  it('the consent-review migration applies on top of the others and rolls back to the schema before it', async () => {
    const schema = uniqueSchemaName('messaging_mig');
    const ds = await createServiceDataSource({
      url: stack.DATABASE_URL,
      schema,
      applicationName: 'it-messaging-migrations',
      migrations: messagingService.migrations,
      poolSize: 2,
    }).initialize();
    const has = async (table: string, column?: string) =>
      (
        (await ds.query(
          `SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND ($3::text IS NULL OR column_name = $3)`,
          [schema, table, column ?? null],
        )) as unknown[]
      ).length > 0;
    try {
      const applied = await runMigrations(ds, schema);
      // The consent-review migration and those that follow it (outbox and first-text dead letters, raw webhooks,
      // send-queue leases, raw-webhook dead letters, the location directory's wake-up).
      const after = [
        'AddConsentReview1764490000000',
        'AddOutboxDeadLetters1764495000000',
        'AddFirstTextJobDeadLetters1764496000000',
        'CreateRawWebhookStore1764497000000',
        'AddSendQueueLease1797300000000',
        'AddRawWebhookDeadLetters1797300000100',
        'AddLocationDirectoryWakeup1799000000000',
      ];
      const directoryWakeups = async () =>
        ((await ds.query(`SELECT 1 FROM information_schema.triggers WHERE event_object_schema = $1 AND event_object_table = 'location_directory'`, [schema])) as unknown[]).length;
      expect(applied.applied.slice(-after.length)).toEqual(after);
      expect(await has('consent_review')).toBe(true);
      expect(await has('consent_ledger', 'original_text')).toBe(true);
      expect(await has('consent_ledger', 'resolved_by')).toBe(true);
      expect(await has('outbound_message', 'lease_token')).toBe(true);
      // One statement-level trigger, listed once per event (INSERT, UPDATE).
      expect(await directoryWakeups()).toBe(2);
      expect((await revertMigrations(ds, schema, after.length)).applied).toEqual([...after].reverse());
      expect(await has('consent_review')).toBe(false);
      expect(await has('consent_ledger', 'original_text')).toBe(false);
      expect(await has('raw_webhook')).toBe(false);
      expect(await has('outbound_message', 'lease_token')).toBe(false);
      expect(await directoryWakeups()).toBe(0);
      expect(await has('consent_ledger', 'consent_id')).toBe(true);
      expect((await runMigrations(ds, schema)).applied).toEqual(after);
    } finally {
      await ds.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      await ds.destroy();
    }
  });
});
