import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { baseServiceEnvSchema, parseEnv } from '@textback/config';
import { createEvent, type LocationConfig, locationConfigV1 } from '@textback/contracts';
import { createKafkaClient, toKafkaRecord } from '@textback/kafka';
import { createRootLogger } from '@textback/observability';
import { addOutboxDeadLetters, createOutboxAndInbox, createServiceDataSource, dropOutboxAndInbox, dropOutboxDeadLetters, quoteSchema, runMigrations } from '@textback/persistence';
import {
  addLocationDirectoryWakeup,
  connectContractConsumer,
  createLocationDirectory,
  DATA_SOURCE,
  dropLocationDirectory,
  dropLocationDirectoryWakeup,
  LocationDirectory,
  LocationDirectoryModule,
  ServicePlatformModule,
  type ServiceDefinition,
} from '@textback/platform';
import { expectEventually, loadStackEnv, uniqueSchemaName } from '@textback/testing';
import { Partitioners } from 'kafkajs';
import { type DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';

const stack = loadStackEnv();
const schema = uniqueSchemaName('locdir');

class DirectorySchema1764450000000 implements MigrationInterface {
  name = 'DirectorySchema1764450000000';
  async up(r: QueryRunner) {
    await createOutboxAndInbox(r, schema);
    await createLocationDirectory(r, schema);
  }
  async down(r: QueryRunner) {
    await dropLocationDirectory(r, schema);
    await dropOutboxAndInbox(r, schema);
  }
}

function config(overrides: Partial<LocationConfig> = {}): LocationConfig {
  const n = String(Math.floor(Math.random() * 9_000_000) + 1_000_000);
  return locationConfigV1.data.parse({
    locationId: randomUUID(),
    tenantId: randomUUID(),
    regionId: null,
    revision: 1,
    businessName: 'Acme HVAC',
    locationName: 'Austin',
    timeZone: 'America/Chicago',
    businessHours: { mon: [{ open: '08:00', close: '17:00' }] },
    forwardToE164: `+1512${n}`,
    phoneNumbers: [
      { e164: `+1737${n}`, provider: 'bandwidth', purpose: 'main_line' },
      { e164: `+1888${n}`, provider: 'bandwidth', purpose: 'tracking', trackingSource: 'google-ads' },
    ],
    sendingNumbers: [{ e164: `+1737${n}`, provider: 'bandwidth', campaignStatus: 'registered' }],
    services: [{ serviceId: 'ac-repair', name: 'AC repair', averageTicketCents: 45_000 }],
    ...overrides,
  });
}

describe(LocationDirectory.name, () => {
  let app: INestApplication;
  let directory: LocationDirectory;
  const seeded = config({ locationName: 'Seeded from file' });
  const dir = mkdtempSync(join(tmpdir(), 'locdir-'));
  const seedFile = join(dir, 'locations.yaml');

  beforeAll(async () => {
    writeFileSync(seedFile, `locations:\n  - ${JSON.stringify(seeded)}\n`);
    const definition: ServiceDefinition = { name: `it-locdir-${randomUUID().slice(0, 8)}`, schema, migrations: [DirectorySchema1764450000000], consumes: [locationConfigV1], produces: [] };
    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it', migrations: definition.migrations }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();
    const env = parseEnv('it', baseServiceEnvSchema, { DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, LOG_LEVEL: 'warn' });
    const moduleRef = await Test.createTestingModule({ imports: [ServicePlatformModule.forService(definition, env), LocationDirectoryModule.forRoot({ seedFile })] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    connectContractConsumer(app);
    await app.init();
    await app.startAllMicroservices();
    directory = app.get(LocationDirectory);
  });

  afterAll(async () => {
    const ds = createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it' });
    await app?.close();
    await ds.initialize();
    await ds.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await ds.destroy();
  });

  it('loads locations from a YAML file at boot', async () => {
    expect((await directory.get(seeded.locationId))?.locationName).toBe('Seeded from file');
  });

  it('finds the location of a main line, a tracking number (with its source) and a sending number', async () => {
    const c = config();
    await directory.upsert(c);
    const main = c.phoneNumbers[0]!.e164;
    const tracking = c.phoneNumbers[1]!.e164;
    expect(await directory.findByNumber(main)).toMatchObject({ purpose: 'main_line', config: { locationId: c.locationId } });
    expect(await directory.findByNumber(tracking)).toMatchObject({ purpose: 'tracking', trackingSource: 'google-ads' });
    expect(await directory.findByNumber('+15550000000')).toBeNull();
  });

  it('never lets an older revision overwrite a newer one', async () => {
    const c = config({ revision: 5 });
    expect(await directory.upsert(c)).toBe(true);
    expect(await directory.upsert({ ...c, revision: 4, locationName: 'stale' })).toBe(false);
    expect(await directory.upsert({ ...c, revision: 6, locationName: 'fresh' })).toBe(true);
    const fresh = await directory.get(c.locationId);
    expect(fresh?.locationName).toBe('fresh');
  });

  it('follows crm.location.config.v1 from Kafka: new locations and newer revisions', async () => {
    const c = config();
    const kafka = createKafkaClient({ clientId: 'it-locdir', brokers: stack.KAFKA_BROKERS.split(',') }, createRootLogger('it', 'warn'));
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const publish = async (data: LocationConfig) => {
      const r = toKafkaRecord(locationConfigV1, createEvent(locationConfigV1, { source: '/textback/it', tenantId: data.tenantId, locationId: data.locationId, correlationId: data.locationId }, data));
      await producer.send({ topic: r.topic, messages: [{ key: r.key, value: r.value, headers: r.headers }] });
    };
    await publish(c);
    await expectEventually(async () => expect((await directory.get(c.locationId))?.revision).toBe(1));
    await publish({ ...c, revision: 2, locationName: 'Austin North' });
    await expectEventually(async () => expect((await directory.get(c.locationId))?.locationName).toBe('Austin North'), 20_000, 500);
    await producer.disconnect();
  });

  it('rejects a seed file entry naming the entry and the field', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ ...config(), timeZone: 'Mars/Olympus' }]));
    await expect(directory.seedFromFile(bad)).rejects.toThrow(/location #0: timeZone: must be an IANA time zone/);
  });
  // Last: holds this directory in memory.
  it('held in memory, a reload reuses unchanged locations and takes a row another replica rewrote', async () => {
    const c = config();
    await directory.upsert(c);
    directory.holdInMemory();
    await directory.reload();
    const held = await directory.get(c.locationId);
    expect(held?.locationName).toBe('Austin');
    await directory.reload();
    expect(await directory.get(c.locationId)).toBe(held);
    // Another replica's write at the same revision (the upsert allows it): a new updated_at, so it is parsed again.
    await app
      .get<DataSource>(DATA_SOURCE)
      .query(`UPDATE ${quoteSchema(schema)}.location_directory SET config = jsonb_set(config, '{locationName}', '"Renamed"'), updated_at = now() + interval '1 ms' WHERE location_id = $1`, [c.locationId]);
    await directory.reload();
    expect((await directory.get(c.locationId))?.locationName).toBe('Renamed');
  });
});

describe(`${LocationDirectory.name} held in memory by its module`, () => {
  const memorySchema = uniqueSchemaName('locmem');
  let app: INestApplication;
  let directory: LocationDirectory;
  let replica: DataSource;

  class MemorySchema1764450000000 implements MigrationInterface {
    name = 'MemorySchema1764450000000';
    async up(r: QueryRunner) {
      await createOutboxAndInbox(r, memorySchema);
      await addOutboxDeadLetters(r, memorySchema);
      await createLocationDirectory(r, memorySchema);
      await addLocationDirectoryWakeup(r, memorySchema);
    }
    async down(r: QueryRunner) {
      await dropLocationDirectoryWakeup(r, memorySchema);
      await dropLocationDirectory(r, memorySchema);
      await dropOutboxDeadLetters(r, memorySchema);
      await dropOutboxAndInbox(r, memorySchema);
    }
  }

  beforeAll(async () => {
    const definition: ServiceDefinition = { name: `it-locmem-${randomUUID().slice(0, 8)}`, schema: memorySchema, migrations: [MemorySchema1764450000000], consumes: [], produces: [] };
    replica = await createServiceDataSource({ url: stack.DATABASE_URL, schema: memorySchema, applicationName: 'it-replica', migrations: definition.migrations }).initialize();
    await runMigrations(replica, memorySchema);
    const env = parseEnv('it', baseServiceEnvSchema, { DATABASE_URL: stack.DATABASE_URL, KAFKA_BROKERS: stack.KAFKA_BROKERS, LOG_LEVEL: 'warn' });
    // A refresh of an hour: within the test, only the table's NOTIFY can bring another replica's write in.
    const moduleRef = await Test.createTestingModule({ imports: [ServicePlatformModule.forService(definition, env), LocationDirectoryModule.forRoot({ memory: { refreshMs: 3_600_000 } })] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    directory = app.get(LocationDirectory);
  });

  afterAll(async () => {
    await app?.close();
    await replica?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(memorySchema)} CASCADE`);
    await replica?.destroy();
  });

  it("takes another replica's write at its commit, not at the next refresh", async () => {
    const c = config();
    const main = c.phoneNumbers[0]!.e164;
    expect(directory.ownerInMemory(main)).toBeNull();
    // What another replica's upsert writes (its consumer got the event, this one did not).
    const upsert = (data: LocationConfig) =>
      replica.query(
        `INSERT INTO ${quoteSchema(memorySchema)}.location_directory (location_id, tenant_id, revision, config, updated_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (location_id) DO UPDATE SET revision = EXCLUDED.revision, config = EXCLUDED.config, updated_at = now()`,
        [data.locationId, data.tenantId, data.revision, JSON.stringify(data)],
      );
    await upsert(c);
    await expectEventually(() => expect(directory.ownerInMemory(main)).toMatchObject({ purpose: 'main_line', config: { locationId: c.locationId, revision: 1 } }));
    await upsert({ ...c, revision: 2, locationName: 'Austin North' });
    await expectEventually(() => expect(directory.ownerInMemory(main)?.config.locationName).toBe('Austin North'));
  });
});
