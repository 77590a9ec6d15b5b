import { isAbsolute, resolve } from 'node:path';
import { ConfigValidationException, type ConfigIssue } from './config-validation.exception';

/**
 * How a process runs Textback, chosen from configuration alone:
 * - `embedded`: one Node.js process runs every service on embedded stores in a data directory (PGlite for the
 *   relational store, the in-process bus on the outbox tables, chDB for analytics). None of
 *   {@link DEPLOYMENT_MODE_VARIABLES} is set.
 * - `distributed`: each service its own process on a PostgreSQL server, Kafka and ClickHouse (franchises). All of them
 *   are set.
 * Anything in between is a configuration error ({@link selectDeploymentMode}).
 */
export type DeploymentMode = 'embedded' | 'distributed';

/** The addresses of the three servers of the distributed mode; their absence means the embedded mode. */
export const DEPLOYMENT_MODE_VARIABLES = ['DATABASE_URL', 'KAFKA_BROKERS', 'CLICKHOUSE_URL'] as const;
export type DeploymentModeVariable = (typeof DEPLOYMENT_MODE_VARIABLES)[number];

/** Default data directory of the embedded mode (TEXTBACK_DATA_DIR), relative to the working directory. */
export const DEFAULT_TEXTBACK_DATA_DIR = './data';

/**
 * The problems of `env`'s mode variables among `variables` (the ones the reading process uses: a whole-process host
 * reads all three, a service only those of the servers it talks to, e.g. messaging DATABASE_URL and KAFKA_BROKERS):
 * none when all or none are set (empty strings count as unset), else one issue per missing variable, naming those set.
 */
export function deploymentModeIssues(
  env: Readonly<Record<string, string | undefined>>,
  variables: readonly DeploymentModeVariable[] = DEPLOYMENT_MODE_VARIABLES,
): ConfigIssue[] {
  const set = variables.filter((v) => isSet(env[v]));
  if (set.length === 0 || set.length === variables.length) return [];
  return variables
    .filter((v) => !isSet(env[v]))
    .map((variable) => ({
      variable,
      message: `required with ${set.join(', ')}: the distributed mode needs all of ${variables.join(', ')}; unset all of them for the embedded mode (one process on a data directory)`,
    }));
}

/**
 * The mode `env` asks for: `distributed` when every one of `variables` is set, `embedded` when none is.
 * @param service the name reported in the error (e.g. `textback`, `messaging`).
 * @throws ConfigValidationException naming every missing variable when only some are set (processes exit 78 on it).
 */
export function selectDeploymentMode(
  service: string,
  env: Readonly<Record<string, string | undefined>>,
  variables: readonly DeploymentModeVariable[] = DEPLOYMENT_MODE_VARIABLES,
): DeploymentMode {
  const issues = deploymentModeIssues(env, variables);
  if (issues.length > 0) throw new ConfigValidationException(service, issues);
  return variables.some((v) => isSet(env[v])) ? 'distributed' : 'embedded';
}

/** The embedded mode's data directory as an absolute path: TEXTBACK_DATA_DIR, else `./data`, from `cwd`. */
export function resolveDataDir(env: { readonly TEXTBACK_DATA_DIR?: string | undefined }, cwd: string = process.cwd()): string {
  const dir = env.TEXTBACK_DATA_DIR || DEFAULT_TEXTBACK_DATA_DIR;
  return isAbsolute(dir) ? dir : resolve(cwd, dir);
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
