import { Inject, Injectable } from '@nestjs/common';
import { CONSOLE_SETTINGS, type ConsoleSettings, type OidcSettings } from '../console-settings';
import { OidcProviderClient } from './oidc-provider.client';
import { OidcSignInException, OidcSignInExceptionCode } from './oidc-sign-in.exception';
import { TenantIdentityProviderRepository } from './tenant-identity-provider.repository';
import { type TenantIdentityProvider } from './tenant-identity-provider.types';

/** A tenant's identity provider, ready to use: its settings (with the secret) and its relying-party client. */
export interface ResolvedOidcProvider {
  settings: OidcSettings;
  client: OidcProviderClient;
}

/** Builds the relying-party client of one provider (the stand-in's tests pass a fetch of their own). */
export type OidcClientFactory = (settings: OidcSettings) => OidcProviderClient;

/** Injection token of the {@link OidcClientFactory}. */
export const OIDC_CLIENT_FACTORY = Symbol('OidcClientFactory');

/**
 * Which OpenID Connect provider signs in whom. Each tenant may bring its own (`tenant_identity_provider`, written by
 * `textback sso set`); the deployment's provider (`OIDC_*`) serves its one tenant (`OIDC_TENANT_ID`) unless that tenant
 * declared its own. A provider is found by the email's domain (each domain belongs to one tenant), by the tenant's
 * slug, or by the tenant of a started sign-in (the callback). One relying-party client per tenant and revision is
 * kept (it caches the discovery document and the JWKS); a changed provider gets a new one.
 */
@Injectable()
export class OidcProviderRegistry {
  private readonly clients = new Map<string, { revision: number; resolved: ResolvedOidcProvider }>();
  private deployment: ResolvedOidcProvider | null = null;

  constructor(
    private readonly providers: TenantIdentityProviderRepository,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    @Inject(OIDC_CLIENT_FACTORY) private readonly newClient: OidcClientFactory,
  ) {}

  /** The deployment provider's button label, or null when there is none. */
  get deploymentProviderName(): string | null {
    return this.settings.oidc?.providerName ?? null;
  }

  /** Whether tenants' own providers can be used (a callback URL is configured). */
  get tenantProvidersEnabled(): boolean {
    return this.settings.oidcRedirectUrl !== null;
  }

  /** The deployment's provider. @throws OidcSignInException NotConfigured when there is none. */
  forDeployment(): ResolvedOidcProvider {
    const oidc = this.settings.oidc;
    if (!oidc) throw new OidcSignInException(OidcSignInExceptionCode.NotConfigured, 'no identity provider is configured');
    this.deployment ??= { settings: oidc, client: this.newClient(oidc) };
    return this.deployment;
  }

  /** The provider of the tenant that claimed the email's domain. @throws OidcSignInException NoProvider when none did. */
  async forEmail(email: string): Promise<ResolvedOidcProvider> {
    const domain = email.trim().toLowerCase().split('@')[1] ?? '';
    const found = domain && this.tenantProvidersEnabled ? await this.providers.findByEmailDomain(domain) : null;
    if (!found) throw new OidcSignInException(OidcSignInExceptionCode.NoProvider, `no tenant signs in ${domain || 'that email'} through its own provider`);
    return this.resolved(found);
  }

  /** The provider of the tenant with slug `slug`. @throws OidcSignInException NoProvider when it has none. */
  async forSlug(slug: string): Promise<ResolvedOidcProvider> {
    const found = this.tenantProvidersEnabled ? await this.providers.findBySlug(slug) : null;
    if (!found) throw new OidcSignInException(OidcSignInExceptionCode.NoProvider, `tenant "${slug}" has no identity provider`);
    return this.resolved(found);
  }

  /** The provider that signs in the users of `tenantId`: its own, else the deployment's when bound to it. */
  async forTenant(tenantId: string): Promise<ResolvedOidcProvider> {
    const own = this.tenantProvidersEnabled ? await this.providers.findByTenant(tenantId) : null;
    if (own) return this.resolved(own);
    if (this.settings.oidc?.tenantId === tenantId) return this.forDeployment();
    throw new OidcSignInException(OidcSignInExceptionCode.NoProvider, `tenant ${tenantId} has no identity provider`);
  }

  private resolved(p: TenantIdentityProvider): ResolvedOidcProvider {
    const cached = this.clients.get(p.tenantId);
    if (cached && cached.revision === p.revision) return cached.resolved;
    const clientSecret = this.settings.oidcClientSecrets[p.clientSecretEnv];
    const redirectUrl = this.settings.oidcRedirectUrl;
    if (!clientSecret || !redirectUrl)
      throw new OidcSignInException(OidcSignInExceptionCode.NotConfigured, `the console has no ${clientSecret ? 'OIDC_REDIRECT_URL' : p.clientSecretEnv} for tenant ${p.tenantSlug}'s provider`);
    const settings: OidcSettings = {
      issuer: p.issuer,
      clientId: p.clientId,
      clientSecret,
      redirectUrl,
      tenantId: p.tenantId,
      algorithms: p.algorithms,
      providerName: p.providerName,
      emailDomains: p.emailDomains,
      provisioning: p.defaultRole ? { role: p.defaultRole, locationIds: p.defaultLocationIds } : null,
    };
    const resolved = { settings, client: this.newClient(settings) };
    this.clients.set(p.tenantId, { revision: p.revision, resolved });
    return resolved;
  }
}
