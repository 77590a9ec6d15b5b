import { IsObject } from 'class-validator';

/**
 * Body of `PUT /api/identity-provider`: the provider's settings as `textback sso set` takes them (issuer, clientId,
 * clientSecretEnv, emailDomains, providerName, algorithms, defaultRole, defaultLocationIds), checked field by field by
 * the same schema (tenantIdentityProviderInputSchema), so the screen and the CLI refuse the same things.
 */
export class IdentityProviderRequestDto {
  @IsObject()
  provider!: Record<string, unknown>;
}
