import { type ConfigIssue } from './config-validation.exception';

/**
 * Secret values committed to this repository as examples or local defaults (.env.example,
 * docker-compose.yml's `${STACK_…:-default}`s, k8s/secrets.example.yaml). Anyone who read the
 * repository knows them, so a production process refuses them at boot. `production-secrets.spec.ts`
 * reads those files and fails when a committed secret value is missing here: this list is the one
 * place, derived from them.
 */
export const COMMITTED_PLACEHOLDER_SECRETS: readonly string[] = [
  // .env.example
  'change-me-to-a-long-random-secret',
  'local',
  'local-development-only',
  'textback',
  // docker-compose.yml defaults
  'local-only-jwt-secret-change-me-0123456789',
  'stand-in-password',
  'stand-in-callbacks',
  // k8s/secrets.example.yaml
  '<callback password>',
  '<api password>',
  '<clickhouse password>',
  '<random, at least 32 characters>',
];

/** Shortest secret Textback itself chooses (JWT HS256 key, carrier callback passwords), in characters. */
export const PRODUCTION_SECRET_MIN_LENGTH = 32;

/**
 * Variables holding a secret, as a service's parsed env has them: `own` secrets are ones we
 * choose (refused when a placeholder or shorter than {@link PRODUCTION_SECRET_MIN_LENGTH});
 * `issued` ones a provider hands out (refused only when a placeholder).
 */
const OWN_SECRETS = ['JWT_SECRET', 'BANDWIDTH_CALLBACK_PASSWORD'] as const;
const ISSUED_SECRETS = ['BANDWIDTH_PASSWORD', 'TWILIO_AUTH_TOKEN'] as const;
/** JSON lists of Basic pairs (`[{ username, password }]`) whose passwords are our own secrets. */
const OWN_CREDENTIAL_LISTS = ['BANDWIDTH_VOICE_CALLBACK_CREDENTIALS'] as const;

function ownSecretProblem(value: string): string | null {
  if (COMMITTED_PLACEHOLDER_SECRETS.includes(value)) return 'is a placeholder committed in this repository (.env.example, docker-compose.yml or k8s/secrets.example.yaml); set a random secret';
  if (value.length < PRODUCTION_SECRET_MIN_LENGTH) return `must be at least ${PRODUCTION_SECRET_MIN_LENGTH} characters in production`;
  return null;
}

/**
 * The secrets of a parsed service environment that production must not run with: any variable
 * above (only those the service's schema read, so a shared env file's unused values do not
 * count) equal to a {@link COMMITTED_PLACEHOLDER_SECRETS} entry, or an own secret shorter than
 * {@link PRODUCTION_SECRET_MIN_LENGTH}. Empty unless `env.NODE_ENV` is `production`.
 * @param env the schema's output (parsed values; credential lists already parsed into arrays).
 * @returns one issue per bad variable, naming it (never its value).
 */
export function productionSecretIssues(env: Record<string, unknown>): ConfigIssue[] {
  if (env.NODE_ENV !== 'production') return [];
  const issues: ConfigIssue[] = [];
  for (const variable of OWN_SECRETS) {
    const value = env[variable];
    const problem = typeof value === 'string' ? ownSecretProblem(value) : null;
    if (problem) issues.push({ variable, message: problem });
  }
  for (const variable of ISSUED_SECRETS) {
    const value = env[variable];
    if (typeof value === 'string' && COMMITTED_PLACEHOLDER_SECRETS.includes(value)) issues.push({ variable, message: 'is a placeholder committed in this repository; set the real value' });
  }
  for (const variable of OWN_CREDENTIAL_LISTS) {
    const list = env[variable];
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, i) => {
      const password = (entry as { password?: unknown } | null)?.password;
      const problem = typeof password === 'string' ? ownSecretProblem(password) : null;
      if (problem) issues.push({ variable: `${variable}.${i}.password`, message: problem });
    });
  }
  return issues;
}
