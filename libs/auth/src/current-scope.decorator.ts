import { createParamDecorator, type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { type AccessScope } from './access-scope.types';
import { type ScopedRequest } from './jwt-auth.guard';

/** The verified {@link AccessScope} of the request (use behind `JwtAuthGuard`); 401 when absent. */
export const CurrentScope = createParamDecorator((_data: unknown, context: ExecutionContext): AccessScope => {
  const scope = context.switchToHttp().getRequest<ScopedRequest>().accessScope;
  if (!scope) throw new UnauthorizedException('not authenticated');
  return scope;
});
