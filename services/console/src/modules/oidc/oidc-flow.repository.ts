import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@textback/platform';
import { type DataSource } from 'typeorm';
import { ConsoleSchema } from '../console-schema';

/** A pending authorization request: what the callback must match and the PKCE verifier. */
export interface OidcFlowRecord {
  /** The tenant whose provider the sign-in went to (null: a flow started before providers were per tenant). */
  tenantId: string | null;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** SQL of `console_oidc_flow` (found by the SHA-256 of the browser's flow cookie) and of OIDC subjects of users. */
@Injectable()
export class OidcFlowRepository {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly schema: ConsoleSchema,
  ) {}

  async create(flowSha256: string, flow: OidcFlowRecord, expiresAt: Date): Promise<void> {
    await this.db.query(`INSERT INTO ${this.schema.sql}.console_oidc_flow (flow_sha256, state, nonce, code_verifier, expires_at, tenant_id) VALUES ($1, $2, $3, $4, $5, $6)`, [
      flowSha256,
      flow.state,
      flow.nonce,
      flow.codeVerifier,
      expiresAt,
      flow.tenantId,
    ]);
  }

  /** Deletes the flow of `flowSha256` and returns it when it had not expired at `now` (a flow is used once). */
  async take(flowSha256: string, now: Date): Promise<OidcFlowRecord | null> {
    const rows = (await this.db.query(`DELETE FROM ${this.schema.sql}.console_oidc_flow WHERE flow_sha256 = $1 RETURNING tenant_id, state, nonce, code_verifier, expires_at`, [flowSha256])) as [
      { tenant_id: string | null; state: string; nonce: string; code_verifier: string; expires_at: Date }[],
      number,
    ];
    const row = rows[0][0];
    return row && row.expires_at > now ? { tenantId: row.tenant_id, state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier } : null;
  }

  /** Deletes flows that expired before `now` (abandoned sign-ins); @returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    const rows = (await this.db.query(`DELETE FROM ${this.schema.sql}.console_oidc_flow WHERE expires_at <= $1 RETURNING 1`, [now])) as [unknown[], number];
    return rows[1];
  }

  /** The provider subject `userId` is bound to at `issuer`, or null when they never signed in there. */
  async subjectOf(userId: string, issuer: string): Promise<string | null> {
    const rows = (await this.db.query(`SELECT oidc_subject FROM ${this.schema.sql}.console_user WHERE id = $1 AND oidc_issuer = $2`, [userId, issuer])) as { oidc_subject: string | null }[];
    return rows[0]?.oidc_subject ?? null;
  }

  /**
   * Binds `userId` to `subject` at `issuer` and consumes a pending invitation (the user accepted it by signing in).
   * @returns false when another user is bound to that subject already.
   */
  async bindSubject(userId: string, issuer: string, subject: string): Promise<boolean> {
    const rows = (await this.db.query(
      `UPDATE ${this.schema.sql}.console_user u SET oidc_issuer = $2, oidc_subject = $3, invite_code_sha256 = NULL, invite_expires_at = NULL, updated_at = now()
       WHERE u.id = $1 AND NOT EXISTS (SELECT 1 FROM ${this.schema.sql}.console_user o WHERE o.oidc_issuer = $2 AND o.oidc_subject = $3 AND o.id <> $1) RETURNING 1`,
      [userId, issuer, subject],
    )) as [unknown[], number];
    return rows[1] === 1;
  }
}
