import pino from 'pino';
import { createKafkaClient } from './kafka-client.factory';
import { fixKafkajsIdleLoop } from './kafkajs-idle-loop.fix';

describe(createKafkaClient.name, () => {
  it("fixes kafkajs's idle 1 ms timer loop before any connection of the client exists", () => {
    createKafkaClient({ clientId: 'spec', brokers: ['127.0.0.1:9'] }, pino({ level: 'silent' }));
    expect(fixKafkajsIdleLoop()).toBe('already_patched');
  });
});
