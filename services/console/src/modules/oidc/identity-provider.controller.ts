import { type ArgumentsHost, Body, Catch, Controller, Delete, type ExceptionFilter, Get, Put, UseFilters, UseGuards } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { SessionGuard, SignedInUser } from '../accounts/session.guard';
import { ConversationActionFilter } from '../actions/conversation-actions.controller';
import { IdentityProviderRequestDto } from './dto/identity-provider.request.dto';
import { IdentityProviderAdminService, IdentityProviderRefusal } from './identity-provider-admin.service';
import { type IdentityProviderPage } from './identity-provider.types';

/** A refused declaration: 400 `{ statusCode, error: 'invalid_identity_provider', message, problems }`. */
@Catch(IdentityProviderRefusal)
export class IdentityProviderRefusalFilter implements ExceptionFilter {
  catch(exception: IdentityProviderRefusal, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    res.status(400).json({ statusCode: 400, error: 'invalid_identity_provider', message: exception.message, problems: exception.problems });
  }
}

/**
 * The tenant's own OpenID Connect provider, for owners: `GET`, `PUT` and `DELETE /api/identity-provider` (session
 * cookie; the CSRF token on PUT and DELETE, like every other change).
 */
@UseGuards(SessionGuard)
@UseFilters(ConversationActionFilter, IdentityProviderRefusalFilter)
@Controller('api/identity-provider')
export class IdentityProviderController {
  constructor(private readonly admin: IdentityProviderAdminService) {}

  @Get()
  view(@SignedInUser() user: ConsoleUser): Promise<IdentityProviderPage> {
    return this.admin.view(user);
  }

  @Put()
  set(@SignedInUser() user: ConsoleUser, @Body() body: IdentityProviderRequestDto): Promise<IdentityProviderPage> {
    return this.admin.set(user, body.provider);
  }

  @Delete()
  remove(@SignedInUser() user: ConsoleUser): Promise<IdentityProviderPage> {
    return this.admin.remove(user);
  }
}
