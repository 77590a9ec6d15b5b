import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { type AccessScope } from './access-scope.types';
import { AccessTokenVerifier, InvalidAccessTokenError } from './access-token.verifier';

/** Request with the verified scope attached by {@link JwtAuthGuard}. */
export interface ScopedRequest {
  headers: Record<string, string | string[] | undefined>;
  accessScope?: AccessScope;
}

/**
 * Requires `Authorization: Bearer <JWT>`; 401 when it is missing or fails verification
 * ({@link AccessTokenVerifier}). Attaches the caller's {@link AccessScope} to the request
 * (read it with `@CurrentScope()`).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(private readonly verifier: AccessTokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ScopedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) throw new UnauthorizedException('a bearer token is required');
    try {
      request.accessScope = await this.verifier.verify(match[1]);
    } catch (err) {
      if (err instanceof InvalidAccessTokenError) throw new UnauthorizedException(err.message);
      throw err;
    }
    return true;
  }
}
