import { type ReportPrincipal, reportClaimsSchema } from './report-principal.types';

/** Where keys come from: an HS256 shared secret (JWT_SECRET) or a JWKS URL (JWT_JWKS_URL). */
export interface JwtSettings {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

/** Checks a compact JWS and returns its payload; throws on a bad signature, `exp`, `nbf`, `iss` or `aud`. */
export interface JwtSignatureBackend {
  verify(token: string): Promise<unknown>;
}

/** Thrown for a missing, malformed, expired or badly signed token, or claims of the wrong shape. */
export class InvalidTokenException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenException';
  }
}

/**
 * The production backend: `jose` (RFC 7519 JWT, RFC 7517 JWKS) with HS256 and the shared secret,
 * or the algorithms of the JWKS keys; `iss`/`aud` checked when configured. jose 6 is ESM-only,
 * so it is loaded lazily with `import()` (compiled to `require`, which Node ≥ 20.19 supports for
 * ES modules).
 * @throws Error when neither a secret nor a JWKS URL is configured.
 */
export function joseBackend(settings: JwtSettings): JwtSignatureBackend {
  if (!settings.secret && !settings.jwksUrl) throw new Error('JWT verification needs JWT_SECRET or JWT_JWKS_URL');
  const options = { ...(settings.issuer ? { issuer: settings.issuer } : {}), ...(settings.audience ? { audience: settings.audience } : {}) };
  let jwks: ReturnType<typeof import('jose').createRemoteJWKSet> | undefined;
  return {
    async verify(token: string): Promise<unknown> {
      const jose = await import('jose');
      if (settings.secret) return (await jose.jwtVerify(token, new TextEncoder().encode(settings.secret), { ...options, algorithms: ['HS256'] })).payload;
      jwks ??= jose.createRemoteJWKSet(new URL(settings.jwksUrl as string));
      return (await jose.jwtVerify(token, jwks, options)).payload;
    },
  };
}

/** Verifies API bearer tokens and parses the claims reporting needs. */
export class JwtVerifier {
  constructor(private readonly backend: JwtSignatureBackend) {}

  /**
   * @returns the principal of a valid token.
   * @throws InvalidTokenException otherwise.
   */
  async verify(token: string): Promise<ReportPrincipal> {
    let payload: unknown;
    try {
      payload = await this.backend.verify(token);
    } catch (err) {
      throw new InvalidTokenException(err instanceof Error ? err.message : 'invalid token');
    }
    const parsed = reportClaimsSchema.safeParse(payload);
    if (!parsed.success) throw new InvalidTokenException(`bad claims: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
    return parsed.data;
  }
}
