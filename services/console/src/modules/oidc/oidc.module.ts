import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ActionsModule } from '../actions/actions.module';
import { InboxModule } from '../inbox/inbox.module';
import { IdentityProviderAdminService } from './identity-provider-admin.service';
import { IdentityProviderController } from './identity-provider.controller';
import { type OidcSettings } from '../console-settings';
import { OidcFlowRepository } from './oidc-flow.repository';
import { OidcProviderClient } from './oidc-provider.client';
import { OIDC_CLIENT_FACTORY, type OidcClientFactory, OidcProviderRegistry } from './oidc-provider.registry';
import { TenantIdentityProviderRepository } from './tenant-identity-provider.repository';
import { OidcController } from './oidc.controller';
import { OidcSignInService } from './oidc-sign-in.service';

/** OpenID Connect sign-in: the deployment's provider (`OIDC_*`) and tenants' own (`textback sso set`, or an owner's screen). */
@Module({
  imports: [AccountsModule, InboxModule, ActionsModule],
  controllers: [OidcController, IdentityProviderController],
  providers: [
    IdentityProviderAdminService,
    OidcFlowRepository,
    OidcSignInService,
    TenantIdentityProviderRepository,
    OidcProviderRegistry,
    { provide: OIDC_CLIENT_FACTORY, useValue: ((settings: OidcSettings) => new OidcProviderClient(settings)) satisfies OidcClientFactory },
  ],
})
export class OidcModule {}
