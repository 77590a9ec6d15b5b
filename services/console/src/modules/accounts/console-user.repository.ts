import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@textback/platform';
import { type DataSource } from 'typeorm';
import { ConsoleSchema } from '../console-schema';
import { type ConsoleRole, type ConsoleUser } from './console-role.types';

interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  role: ConsoleRole;
  region_ids: string[];
  location_ids: string[];
  password_hash: string | null;
  invite_code_sha256: string | null;
  invite_expires_at: Date | null;
}

/** A user with the secrets sign-in checks. */
export interface StoredConsoleUser extends ConsoleUser {
  passwordHash: string | null;
  inviteCodeSha256: string | null;
  inviteExpiresAt: Date | null;
}

/** New user fields (email is stored lower-cased). */
export interface NewConsoleUser {
  tenantId: string;
  email: string;
  name: string;
  role: ConsoleRole;
  regionIds: readonly string[];
  locationIds: readonly string[];
  passwordHash: string | null;
  inviteCodeSha256: string | null;
  inviteExpiresAt: Date | null;
}

const COLUMNS = 'id, tenant_id, email, name, role, region_ids, location_ids, password_hash, invite_code_sha256, invite_expires_at';

/** SQL of `console_user` (local accounts). */
@Injectable()
export class ConsoleUserRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly schema: ConsoleSchema,
  ) {}

  async findByEmail(email: string): Promise<StoredConsoleUser | null> {
    const rows = (await this.db.query(`SELECT ${COLUMNS} FROM ${this.schema.sql}.console_user WHERE email = $1`, [email.trim().toLowerCase()])) as UserRow[];
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** Creates `user` unless a user with that email exists (in any tenant). @returns the new user, or null. */
  async createIfAbsent(user: NewConsoleUser): Promise<StoredConsoleUser | null> {
    const rows = (await this.db.query(`${consoleUserSql.insert(this.schema.sql).replace(/RETURNING id$/, '')} ON CONFLICT ON CONSTRAINT uq_console_user_email DO NOTHING RETURNING ${COLUMNS}`, consoleUserSql.insertParams(user))) as UserRow[];
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findById(id: string): Promise<StoredConsoleUser | null> {
    const rows = (await this.db.query(`SELECT ${COLUMNS} FROM ${this.schema.sql}.console_user WHERE id = $1`, [id])) as UserRow[];
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** Stores the password hash and clears the invitation code (an invitation accepted). */
  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.query(consoleUserSql.setPassword(this.schema.sql), [id, passwordHash]);
  }

  /** Names of users of `tenantId` by id (for "who sent it" on the timeline). */
  async namesOf(tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.db.query(`SELECT id::text AS id, name FROM ${this.schema.sql}.console_user WHERE tenant_id = $1 AND id::text = ANY($2::text[])`, [tenantId, ids])) as { id: string; name: string }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

/** Writes of `console_user`, shared by the operator CLI (it runs them on its own connection). */
export const consoleUserSql = {
  /** INSERT of a new user; parameters in {@link insertParams} order. */
  insert: (schemaSql: string) =>
    `INSERT INTO ${schemaSql}.console_user (id, tenant_id, email, name, role, region_ids, location_ids, password_hash, invite_code_sha256, invite_expires_at)
     VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7::uuid[], $8, $9, $10) RETURNING id`,
  insertParams: (u: NewConsoleUser): unknown[] => [randomUUID(), u.tenantId, u.email.trim().toLowerCase(), u.name, u.role, [...u.regionIds], [...u.locationIds], u.passwordHash, u.inviteCodeSha256, u.inviteExpiresAt],
  /** Sets a new invitation code and clears the password and every session (reset); parameters: email, code hash, expiry. */
  reset: (schemaSql: string) =>
    `WITH u AS (UPDATE ${schemaSql}.console_user SET password_hash = NULL, invite_code_sha256 = $2, invite_expires_at = $3, updated_at = now() WHERE email = $1 RETURNING id)
     DELETE FROM ${schemaSql}.console_session s USING u WHERE s.user_id = u.id`,
  /** Sets the password and clears the invitation (accepting it); parameters: user id, hash. */
  setPassword: (schemaSql: string) => `UPDATE ${schemaSql}.console_user SET password_hash = $2, invite_code_sha256 = NULL, invite_expires_at = NULL, updated_at = now() WHERE id = $1`,
};

function toUser(r: UserRow): StoredConsoleUser {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    email: r.email,
    name: r.name,
    role: r.role,
    regionIds: r.region_ids,
    locationIds: r.location_ids,
    passwordHash: r.password_hash,
    inviteCodeSha256: r.invite_code_sha256,
    inviteExpiresAt: r.invite_expires_at,
  };
}
