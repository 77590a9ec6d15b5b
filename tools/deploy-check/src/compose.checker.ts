import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { deployError, type DeployFinding } from './deploy-check.types';
import { parseDockerfile } from './dockerfile.checker';
import { envKeys, envProblems, IMAGES } from './service-catalog';

/**
 * Parses a dotenv file (`KEY=value` lines, `#` comments, optional quotes), the format of
 * .env.example and of compose `env_file`.
 */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m?.[1]) continue;
    out[m[1]] = (m[2] ?? '').replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/**
 * Compose interpolation (https://docs.docker.com/reference/compose-file/interpolation/):
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`, `$$` -> `$`.
 * @throws Error for `:?`/`?` on a missing variable, as compose does.
 */
export function interpolate(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, dollar: string, name?: string, op?: string, arg?: string, bare?: string) => {
    if (dollar === '$') return '$';
    const key = name ?? bare ?? '';
    const value = vars[key];
    const unset = value === undefined || ((op === ':-' || op === ':?') && value === '');
    if (op === ':-' || op === '-') return unset ? (arg ?? '') : (value ?? '');
    if ((op === ':?' || op === '?') && unset) throw new Error(`required variable ${key}: ${arg ?? 'is missing'}`);
    return value ?? '';
  });
}

interface ComposeService {
  build?: string | { context?: string; target?: string };
  image?: string;
  env_file?: string | (string | { path: string; required?: boolean })[];
  environment?: Record<string, string | number | boolean | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  profiles?: string[];
  volumes?: (string | { type?: string; source?: string })[];
}

function environmentOf(s: ComposeService): Record<string, string> {
  const env: Record<string, string> = {};
  if (Array.isArray(s.environment)) {
    for (const item of s.environment) {
      const i = item.indexOf('=');
      if (i > 0) env[item.slice(0, i)] = item.slice(i + 1);
    }
  } else for (const [k, v] of Object.entries(s.environment ?? {})) if (v !== null) env[k] = String(v);
  return env;
}

/** `[file, VAR]` for every `$VAR` / `${VAR}` in the .yaml/.yml files under `path` (Grafana expands them). */
function variablesInYamlFiles(path: string): [string, string][] {
  const out: [string, string][] = [];
  const visit = (p: string) => {
    if (statSync(p).isDirectory()) for (const e of readdirSync(p)) visit(join(p, e));
    else if (/\.ya?ml$/.test(p)) {
      const text = readFileSync(p, 'utf8').split('\n').filter((l) => !l.trim().startsWith('#')).join('\n');
      for (const m of text.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g)) out.push([p, m[1] ?? '']);
    }
  };
  visit(path);
  return out;
}

const LOOPBACK = /(^|[/@,])(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/;

/**
 * Checks docker-compose.yml: interpolated with the variables of .env.example (then defaults);
 * every Textback service (a `build.target` of the image catalog) gets the environment its
 * process would see (env_file files in order, then `environment:`) validated against its env
 * schema; `environment:` may only set variables the schema reads; no variable the service reads
 * points at 127.0.0.1/localhost (inside a container that is the container itself); each build
 * target exists in the Dockerfile; each service waits for `migrate`
 * (service_completed_successfully) and for healthy Kafka and PostgreSQL, and has a healthcheck;
 * every depends_on names a service with a healthcheck when it waits for service_healthy;
 * bind-mount sources exist, and the `$VAR`s their YAML files expand (Grafana provisioning) are set.
 */
export function checkCompose(root: string, file = 'docker-compose.yml', envExample = '.env.example', dockerfile = 'Dockerfile'): DeployFinding[] {
  const findings: DeployFinding[] = [];
  const err = (where: string, message: string) => findings.push(deployError('compose', `${file} ${where}`, message));
  const vars = parseDotenv(readFileSync(join(root, envExample), 'utf8'));
  let doc: { services?: Record<string, ComposeService> };
  try {
    doc = parse(interpolate(readFileSync(join(root, file), 'utf8'), vars), { merge: true }) as typeof doc;
  } catch (e) {
    err('', `cannot be parsed: ${e instanceof Error ? e.message : String(e)}`);
    return findings;
  }
  const services = doc.services ?? {};
  const targets = new Set(parseDockerfile(readFileSync(join(root, dockerfile), 'utf8')).map((s) => s.name));
  const textbackServices = new Set<string>();

  for (const [name, s] of Object.entries(services)) {
    const where = `service ${name}`;
    for (const [dep, cond] of Object.entries(Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((d) => [d, {}])) : (s.depends_on ?? {}))) {
      const target = services[dep];
      if (!target) err(where, `depends_on ${dep}, which is not a service`);
      else if ((cond as { condition?: string }).condition === 'service_healthy' && !target.healthcheck?.test) err(where, `waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
    }
    for (const v of s.volumes ?? []) {
      const source = typeof v === 'string' ? v.split(':')[0] : v.type === 'bind' ? v.source : undefined;
      if (!source || !(source.startsWith('.') || isAbsolute(source))) continue;
      if (!existsSync(join(root, source))) {
        err(where, `bind-mount source ${source} does not exist (compose would mount an empty directory)`);
        continue;
      }
      const env = environmentOf(s);
      for (const [path, name] of variablesInYamlFiles(join(root, source))) {
        if (!(name in env)) err(where, `${path} reads $${name}, which the service's environment does not set`);
      }
    }
    const target = typeof s.build === 'object' ? s.build.target : undefined;
    if (s.build !== undefined && (!target || !targets.has(target))) err(where, `build target ${target ?? '(none)'} is not a ${dockerfile} stage`);
    const spec = IMAGES.find((i) => i.target === target);
    if (!spec) continue;
    textbackServices.add(name);

    const env: Record<string, string> = {};
    const envFiles = s.env_file === undefined ? [] : Array.isArray(s.env_file) ? s.env_file : [s.env_file];
    for (const f of envFiles) {
      const path = typeof f === 'string' ? f : f.path;
      const required = typeof f === 'string' ? true : f.required !== false;
      if (existsSync(join(root, path))) Object.assign(env, parseDotenv(readFileSync(join(root, path), 'utf8')));
      else if (required) err(where, `env_file ${path} does not exist`);
    }
    const explicit = environmentOf(s);
    Object.assign(env, explicit);
    const known = envKeys(spec.envSchema);
    for (const key of Object.keys(explicit)) if (!known.has(key)) err(where, `environment sets ${key}, which ${spec.target}'s env schema does not read (typo?)`);
    for (const problem of envProblems(spec.envSchema, env)) err(where, `environment: ${problem}`);
    for (const key of known) if (env[key] && LOOPBACK.test(env[key])) err(where, `${key}=${env[key]} points at the container itself; use the compose service name`);

    if (spec.kind === 'service') {
      const deps = (Array.isArray(s.depends_on) ? {} : s.depends_on ?? {}) as Record<string, { condition?: string }>;
      if (deps.migrate?.condition !== 'service_completed_successfully') err(where, 'must depend on migrate with condition service_completed_successfully');
      for (const infra of ['kafka', 'postgres']) if (deps[infra]?.condition !== 'service_healthy') err(where, `must depend on ${infra} with condition service_healthy`);
      if (!s.healthcheck?.test || s.healthcheck.disable) err(where, 'needs a healthcheck');
    }
  }
  for (const image of IMAGES.filter((i) => i.kind !== 'tool')) {
    if (![...textbackServices].some((n) => (services[n]?.build as { target?: string }).target === image.target)) err('', `no service builds target ${image.target}`);
  }
  return findings;
}
