import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { type Logger } from 'pino';
import { type KafkaOptions } from './kafka.options';
import { fixKafkajsIdleLoop } from './kafkajs-idle-loop.fix';

/**
 * Creates a kafkajs client whose logs go to pino (kafkajs INFO chatter is logged at debug), with kafkajs's idle 1 ms
 * timer loop fixed first ({@link fixKafkajsIdleLoop}; `fixIdleLoop: false` leaves kafkajs as it is, for comparisons).
 */
export function createKafkaClient(options: Pick<KafkaOptions, 'clientId' | 'brokers'> & { fixIdleLoop?: boolean }, logger: Logger): Kafka {
  if (options.fixIdleLoop ?? true) fixKafkajsIdleLoop();
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      const child = { kafka: entry.namespace, ...extra };
      switch (entry.level) {
        case logLevel.ERROR:
          logger.error(child, message);
          break;
        case logLevel.WARN:
          logger.warn(child, message);
          break;
        case logLevel.INFO:
        case logLevel.DEBUG:
        case logLevel.NOTHING:
          logger.debug(child, message);
          break;
      }
    },
  });
}
