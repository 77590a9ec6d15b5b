import { type DynamicModule, Module } from '@nestjs/common';
import { AccessTokenVerifier, type AccessTokenVerifierOptions } from './access-token.verifier';
import { JwtAuthGuard } from './jwt-auth.guard';

/**
 * JWT bearer authentication of a service's staff API: provides {@link AccessTokenVerifier}
 * (configured once, JWKS keys cached) and {@link JwtAuthGuard} to every module (global).
 */
@Module({})
export class AccessAuthModule {
  static forRoot(options: AccessTokenVerifierOptions): DynamicModule {
    return {
      module: AccessAuthModule,
      global: true,
      providers: [{ provide: AccessTokenVerifier, useFactory: () => new AccessTokenVerifier(options) }, JwtAuthGuard],
      exports: [AccessTokenVerifier, JwtAuthGuard],
    };
  }
}
