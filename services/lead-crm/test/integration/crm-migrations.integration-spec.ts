import { createServiceDataSource, quoteSchema, revertMigrations, runMigrations } from '@textback/persistence';
import { loadStackEnv, uniqueSchemaName } from '@textback/testing';
import { leadCrmService } from '../../src/lead-crm.definition';

const stack = loadStackEnv();

describe('lead-crm migrations', () => {
  it('apply on an empty schema and roll back to nothing', async () => {
    const schema = uniqueSchemaName('crm_mig');
    const ds = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-crm-migrations', migrations: leadCrmService.migrations, poolSize: 2 }).initialize();
    const tables = async () =>
      ((await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations' ORDER BY 1`, [schema])) as { table_name: string }[]).map((r) => r.table_name);
    try {
      const applied = await runMigrations(ds, schema);
      expect(applied.applied).toEqual(['CreateOutboxInbox1764450000000', 'CreateCrmModel1764460000000', 'AddOutboxDeadLetters1764495000000', 'WebhookDeadState1796342128569', 'AddTenantOptOutScope1796400000000', 'AddVerticalsAndUrgentServices1797100000000', 'AddBookingHours1797200000000', 'AddLocationAnswerConfirmation1797500000001', 'AddLocationSettingsAudit1797620000000', 'AddWebhookDeliveryWakeup1797800100000', 'WebhookDeliveryWakeupOnlyWhenRows1798200000000']);
      expect(await tables()).toEqual(
        expect.arrayContaining(['tenants', 'regions', 'locations', 'location_services', 'on_call_members', 'phone_numbers', 'sending_numbers', 'users', 'contacts', 'leads', 'timeline_entries', 'tasks', 'webhook_subscriptions', 'webhook_deliveries', 'webhook_delivery_attempts', 'outbox', 'inbox']),
      );
      const scopeColumn = async () =>
        ((await ds.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'tenants' AND column_name = 'opt_out_scope'`, [schema])) as unknown[]).length;
      expect(await scopeColumn()).toBe(1);
      const verticalColumns = async () =>
        ((await ds.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND column_name IN ('vertical', 'country_code', 'urgent', 'urgent_symptoms')`, [schema])) as unknown[]).length;
      expect(await verticalColumns()).toBe(5);
      const wakeupTrigger = async () =>
        ((await ds.query(`SELECT 1 FROM information_schema.triggers WHERE trigger_schema = $1 AND event_object_table = 'webhook_deliveries' AND trigger_name = 'tg_webhook_deliveries_wakeup_webhook_delivery'`, [schema])) as unknown[]).length;
      expect(await wakeupTrigger()).toBe(1);
      // 1798200000000: the trigger reads its transition table and NOTIFYs only when the INSERT queued rows; reverted, it NOTIFYs on every INSERT again.
      const wakeupOnlyWhenRows = async () =>
        ((await ds.query(`SELECT pg_get_triggerdef(t.oid) AS def FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND t.tgname = 'tg_webhook_deliveries_wakeup_webhook_delivery'`, [schema])) as { def: string }[])[0]?.def.includes('REFERENCING NEW TABLE') ?? false;
      expect(await wakeupOnlyWhenRows()).toBe(true);
      expect((await revertMigrations(ds, schema, 1)).applied).toEqual(['WebhookDeliveryWakeupOnlyWhenRows1798200000000']);
      expect(await wakeupTrigger()).toBe(1);
      expect(await wakeupOnlyWhenRows()).toBe(false);
      expect((await revertMigrations(ds, schema, 1)).applied).toEqual(['AddWebhookDeliveryWakeup1797800100000']);
      expect(await wakeupTrigger()).toBe(0);
      const auditTable = async () => (await tables()).includes('location_settings_audit');
      const roleCheck = async () =>
        ((await ds.query(`SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 AND c.conname = 'ck_users_role'`, [schema])) as { def: string }[])[0]?.def ?? '';
      expect(await auditTable()).toBe(true);
      expect(await roleCheck()).toContain('location_manager');
      expect((await revertMigrations(ds, schema, 1)).applied).toEqual(['AddLocationSettingsAudit1797620000000']);
      expect(await auditTable()).toBe(false);
      expect(await roleCheck()).not.toContain('location_manager');
      const answerConfirmationColumn = async () =>
        ((await ds.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'locations' AND column_name = 'answer_confirmation'`, [schema])) as unknown[]).length;
      expect(await answerConfirmationColumn()).toBe(1);
      expect((await revertMigrations(ds, schema, 1)).applied).toEqual(['AddLocationAnswerConfirmation1797500000001']);
      expect(await answerConfirmationColumn()).toBe(0);
      const bookingColumns = async () =>
        ((await ds.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND column_name IN ('booking_hours', 'lead_time_minutes', 'travel_buffer_minutes')`, [schema])) as unknown[]).length;
      expect(await bookingColumns()).toBe(4);
      expect((await revertMigrations(ds, schema, 1)).applied).toEqual(['AddBookingHours1797200000000']);
      expect(await bookingColumns()).toBe(0);
      expect((await revertMigrations(ds, schema, 1)).applied).toEqual(['AddVerticalsAndUrgentServices1797100000000']);
      expect(await verticalColumns()).toBe(0);
      expect((await revertMigrations(ds, schema, 1)).applied).toEqual(['AddTenantOptOutScope1796400000000']);
      expect(await scopeColumn()).toBe(0);
      const reverted = await revertMigrations(ds, schema, 4);
      expect(reverted.applied).toEqual(['WebhookDeadState1796342128569', 'AddOutboxDeadLetters1764495000000', 'CreateCrmModel1764460000000', 'CreateOutboxInbox1764450000000']);
      expect(await tables()).toEqual([]);
      expect((await runMigrations(ds, schema)).applied).toHaveLength(11);
    } finally {
      await ds.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
      await ds.destroy();
    }
  });
});
