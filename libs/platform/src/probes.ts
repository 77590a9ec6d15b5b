import { type ContractKafkaServer, type KafkaRecordProducer } from '@textback/kafka';
import { type ReadinessProbe } from '@textback/observability';
import { type OutboxRelay } from '@textback/persistence';
import { type DataSource } from 'typeorm';

/** Readiness: the database answers `SELECT 1`. */
export function databaseProbe(dataSource: DataSource): ReadinessProbe {
  return {
    name: 'database',
    check: async () => {
      await dataSource.query('SELECT 1');
    },
  };
}

/** Readiness: the producer is connected and (if the service consumes) the consumer runs. */
export function kafkaProbe(producer: KafkaRecordProducer, server: ContractKafkaServer | undefined): ReadinessProbe {
  return {
    name: 'kafka',
    check: async () => {
      if (!producer.isConnected) throw new Error('producer not connected');
      if (server && !['connected', 'rebalancing'].includes(server.consumerState)) throw new Error(`consumer ${server.consumerState}`);
    },
  };
}

/** Readiness: the outbox relay loop is running. */
export function outboxProbe(relay: OutboxRelay): ReadinessProbe {
  return {
    name: 'outbox',
    check: async () => {
      if (!relay.isRunning) throw new Error('outbox relay not running');
    },
  };
}
