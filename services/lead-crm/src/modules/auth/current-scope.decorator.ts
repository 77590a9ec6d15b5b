import { createParamDecorator, type ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { type CrmScope } from './crm-scope.types';
import { type ScopedRequest } from './jwt-auth.guard';

/** The verified {@link CrmScope} of the request (use behind {@link JwtAuthGuard}). */
export const CurrentScope = createParamDecorator((_data: unknown, context: ExecutionContext): CrmScope => {
  const scope = context.switchToHttp().getRequest<ScopedRequest>().crmScope;
  if (!scope) throw new UnauthorizedException('not authenticated');
  return scope;
});
