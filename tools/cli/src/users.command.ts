import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '@textback/config';
import { quoteSchema } from '@textback/persistence';
import { NoEmbeddedDatabaseError, openExistingRelationalStore } from './cli-relational-store';
import { CONSOLE_ROLES, type ConsoleRole, isConsoleRole } from '../../../services/console/src/modules/accounts/console-role.types';
import { consoleUserSql } from '../../../services/console/src/modules/accounts/console-user.repository';
import { PasswordHasher } from '../../../services/console/src/modules/accounts/password-hasher';
import { newSecret, sha256Hex } from '../../../services/console/src/modules/accounts/sign-in.service';

/** How long an invitation code is valid, hours. */
export const INVITATION_HOURS = 7 * 24;
/** How long a reset code is valid, hours. */
export const RESET_HOURS = 24;

const USAGE = `usage:
  textback users create --tenant T --email E --name N --role R [--regions r1,r2] [--locations l1,l2] --password-stdin
  textback users invite --tenant T --email E --name N --role R [--regions r1,r2] [--locations l1,l2]
  textback users reset --email E
  T: tenant slug or id; regions and locations: slugs or ids of the tenant's (lead-crm's records).
  R: ${CONSOLE_ROLES.join(' | ')}. create reads the password from standard input (or TEXTBACK_USER_PASSWORD);
  invite and reset print a one-time code the user enters on the console's sign-in page with a new password.
  env DATABASE_URL, or without it TEXTBACK_DATA_DIR (the embedded store; default ./data; stop the single process
  first); CONSOLE_SCHEMA (default console), CRM_SCHEMA (default crm)`;

/** A bad command line or an unknown tenant, region or location: printed with the usage, exit 2. */
class UsersUsageError extends Error {}

/** Options of {@link usersCommand}'s database work. */
export interface UsersCommandEnv {
  /** PostgreSQL (distributed mode); unset: the embedded store in TEXTBACK_DATA_DIR. */
  DATABASE_URL?: string;
  TEXTBACK_DATA_DIR?: string;
  CONSOLE_SCHEMA?: string;
  CRM_SCHEMA?: string;
  TEXTBACK_USER_PASSWORD?: string;
}

/** The few calls of `pg.Client` the command makes, over a data source of the relational store port. */
interface SqlSession {
  query<R>(sql: string, params: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
}

/**
 * `textback users create|invite|reset`: console accounts (email, role and scope of a tenant's user). `create`
 * stores an Argon2id hash of the password read from stdin; `invite` and `reset` print a one-time code (kept only
 * as its SHA-256; reset also clears the password and ends every session of the user).
 * @returns the exit code (0, or 2 for a usage error).
 */
export async function usersCommand(args: string[], env: UsersCommandEnv, readStdin: () => string = () => readFileSync(0, 'utf8')): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    console.warn(USAGE);
    return 0;
  }
  try {
    if (sub !== 'create' && sub !== 'invite' && sub !== 'reset') throw new UsersUsageError(`unknown subcommand "${sub ?? ''}"`);
    const { values } = parseArgs({
      args: rest,
      options: { tenant: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, regions: { type: 'string' }, locations: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    });
    const email = values.email?.trim().toLowerCase();
    if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) throw new UsersUsageError('--email is required');
    const store = await openExistingRelationalStore({ databaseUrl: env.DATABASE_URL, dataDir: resolveDataDir(env) }).catch((err: unknown) => {
      throw err instanceof NoEmbeddedDatabaseError ? new UsersUsageError(err.message) : err;
    });
    const ds = await store.createDataSource({ schema: env.CONSOLE_SCHEMA ?? 'console', applicationName: 'textback-cli:users', poolSize: 1 }).initialize();
    const db: SqlSession = {
      query: async <R>(sql: string, params: unknown[]) => {
        const answer = (await ds.query(sql, params)) as unknown[];
        // TypeORM answers UPDATE/DELETE with [rows, affected]; SELECT and INSERT … RETURNING with the rows.
        if (answer.length === 2 && Array.isArray(answer[0]) && typeof answer[1] === 'number') return { rows: answer[0] as R[], rowCount: answer[1] };
        return { rows: answer as R[], rowCount: answer.length };
      },
    };
    try {
      const consoleSql = quoteSchema(env.CONSOLE_SCHEMA ?? 'console');
      if (sub === 'reset') {
        const code = newSecret();
        const found = await db.query(`SELECT 1 FROM ${consoleSql}.console_user WHERE email = $1`, [email]);
        if (found.rowCount === 0) throw new UsersUsageError(`no console user ${email}`);
        await db.query(consoleUserSql.reset(consoleSql), [email, sha256Hex(code), new Date(Date.now() + RESET_HOURS * 3_600_000)]);
        console.log(`reset ${email}: password cleared, sessions ended; one-time code (valid ${RESET_HOURS} h): ${code}`);
        return 0;
      }
      if (!values.role || !isConsoleRole(values.role)) throw new UsersUsageError(`--role must be one of ${CONSOLE_ROLES.join(', ')}`);
      if (!values.tenant) throw new UsersUsageError('--tenant is required');
      const role: ConsoleRole = values.role;
      const scope = await resolveScope(db, quoteSchema(env.CRM_SCHEMA ?? 'crm'), values.tenant, list(values.regions), list(values.locations));
      if (role === 'regional_manager' && scope.regionIds.length === 0) throw new UsersUsageError('a regional_manager needs --regions');
      if ((role === 'location_manager' || role === 'dispatcher') && scope.locationIds.length === 0) throw new UsersUsageError(`a ${role} needs --locations`);
      const user = { tenantId: scope.tenantId, email, name: values.name?.trim() || email, role, regionIds: scope.regionIds, locationIds: scope.locationIds };
      if (sub === 'create') {
        const password = (env.TEXTBACK_USER_PASSWORD ?? (values['password-stdin'] ? readStdin() : '')).replace(/\r?\n$/, '');
        if (!password) throw new UsersUsageError('give the password on standard input with --password-stdin (or in TEXTBACK_USER_PASSWORD)');
        let passwordHash: string;
        try {
          passwordHash = await new PasswordHasher().hash(password);
        } catch (err) {
          throw new UsersUsageError(err instanceof Error ? err.message : String(err));
        }
        const id = (await db.query<{ id: string }>(consoleUserSql.insert(consoleSql), consoleUserSql.insertParams({ ...user, passwordHash, inviteCodeSha256: null, inviteExpiresAt: null }))).rows[0]?.id;
        console.log(`created console user ${id} ${email} (${role}) in tenant ${scope.tenantId}`);
        return 0;
      }
      const code = newSecret();
      const expires = new Date(Date.now() + INVITATION_HOURS * 3_600_000);
      const id = (await db.query<{ id: string }>(consoleUserSql.insert(consoleSql), consoleUserSql.insertParams({ ...user, passwordHash: null, inviteCodeSha256: sha256Hex(code), inviteExpiresAt: expires }))).rows[0]?.id;
      console.log(`invited console user ${id} ${email} (${role}); one-time code (valid until ${expires.toISOString()}): ${code}`);
      return 0;
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new UsersUsageError(`a console user ${email} exists already (use reset)`);
      throw err;
    } finally {
      await ds.destroy();
      await store.close();
    }
  } catch (err) {
    if (err instanceof UsersUsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

function list(csv: string | undefined): string[] {
  return (csv ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Tenant, regions and locations by slug or id from lead-crm's records. @throws UsersUsageError naming what is unknown. */
async function resolveScope(db: SqlSession, crm: string, tenant: string, regions: string[], locations: string[]): Promise<{ tenantId: string; regionIds: string[]; locationIds: string[] }> {
  const t = await db.query<{ id: string }>(`SELECT id::text AS id FROM ${crm}.tenants WHERE slug = $1 OR id::text = $1`, [tenant]);
  const tenantId = t.rows[0]?.id;
  if (!tenantId) throw new UsersUsageError(`no tenant "${tenant}"`);
  const ids = async (table: string, keys: string[]) => {
    const out: string[] = [];
    for (const key of keys) {
      const r = await db.query<{ id: string }>(`SELECT id::text AS id FROM ${crm}.${table} WHERE tenant_id = $1 AND (slug = $2 OR id::text = $2)`, [tenantId, key]);
      if (!r.rows[0]) throw new UsersUsageError(`no ${table.slice(0, -1)} "${key}" in tenant ${tenant}`);
      out.push(r.rows[0].id);
    }
    return out;
  };
  return { tenantId, regionIds: await ids('regions', regions), locationIds: await ids('locations', locations) };
}
