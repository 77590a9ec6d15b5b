import { type DynamicModule, Global, Module } from '@nestjs/common';
import { LocationDirectoryModule, ServicePlatformModule, type ServiceDefinition } from '@textback/platform';
import { type ConsoleEnv } from './config/console.env';
import { consoleService } from './console.definition';
import { AccountsModule } from './modules/accounts/accounts.module';
import { ActionsModule } from './modules/actions/actions.module';
import { CONSOLE_SETTINGS, type ConsoleSettings } from './modules/console-settings';
import { ConsentReviewsModule } from './modules/consent-reviews/consent-reviews.module';
import { InboxModule } from './modules/inbox/inbox.module';
import { SettingsModule } from './modules/settings/settings.module';
import { OidcModule } from './modules/oidc/oidc.module';
import { ReportsModule } from './modules/reports/reports.module';

/** Provides {@link ConsoleSettings} to every module. */
@Global()
@Module({})
class ConsoleSettingsModule {
  static forRoot(settings: ConsoleSettings): DynamicModule {
    return { module: ConsoleSettingsModule, providers: [{ provide: CONSOLE_SETTINGS, useValue: settings }], exports: [CONSOLE_SETTINGS] };
  }
}

/** Root module of console. `definition` is overridable so tests can use their own schema. */
@Module({})
export class AppModule {
  static forRoot(env: ConsoleEnv, definition: ServiceDefinition = consoleService): DynamicModule {
    const settings: ConsoleSettings = {
      signInThrottle: {
        maxFailuresPerAccount: env.SIGN_IN_MAX_FAILURES_PER_ACCOUNT,
        maxFailuresPerAddress: env.SIGN_IN_MAX_FAILURES_PER_ADDRESS,
        windowMs: Math.round(env.SIGN_IN_FAILURE_WINDOW_MINUTES * 60_000),
      },
      sessionTtlHours: env.SESSION_TTL_HOURS,
      cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
      leadCrmUrl: env.LEAD_CRM_URL.replace(/\/+$/, ''),
      schedulingUrl: env.SCHEDULING_URL.replace(/\/+$/, ''),
      reportingUrl: env.REPORTING_URL.replace(/\/+$/, ''),
      messagingUrl: env.MESSAGING_URL.replace(/\/+$/, ''),
      jwt: { secret: env.JWT_SECRET, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE },
      oidc:
        env.OIDC_ISSUER_URL && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET && env.OIDC_REDIRECT_URL && env.OIDC_TENANT_ID
          ? {
              issuer: env.OIDC_ISSUER_URL,
              clientId: env.OIDC_CLIENT_ID,
              clientSecret: env.OIDC_CLIENT_SECRET,
              redirectUrl: env.OIDC_REDIRECT_URL,
              tenantId: env.OIDC_TENANT_ID,
              algorithms: env.OIDC_ALGORITHMS,
              providerName: env.OIDC_PROVIDER_NAME,
              emailDomains: null,
              provisioning: null,
            }
          : null,
      oidcRedirectUrl: env.OIDC_REDIRECT_URL ?? null,
      oidcClientSecrets: env.oidcClientSecrets,
    };
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService(definition, env), ConsoleSettingsModule.forRoot(settings), LocationDirectoryModule.forRoot(), AccountsModule, InboxModule, ActionsModule, SettingsModule, OidcModule, ReportsModule, ConsentReviewsModule],
    };
  }
}
