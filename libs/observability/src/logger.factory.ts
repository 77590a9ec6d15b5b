import pino, { type DestinationStream, type Logger } from 'pino';
import { redactingDestination } from './log-redaction';

/**
 * Paths pino redacts in every log line (STYLE.md: authorization headers, phone numbers and
 * message bodies never reach logs). Wildcards match one level; event payloads are logged by
 * id, not by content.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'req.body',
  'res.headers["set-cookie"]',
  'body',
  'text',
  'from',
  'to',
  'phone',
  'phoneE164',
  'callerE164',
  'callerRaw',
  '*.body',
  '*.text',
  '*.from',
  '*.to',
  '*.phone',
  '*.phoneE164',
  '*.callerE164',
  '*.callerRaw',
  '*.password',
  '*.secret',
  '*.token',
];

/**
 * Creates the JSON root logger of a service: `service` on every line, errors as `err`. Writes
 * synchronously to stdout (or `destination`, e.g. a test's capture) so the last lines before a
 * shutdown or crash are never lost. Two layers keep personal data out: pino's `redact` censors
 * {@link REDACTED_LOG_PATHS}; then every serialized line passes {@link redactingDestination},
 * which censors sensitive keys and masks phone numbers at ANY depth (database errors'
 * `parameters` and `detail`, nested objects, messages and stacks; see log-redaction.ts).
 */
export function createRootLogger(service: string, level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
    },
    redactingDestination(destination ?? pino.destination({ dest: 1, sync: true })),
  );
}
