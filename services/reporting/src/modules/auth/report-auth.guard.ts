import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InvalidTokenException, JwtVerifier } from './jwt-verifier';
import { type ReportPrincipal } from './report-principal.types';

/** Request with the verified principal attached by {@link ReportAuthGuard}. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: ReportPrincipal;
}

/** Requires `Authorization: Bearer <JWT>`; 401 when missing or invalid. */
@Injectable()
export class ReportAuthGuard implements CanActivate {
  constructor(@Inject(JwtVerifier) private readonly verifier: JwtVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!m?.[1]) throw new UnauthorizedException('bearer token required');
    try {
      req.principal = await this.verifier.verify(m[1]);
    } catch (err) {
      if (err instanceof InvalidTokenException) throw new UnauthorizedException(err.message);
      throw err;
    }
    return true;
  }
}
