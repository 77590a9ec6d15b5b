export * from './stack-env';
export * from './poll-until';
export * from './unique-names';
export * from './topic-recorder';
export * from './probe-contract';
export * from './bandwidth-stand-in';
export * from './caller';
export * from './twilio-stand-in';
