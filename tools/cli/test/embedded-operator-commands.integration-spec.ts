import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUS_SCHEMA, CreateBusTables1798000000000 } from '@textback/bus';
import { PgliteRelationalStore, runMigrations } from '@textback/persistence';
import { startCarrierForHost } from '../../../hosts/single-process/test/utils/carrier-stand-in';
import { cliWithEnv, startHost, stopHost } from '../../../hosts/single-process/test/utils/single-process-host';
import { demoFranchise } from '../../demo/src/demo-franchise';
import { SERVICES } from '../src/service-registry';
import { onPglite, type Query } from './utils/embedded-shop';

/**
 * `textback sso` and `textback dead-letters` on an embedded data directory, with the built CLI as an operator runs it
 * (PGlite only: no lock needed). The directory is made with `migrate all` and `tenants apply` of the demo franchise.
 * sso: set (refused first by the rules, then saved), show and remove on the directory named by `--data-dir` (the
 * environment's TEXTBACK_DATA_DIR pointing elsewhere), each audited; refused while a process holds the directory.
 * dead-letters: the in-process bus's dead letters (`bus.dead_letters`, in a bus schema one migration behind, as a
 * directory last run by an older release) and a dead outbox row are listed per service; a replay marks the bus row
 * for the next start and makes the outbox row pending; then the real single process starts on the directory, applies
 * the replayed event for that consumer group and deletes its row, leaving the dead letter nobody asked to replay.
 */
describe('textback sso and dead-letters on an embedded data directory', () => {
  const work = mkdtempSync(join(tmpdir(), 'textback-cli-embedded-'));
  const dataDir = join(work, 'data');
  /** TEXTBACK_DATA_DIR of the commands that name the directory with --data-dir: an empty place, so a fallback shows. */
  const elsewhere = join(work, 'elsewhere');
  const franchise = demoFranchise(String(6000 + Math.floor(Math.random() * 3000)));
  const run = (...args: string[]) => cliWithEnv(elsewhere, { TEXTBACK_OPERATOR: 'it-operator' }, ...args, '--data-dir', dataDir);
  /** A process (this one) holds the directory while `work` runs, as the single process does. */
  const whileHeld = async <T>(work: () => Promise<T>): Promise<T> => {
    const lockFile = join(dataDir, 'pglite.lock');
    writeFileSync(lockFile, String(process.pid));
    try {
      return await work();
    } finally {
      rmSync(lockFile, { force: true });
    }
  };

  beforeAll(async () => {
    const manifest = join(work, 'franchise.yaml');
    writeFileSync(manifest, franchise.manifestYaml);
    const migrated = await cliWithEnv(dataDir, {}, 'migrate', 'all');
    if (migrated.code !== 0) throw new Error(`migrate: ${migrated.output}`);
    const applied = await cliWithEnv(dataDir, {}, 'tenants', 'apply', '-f', manifest);
    if (applied.code !== 0) throw new Error(`tenants apply: ${applied.output}`);
    // The bus schema as an older release left it (its first migration only), where the dead letters are written below.
    const store = await PgliteRelationalStore.open({ dataDir: join(dataDir, 'pglite') });
    try {
      const ds = await store.createDataSource({ schema: BUS_SCHEMA, applicationName: 'it-older-bus', migrations: [CreateBusTables1798000000000] }).initialize();
      try {
        await runMigrations(ds, BUS_SCHEMA);
      } finally {
        await ds.destroy();
      }
    } finally {
      await store.close();
    }
  }, 300_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('sets, shows and removes a tenant\'s identity provider on the directory of --data-dir, audited; refused while a process holds it', async () => {
    const held = await whileHeld(() => run('sso', 'show', '--tenant', franchise.slug));
    expect(held.code).toBe(1);
    expect(held.output).toContain(`is in use by process ${process.pid}`);
    const empty = await cliWithEnv(elsewhere, {}, 'sso', 'show', '--tenant', franchise.slug);
    expect(empty.code).toBe(2);
    expect(empty.output).toContain(`no embedded database in ${elsewhere}`);

    const declare = ['sso', 'set', '--tenant', franchise.slug, '--client-id', 'console-at-shop', '--client-secret-env', 'OIDC_CLIENT_SECRET_SHOP', '--email-domains', 'shop.example', '--name', 'Shop SSO'];
    const refused = await run(...declare, '--issuer', 'http://idp.shop.example');
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('issuer: must be https');
    const set = await run(...declare, '--issuer', 'https://idp.shop.example');
    expect(set).toMatchObject({ code: 0 });
    expect(set.output).toContain(`tenant ${franchise.slug} signs in shop.example at https://idp.shop.example (client console-at-shop, secret from OIDC_CLIENT_SECRET_SHOP), revision 1`);
    const shown = await run('sso', 'show', '--tenant', franchise.slug);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.output)).toMatchObject({ tenantSlug: franchise.slug, issuer: 'https://idp.shop.example', clientId: 'console-at-shop', emailDomains: ['shop.example'], providerName: 'Shop SSO', revision: 1 });

    const removed = await run('sso', 'remove', '--tenant', franchise.slug);
    expect(removed).toMatchObject({ code: 0 });
    expect(removed.output).toContain(`removed tenant ${franchise.slug}'s identity provider`);
    expect((await run('sso', 'show', '--tenant', franchise.slug)).output).toContain(`tenant ${franchise.slug} has no identity provider`);
    const audit = await onPglite(dataDir, (q) => q(`SELECT a.action, a.changed_by, a.after->>'issuer' AS after_issuer FROM console.tenant_identity_provider_audit a ORDER BY a.changed_at`));
    expect(audit).toEqual([
      { action: 'set', changed_by: 'it-operator', after_issuer: 'https://idp.shop.example' },
      { action: 'remove', changed_by: 'it-operator', after_issuer: null },
    ]);
  });

  it('lists the bus\'s dead letters and a dead outbox row per service, replays them (the bus row at the next start), and the single process applies it', async () => {
    // An event lead-crm published (tenants apply) and another service consumes: what that group gave up on, as the bus
    // writes it; a second group's dead letter nobody replays; a messaging outbox row given up on.
    const seeded = await onPglite(dataDir, async (q: Query) => {
      const rows = (await q(`SELECT seq::text AS seq, topic, value FROM crm.outbox ORDER BY seq`)) as { seq: string; topic: string; value: string }[];
      const consumer = (row: { topic: string }) => SERVICES.find((s) => s.name !== 'lead-crm' && s.consumes.some((c) => c.topic === row.topic));
      const row = rows.find((r) => consumer(r));
      if (!row) throw new Error('no lead-crm outbox row that another service consumes');
      const group = consumer(row)!.name;
      const other = SERVICES.find((s) => s.name !== group && s.name !== 'lead-crm' && s.consumes.some((c) => c.topic === row.topic)) ?? SERVICES.find((s) => s.name !== group)!;
      const insert = `INSERT INTO bus.dead_letters (consumer_group, producer_schema, outbox_seq, topic, event_id, value, reason, error, attempts)
                      VALUES ($1, 'crm', $2, $3, $4, $5, $6, $7, $8) RETURNING id::text AS id`;
      const eventId = (JSON.parse(row.value) as { id: string }).id;
      const [replayed] = (await q(insert, [group, row.seq, row.topic, eventId, row.value, 'retries_exhausted', 'TypeError: boom', 5])) as { id: string }[];
      const [kept] = (await q(insert, [other.name, row.seq, row.topic, eventId, row.value, 'handler', 'RangeError: bad', 1])) as { id: string }[];
      await q(`INSERT INTO messaging.outbox (id, topic, key, value, attempts, last_error, dead_lettered_at) VALUES (gen_random_uuid(), 'messaging.it.probe.v1', 'k', '{}', 5, 'too slow', now())`);
      const [outbox] = (await q(`SELECT id::text AS id FROM messaging.outbox WHERE dead_lettered_at IS NOT NULL`)) as { id: string }[];
      return { group, other: other.name, row, replayed: `bus:${replayed!.id}`, kept: `bus:${kept!.id}`, outbox: `outbox:${outbox!.id}` };
    });
    expect(seeded.group).not.toBe(seeded.other);

    const held = await whileHeld(() => run('dead-letters', 'list'));
    expect(held.code).toBe(1);
    expect(held.output).toContain(`is in use by process ${process.pid}`);

    // Without --data-dir and DATABASE_URL: TEXTBACK_DATA_DIR.
    const listed = await cliWithEnv(dataDir, {}, 'dead-letters', 'list');
    expect(listed.code).toBe(0);
    // The rows are tab-separated on stdout; the summary line (stderr, also in `output`) has no tab.
    const rowsOf = (output: string) => output.trim().split('\n').filter((l) => l.includes('\t')).map((l) => l.split('\t'));
    const lines = rowsOf(listed.output);
    expect(listed.output).toMatch(/^3 dead letter\(s\), 3 replayable /m);
    expect(lines.map((l) => [l[0], l[1], l[2], l[3], l[4], l[6]])).toEqual(
      expect.arrayContaining([
        [seeded.group, seeded.replayed, 'bus', 'retries_exhausted', 'attempts=5', 'replayable'],
        [seeded.other, seeded.kept, 'bus', 'handler', 'attempts=1', 'replayable'],
        ['messaging', seeded.outbox, 'outbox', 'retries_exhausted', 'attempts=5', 'replayable'],
      ]),
    );
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l[1] === seeded.replayed)?.[7]).toBe(`${seeded.group} <- crm#${seeded.row.seq} topic ${seeded.row.topic}: TypeError: boom`);
    expect(rowsOf((await run('dead-letters', 'list', '--service', seeded.group)).output).map((l) => l[1])).toEqual([seeded.replayed]);

    // Another service's id is not this service's; Kafka ids have no place here.
    const foreign = await run('dead-letters', 'replay', '--service', seeded.other, '--id', seeded.replayed);
    expect(foreign.code).toBe(1);
    expect(foreign.output).toContain('no such dead letter');
    expect((await run('dead-letters', 'replay', '--service', seeded.group, '--id', 'kafka:x.dlq:0:1')).output).toContain('the embedded mode has no Kafka dead letters');

    const replayed = await run('dead-letters', 'replay', '--service', seeded.group, '--id', seeded.replayed);
    expect(replayed.code).toBe(0);
    expect(replayed.output).toContain(`replayed\t${seeded.replayed}`);
    expect(replayed.output).toContain('applied when the single process next starts');
    // By id: `--all` would take the service's bus dead letters too (the kept one may be messaging's).
    const outbox = await run('dead-letters', 'replay', '--service', 'messaging', '--id', seeded.outbox);
    expect(outbox.output).toContain(`replayed\t${seeded.outbox}`);
    const after = await run('dead-letters', 'list');
    expect(after.code).toBe(0);
    expect(rowsOf(after.output).map((l) => l[1])).toEqual([seeded.kept]);

    // The single process starts: the group's bus server applies the replayed event and deletes its row.
    const { carrier, env } = await startCarrierForHost();
    try {
      const host = await startHost(dataDir, env);
      const stopped = await stopHost(host.child);
      expect(stopped).toBe(0);
    } finally {
      await carrier.stop();
    }
    expect(await onPglite(dataDir, (q) => q(`SELECT id::text AS id, consumer_group, reason, replay_requested_at FROM bus.dead_letters ORDER BY id`))).toEqual([
      { id: seeded.kept.slice('bus:'.length), consumer_group: seeded.other, reason: 'handler', replay_requested_at: null },
    ]);
  }, 300_000);

});
