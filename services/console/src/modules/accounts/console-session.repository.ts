import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@textback/platform';
import { type DataSource } from 'typeorm';
import { ConsoleSchema } from '../console-schema';

/** A live session: its user and CSRF token. */
export interface SessionRecord {
  userId: string;
  csrfToken: string;
  expiresAt: Date;
}

/** SQL of `console_session`: sessions are found by the SHA-256 of the cookie's value, never by the value itself. */
@Injectable()
export class ConsoleSessionRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly schema: ConsoleSchema,
  ) {}

  async create(tokenSha256: string, userId: string, csrfToken: string, expiresAt: Date): Promise<void> {
    await this.db.query(`INSERT INTO ${this.schema.sql}.console_session (token_sha256, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)`, [tokenSha256, userId, csrfToken, expiresAt]);
  }

  /** The unexpired session of `tokenSha256`, its expiry slid to `renewTo` (sliding expiry), or null. */
  async touch(tokenSha256: string, now: Date, renewTo: Date): Promise<SessionRecord | null> {
    const rows = (await this.db.query(
      `UPDATE ${this.schema.sql}.console_session SET expires_at = $3 WHERE token_sha256 = $1 AND expires_at > $2 RETURNING user_id, csrf_token, expires_at`,
      [tokenSha256, now, renewTo],
    )) as [{ user_id: string; csrf_token: string; expires_at: Date }[], number];
    const row = rows[0][0];
    return row ? { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at } : null;
  }

  async delete(tokenSha256: string): Promise<void> {
    await this.db.query(`DELETE FROM ${this.schema.sql}.console_session WHERE token_sha256 = $1`, [tokenSha256]);
  }

  /** Deletes expired sessions; @returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    const rows = (await this.db.query(`DELETE FROM ${this.schema.sql}.console_session WHERE expires_at <= $1 RETURNING 1`, [now])) as [unknown[], number];
    return rows[1];
  }
}
