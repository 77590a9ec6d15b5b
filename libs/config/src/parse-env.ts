import { type z } from 'zod';
import { ConfigValidationException } from './config-validation.exception';

/**
 * Validates `env` against `schema` and returns the typed result. Empty strings count as unset,
 * so `FOO=` falls back to the default like an absent variable.
 * @throws ConfigValidationException listing every bad variable.
 */
export function parseEnv<S extends z.ZodType>(service: string, schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigValidationException(
    service,
    result.error.issues.map((issue) => ({ variable: issue.path.join('.') || '(env)', message: issue.message })),
  );
}
