import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { type Logger } from 'pino';
import { type KafkaOptions } from './kafka.options';
import { fixKafkajsIdleLoop } from './kafkajs-idle-loop.fix';
import { timeKafkajsRequestTimeoutsAtDeadline } from './kafkajs-request-timeout.fix';

/**
 * Creates a kafkajs client whose logs go to pino (kafkajs INFO chatter is logged at debug), with kafkajs's idle
 * wake-ups fixed first: its 1 ms timer loop ({@link fixKafkajsIdleLoop}; `fixIdleLoop: false` leaves it, for
 * comparisons) and its 100 ms request-timeout check per connection, replaced by a timer at the earliest deadline of the
 * requests in flight ({@link timeKafkajsRequestTimeoutsAtDeadline}; `requestTimeoutAtDeadline: false` leaves it).
 * Both patch kafkajs for the whole process, once: a later client that asks for kafkajs as it is gets it only if no
 * earlier client of the process patched it.
 */
export function createKafkaClient(options: Pick<KafkaOptions, 'clientId' | 'brokers' | 'fixIdleLoop' | 'requestTimeoutAtDeadline'>, logger: Logger): Kafka {
  if (options.fixIdleLoop ?? true) fixKafkajsIdleLoop();
  if (options.requestTimeoutAtDeadline ?? true) timeKafkajsRequestTimeoutsAtDeadline();
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
