import { type CanActivate, createParamDecorator, type ExecutionContext, HttpException, Injectable, UnauthorizedException } from '@nestjs/common';
import { type ConsoleUser } from './console-role.types';
import { SignInException, signInHttpStatus } from './sign-in.exception';
import { SignInService } from './sign-in.service';

/** Name of the session cookie (HttpOnly, SameSite=Strict, Path=/). */
export const SESSION_COOKIE = 'tb_session';
/** Header a state-changing request carries the session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** What the guard reads from and attaches to a request. */
export interface ConsoleRequest {
  method: string;
  cookies?: Record<string, string | undefined>;
  headers: Record<string, string | string[] | undefined>;
  consoleUser?: ConsoleUser;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Requires a live session cookie (401 otherwise) and, on every state-changing method, the session's CSRF
 * token in `x-csrf-token` (403 otherwise). Attaches the user (read it with `@SignedInUser()`).
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly signIn: SignInService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    try {
      const { user, csrfToken } = await this.signIn.authenticate(request.cookies?.[SESSION_COOKIE]);
      if (!SAFE_METHODS.has(request.method.toUpperCase())) {
        const header = request.headers[CSRF_HEADER];
        this.signIn.checkCsrf(csrfToken, typeof header === 'string' ? header : undefined);
      }
      request.consoleUser = user;
      return true;
    } catch (err) {
      if (err instanceof SignInException) throw new HttpException({ statusCode: signInHttpStatus(err.code), code: err.code, message: err.message }, signInHttpStatus(err.code));
      throw err;
    }
  }
}

/** The signed-in {@link ConsoleUser} (behind {@link SessionGuard}). */
export const SignedInUser = createParamDecorator((_data: unknown, context: ExecutionContext): ConsoleUser => {
  const user = context.switchToHttp().getRequest<ConsoleRequest>().consoleUser;
  if (!user) throw new UnauthorizedException('sign in first');
  return user;
});
