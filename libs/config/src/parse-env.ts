import { type z } from 'zod';
import { ConfigValidationException } from './config-validation.exception';
import { DEPLOYMENT_MODE_VARIABLES, deploymentModeIssues } from './deployment-mode';
import { productionSecretIssues } from './production-secrets';

/**
 * Validates `env` against `schema` and returns the typed result. Empty strings count as unset,
 * so `FOO=` falls back to the default like an absent variable. With NODE_ENV=production a
 * secret the schema reads must not be a committed placeholder nor, for our own secrets, shorter
 * than 32 characters ({@link productionSecretIssues}). The deployment-mode variables the schema declares
 * (DATABASE_URL, KAFKA_BROKERS, CLICKHOUSE_URL among its keys) must be all set (distributed) or all unset (embedded);
 * each one missing from a partial set is reported ({@link deploymentModeIssues}).
 * @throws ConfigValidationException listing every bad variable (services exit 78 on it).
 */
export function parseEnv<S extends z.ZodType>(service: string, schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const modeIssues = deploymentModeIssues(cleaned, DEPLOYMENT_MODE_VARIABLES.filter((v) => v in shape));
  const result = schema.safeParse(cleaned);
  if (modeIssues.length > 0) {
    const schemaIssues = result.success ? [] : result.error.issues.map((issue) => ({ variable: issue.path.join('.') || '(env)', message: issue.message }));
    throw new ConfigValidationException(service, [...modeIssues, ...schemaIssues]);
  }
  if (result.success) {
    const secretIssues = productionSecretIssues(result.data as Record<string, unknown>);
    if (secretIssues.length === 0) return result.data;
    throw new ConfigValidationException(service, secretIssues);
  }
  throw new ConfigValidationException(
    service,
    result.error.issues.map((issue) => ({ variable: issue.path.join('.') || '(env)', message: issue.message })),
  );
}
