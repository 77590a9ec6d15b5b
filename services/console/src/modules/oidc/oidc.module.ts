import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { OidcFlowRepository } from './oidc-flow.repository';
import { OidcProviderClient } from './oidc-provider.client';
import { OidcController } from './oidc.controller';
import { OidcSignInService } from './oidc-sign-in.service';

/** OpenID Connect sign-in (when `OIDC_*` is configured; otherwise its endpoints answer "not configured"). */
@Module({
  imports: [AccountsModule],
  controllers: [OidcController],
  providers: [
    OidcFlowRepository,
    OidcSignInService,
    {
      provide: OidcProviderClient,
      inject: [CONSOLE_SETTINGS],
      useFactory: (settings: ConsoleSettings) => new OidcProviderClient(settings.oidc),
    },
  ],
})
export class OidcModule {}
