import { baseServiceEnvSchema } from '@textback/config';
import { z } from 'zod';
import { consoleEnvSchema } from '../../../services/console/src/config/console.env';
import { conversationAiEnvSchema } from '../../../services/conversation-ai/src/config/conversation-ai.env';
import { leadCrmEnvSchema } from '../../../services/lead-crm/src/config/lead-crm.env';
import { messagingEnvSchema } from '../../../services/messaging/src/config/messaging.env';
import { reportingEnvSchema } from '../../../services/reporting/src/config/reporting.env';
import { schedulingEnvSchema } from '../../../services/scheduling/src/config/scheduling.env';
import { telephonyIngestEnvSchema } from '../../../services/telephony-ingest/src/config/telephony-ingest.env';
import { carrierStandInEnvSchema } from '../../carrier-stand-in/src/config/carrier-stand-in.env';

/** An env schema: a zod object whose keys are the variables a process reads. */
export type EnvSchema = z.ZodObject<z.ZodRawShape>;

/**
 * One image the Dockerfile builds: its target, the compiled entrypoint it runs, the TypeScript
 * source that compiles to it, and the env schema its process validates at boot.
 */
export interface ImageSpec {
  /** Dockerfile target, docker-compose service and Kubernetes workload name. */
  target: string;
  kind: 'service' | 'job' | 'tool';
  /** Path inside the image, relative to /app, e.g. `dist/services/messaging/src/main.js`. */
  entrypoint: string;
  /** Source file that tsconfig.build.json compiles to `entrypoint`. */
  source: string;
  envSchema: EnvSchema;
  /** The entrypoint is being built by another issue; its absence is a warning, not an error. */
  pending?: string;
}

const service = (name: string, envSchema: EnvSchema): ImageSpec => ({
  target: name,
  kind: 'service',
  entrypoint: `dist/services/${name}/src/main.js`,
  source: `services/${name}/src/main.ts`,
  envSchema,
});

/** What `textback migrate` reads (tools/cli/src/migrate.command.ts). */
const migrateEnvSchema = baseServiceEnvSchema.pick({ DATABASE_URL: true }) as unknown as EnvSchema;

/** Every image target the Dockerfile must have, the services first (pipeline order, then the console). */
export const IMAGES: readonly ImageSpec[] = [
  service('telephony-ingest', telephonyIngestEnvSchema as unknown as EnvSchema),
  service('messaging', messagingEnvSchema as unknown as EnvSchema),
  service('conversation-ai', conversationAiEnvSchema as unknown as EnvSchema),
  service('lead-crm', leadCrmEnvSchema as unknown as EnvSchema),
  service('scheduling', schedulingEnvSchema as unknown as EnvSchema),
  service('reporting', reportingEnvSchema as unknown as EnvSchema),
  service('console', consoleEnvSchema as unknown as EnvSchema),
  { target: 'migrate', kind: 'job', entrypoint: 'dist/tools/cli/src/textback.js', source: 'tools/cli/src/textback.ts', envSchema: migrateEnvSchema },
  { target: 'cli', kind: 'tool', entrypoint: 'dist/tools/cli/src/textback.js', source: 'tools/cli/src/textback.ts', envSchema: migrateEnvSchema },
  {
    target: 'carrier-stand-in',
    kind: 'tool',
    entrypoint: 'dist/tools/carrier-stand-in/src/main.js',
    source: 'tools/carrier-stand-in/src/main.ts',
    envSchema: carrierStandInEnvSchema as unknown as EnvSchema,
  },
];

/** The image spec of `target`, or undefined. */
export function imageSpec(target: string): ImageSpec | undefined {
  return IMAGES.find((i) => i.target === target);
}

/** The HTTP_PORT a service listens on when the variable is unset (its schema's default). */
export function defaultHttpPort(spec: ImageSpec): number | undefined {
  const field = spec.envSchema.shape.HTTP_PORT as z.ZodType | undefined;
  if (!field) return undefined;
  const parsed = field.safeParse(undefined);
  return parsed.success && typeof parsed.data === 'number' ? parsed.data : undefined;
}

/**
 * Validates `env` against `schema` the way a service does at boot (libs/config parseEnv: an
 * empty string counts as unset).
 * @returns one message per bad variable (`VAR: problem`); empty when the env is valid.
 */
export function envProblems(schema: EnvSchema, env: Record<string, string | undefined>): string[] {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const result = schema.safeParse(cleaned);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
}

/** Variables `schema` reads. */
export function envKeys(schema: EnvSchema): Set<string> {
  return new Set(Object.keys(schema.shape));
}
