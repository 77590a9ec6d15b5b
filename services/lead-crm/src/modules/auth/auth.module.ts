import { Global, Module } from '@nestjs/common';
import { PLATFORM_ENV } from '@textback/platform';
import { type LeadCrmEnv } from '../../config/lead-crm.env';
import { AccessTokenVerifier } from './access-token.verifier';
import { JwtAuthGuard } from './jwt-auth.guard';

/** JWT bearer authentication of the REST API (JWKS URL or shared secret from the environment). */
@Global()
@Module({
  providers: [
    {
      provide: AccessTokenVerifier,
      inject: [PLATFORM_ENV],
      useFactory: (env: LeadCrmEnv) =>
        new AccessTokenVerifier({
          ...(env.JWT_JWKS_URL ? { jwksUrl: env.JWT_JWKS_URL } : {}),
          ...(env.JWT_SECRET ? { secret: env.JWT_SECRET } : {}),
          ...(env.JWT_ISSUER ? { issuer: env.JWT_ISSUER } : {}),
          ...(env.JWT_AUDIENCE ? { audience: env.JWT_AUDIENCE } : {}),
        }),
    },
    JwtAuthGuard,
  ],
  exports: [AccessTokenVerifier, JwtAuthGuard],
})
export class AuthModule {}
