import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leadCreatedV1 } from '@textback/contracts';
import { PgliteRelationalStore, runMigrations, TypeormTransactionRunner } from '@textback/persistence';
import { type DataSource } from 'typeorm';
import { leadCrmService } from '../../src/lead-crm.definition';
import { LEAD_ACTIVITY_GROUP, LeadActivityService } from '../../src/modules/leads/lead-activity.service';
import { LeadEventPublisher } from '../../src/modules/leads/lead-event.publisher';
import { LeadRepository } from '../../src/modules/leads/lead.repository';
import { TaskRepository } from '../../src/modules/leads/task.repository';
import { TimelineRepository } from '../../src/modules/leads/timeline.repository';
import { RecordCallUsecase } from '../../src/modules/leads/usecases/record-call/record-call.usecase';
import { parseFranchiseManifest } from '../../src/modules/tenants/franchise-manifest.util';
import { TenantApplyService } from '../../src/modules/tenants/tenant-apply.service';
import { TenantRepository } from '../../src/modules/tenants/tenant.repository';
import { WebhookRepository } from '../../src/modules/webhooks/webhook.repository';
import { crmEvents } from '../factories/crm-event.factory';

const EXAMPLE = join(__dirname, '../../../../deploy/examples/franchise.yaml');
const schema = leadCrmService.schema;

/**
 * lead-crm's real repositories and use cases on the embedded relational store: a franchise apply (advisory transaction
 * lock, upserts, outbox) and a burst of missed calls from many callers, each delivered twice and all at once, as the
 * consumers of one process would on PGlite's one session.
 */
describe('lead-crm on PGlite: tenants apply and missed calls to leads, each event once', () => {
  let dir: string;
  let store: PgliteRelationalStore;
  let ds: DataSource;
  let runner: TypeormTransactionRunner;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'textback-pglite-crm-'));
    store = await PgliteRelationalStore.open({ dataDir: join(dir, 'pglite') });
    ds = await store.createDataSource({ schema, applicationName: 'it-crm-pglite', migrations: leadCrmService.migrations }).initialize();
    await runMigrations(ds, schema);
    runner = new TypeormTransactionRunner(ds, schema);
  }, 300_000);

  afterAll(async () => {
    await ds?.destroy();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies the example franchise, and re-applying it changes nothing', async () => {
    const manifest = parseFranchiseManifest(readFileSync(EXAMPLE, 'utf8'), EXAMPLE);
    const apply = () => new TenantApplyService(runner, new TenantRepository(schema)).apply(manifest);
    const [first, concurrent] = await Promise.all([apply(), apply()]);
    expect(first.locations.length).toBeGreaterThan(1);
    expect(concurrent.locations.map((l) => l.outcome)).toEqual(first.locations.map(() => 'unchanged'));
    const again = await apply();
    expect(again.locations.map((l) => l.outcome)).toEqual(first.locations.map(() => 'unchanged'));
  });

  it('turns 15 callers\' missed calls, each delivered twice and all at once, into 15 leads with one lead.created each', async () => {
    const [location] = (await ds.query(`SELECT id, tenant_id FROM ${schema}.locations ORDER BY slug LIMIT 1`)) as [{ id: string; tenant_id: string }];
    const activity = new LeadActivityService(new LeadRepository(schema), new TimelineRepository(schema), new TaskRepository(schema), new LeadEventPublisher(new WebhookRepository(schema)));
    const calls = new RecordCallUsecase(activity);
    const callers = Array.from({ length: 15 }, (_, i) => `+1720555${String(1000 + i)}`);
    const events = callers.map((caller) =>
      crmEvents.callMissed({ tenantId: location.tenant_id, locationId: location.id, correlationId: randomUUID(), at: new Date('2026-12-04T16:00:00Z') }, caller, '+13035550100', randomUUID()),
    );
    // As the batch consumer applies a record: its inbox claim and the use case in one transaction.
    await Promise.all([...events, ...events].map((e) => runner.runOnce(LEAD_ACTIVITY_GROUP, e, (tx) => calls.callMissed(tx, e))));

    const leads = (await ds.query(
      `SELECT c.e164, l.stage, l.source FROM ${schema}.leads l JOIN ${schema}.contacts c ON c.id = l.contact_id WHERE l.location_id = $1 ORDER BY c.e164`,
      [location.id],
    )) as { e164: string; stage: string; source: string }[];
    expect(leads).toEqual(callers.map((e164) => ({ e164, stage: 'new', source: 'missed_call' })));
    const created = (await ds.query(`SELECT count(*)::int AS n FROM ${schema}.outbox WHERE topic = $1`, [leadCreatedV1.topic])) as [{ n: number }];
    expect(created[0].n).toBe(callers.length);
    const claimed = (await ds.query(`SELECT count(*)::int AS n FROM ${schema}.inbox WHERE consumer_group = $1`, [LEAD_ACTIVITY_GROUP])) as [{ n: number }];
    expect(claimed[0].n).toBe(callers.length);
    const timeline = (await ds.query(`SELECT count(*)::int AS n FROM ${schema}.timeline_entries WHERE kind = 'call_missed'`)) as [{ n: number }];
    expect(timeline[0].n).toBe(callers.length);
  });
});
