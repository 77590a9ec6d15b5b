export * from './twilio-stand-in';
export * from './twilio-stand-in.types';
