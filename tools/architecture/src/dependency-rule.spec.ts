import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { applyKnownExceptions, findViolations, type KnownException, layerOf } from './dependency-rule';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The imports that break the rule today and are kept on purpose until their own change: each is a behaviour change,
 * not a move. The test fails when one of them disappears, so the list only shrinks.
 */
const KNOWN_EXCEPTIONS: readonly KnownException[] = [
  {
    file: 'libs/persistence/src/database-wakeups.ts',
    imported: 'libs/persistence/src/adapters/postgres/counted-pg',
    reason: 'DatabaseWakeups opens its own LISTEN connection on PostgreSQL; the PGlite store hands it a listener instead. Splitting the PostgreSQL listener into adapters/postgres is a change of its own.',
  },
  {
    file: 'libs/persistence/src/migration-runner.ts',
    imported: 'libs/persistence/src/adapters/postgres/advisory-migration-lock',
    reason: 'runMigrations falls back to the advisory lock when the caller passes no store lock (CLI and tests on PostgreSQL).',
  },
  {
    file: 'libs/persistence/src/outbox-relay.ts',
    imported: 'libs/bus/src/adapters/kafka',
    reason: 'the outbox relay is the Kafka adapter\'s producer side and reads the outbox tables it shares with the inbox; it runs only in the distributed mode.',
  },
  {
    file: 'libs/persistence/src/typeorm-transaction-runner.ts',
    imported: 'libs/bus/src/adapters/kafka',
    reason: 'an outbox row is stored as the Kafka record it will become (toKafkaRecord: key, headers, value); the record shape has no kafkajs import but lives with the Kafka adapter.',
  },
  {
    file: 'services/console/src/modules/inbox/inbox-change.feed.ts',
    imported: 'pg',
    reason: 'the live inbox feed LISTENs on a PostgreSQL connection of its own (the store\'s notifications in the embedded mode); a listen port on RelationalStore for both modes would replace it.',
  },
  {
    file: 'services/scheduling/src/modules/dispatch/dispatch.service.ts',
    imported: 'bandwidth-sdk',
    reason: 'answerBxml renders the page call\'s answer in Bandwidth BXML; it belongs behind the VoicePager port (a render method), a change of the port.',
  },
  ...['services/telephony-ingest/src/modules/calls/callback-spool-replay.worker.ts', 'services/telephony-ingest/src/modules/calls/voice-webhook-replay.worker.ts'].flatMap((file) =>
    ['bandwidth/bandwidth-voice.adapter', 'twilio/twilio-voice.adapter'].map((adapter) => ({
      file,
      imported: `services/telephony-ingest/src/modules/calls/adapters/${adapter}`,
      reason: 'the replay workers inject each carrier adapter by its class to pick one per stored webhook; a VoiceProviderAdapter list token would replace both.',
    })),
  ),
];

/** Writes `files` (repository path -> source) into a fresh directory with a tsconfig.json carrying the project's aliases. */
function fixtureRepository(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dependency-rule-'));
  const paths = { '@textback/kafka': ['libs/bus/src/adapters/kafka'], '@textback/bus': ['libs/bus/src'] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths } }));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return dir;
}

describe('the dependency rule of the folder layout (docs/architecture.md, "Folder layout")', () => {
  it('holds in the repository: no port or domain file imports an infrastructure package or an adapter folder, beyond the known exceptions', () => {
    const { unexpected, stale } = applyKnownExceptions(findViolations(ROOT), KNOWN_EXCEPTIONS);
    expect(unexpected).toEqual([]);
    expect(stale).toEqual([]);
  });

  it('tells ports, adapters, wiring and domain apart by path', () => {
    expect(layerOf('libs/persistence/src/port/relational-store.port.ts')).toBe('port');
    expect(layerOf('libs/bus/src/adapters/kafka/contract-kafka.server.ts')).toBe('adapter');
    expect(layerOf('services/messaging/src/modules/carrier/adapters/twilio/twilio-sms.carrier.ts')).toBe('adapter');
    expect(layerOf('services/messaging/src/modules/messaging.module.ts')).toBe('wiring');
    expect(layerOf('libs/persistence/src/relational-store.factory.ts')).toBe('wiring');
    expect(layerOf('services/messaging/src/modules/carrier/provider-routed.carrier.ts')).toBe('domain');
  });

  it('fails on planted violations of every kind, and lets adapters and wiring import what they need', () => {
    const dir = fixtureRepository({
      'services/demo/src/modules/calls/calls.service.ts': [
        "import { Kafka } from 'kafkajs';",
        "import { Client } from 'pg';",
        "import type { PGlite } from '@electric-sql/pglite/worker';",
        "import { Payload, ClientKafka } from '@nestjs/microservices';",
        "import { TwilioSms } from './adapters/twilio/twilio-sms.carrier';",
        "import { ContractKafkaServer } from '@textback/kafka';",
        "import { ConsumeEvent } from '@textback/bus';",
        "const chdb = require('chdb');",
        "export const lazy = () => import('@clickhouse/client');",
        "import { ChatOpenAI } from '@langchain/openai';",
        "import { type BaseMessage } from '@langchain/core/messages';",
      ].join('\n'),
      'services/demo/src/modules/calls/port/sms.port.ts': "import twilio from 'twilio';\nexport { twilio };\n",
      'services/demo/src/modules/calls/adapters/twilio/twilio-sms.carrier.ts': "import { Twilio } from 'twilio';\nexport class TwilioSms { constructor(readonly t: Twilio) {} }\n",
      'services/demo/src/modules/calls/adapters/openai/openai-triage.model.ts': "import { ChatOpenAI } from '@langchain/openai';\nexport { ChatOpenAI };\n",
      'services/demo/src/modules/calls/calls.module.ts': "import { TwilioSms } from './adapters/twilio/twilio-sms.carrier';\nexport { TwilioSms };\n",
      'services/demo/src/modules/calls/calls.service.spec.ts': "import { Kafka } from 'kafkajs';\n",
    });
    try {
      const found = findViolations(dir).map((v) => `${v.file} -> ${v.imported}`);
      expect(found).toEqual([
        'services/demo/src/modules/calls/calls.service.ts -> kafkajs',
        'services/demo/src/modules/calls/calls.service.ts -> pg',
        'services/demo/src/modules/calls/calls.service.ts -> @electric-sql/pglite',
        'services/demo/src/modules/calls/calls.service.ts -> services/demo/src/modules/calls/adapters/twilio/twilio-sms.carrier',
        'services/demo/src/modules/calls/calls.service.ts -> libs/bus/src/adapters/kafka',
        'services/demo/src/modules/calls/calls.service.ts -> chdb',
        'services/demo/src/modules/calls/calls.service.ts -> @clickhouse/client',
        'services/demo/src/modules/calls/calls.service.ts -> @langchain/openai',
        'services/demo/src/modules/calls/calls.service.ts -> @langchain/core',
        'services/demo/src/modules/calls/calls.service.ts -> @nestjs/microservices#ClientKafka',
        'services/demo/src/modules/calls/port/sms.port.ts -> twilio',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
