import { ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@textback/platform';
import { type DataSource } from 'typeorm';
import { type ConsoleUser } from '../accounts/console-role.types';
import { ConsoleSchema } from '../console-schema';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { LeadCrmClient } from '../actions/lead-crm.client';
import { InboxService } from '../inbox/inbox.service';
import {
  currentProvider,
  removeTenantIdentityProvider,
  setTenantIdentityProvider,
  type SqlQuery,
  TenantIdentityProviderInvalid,
} from './tenant-identity-provider.repository';
import { type IdentityProviderPage } from './identity-provider.types';

/** How many audited changes the identity-provider screen lists (newest first). */
export const IDENTITY_PROVIDER_HISTORY_LIMIT = 20;

/** A declaration refused by the rules of `textback sso set`: 400 with each problem as `field: message`. */
export class IdentityProviderRefusal extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'IdentityProviderRefusal';
  }
}

/**
 * The tenant's own OpenID Connect provider for owners (issue #17): the console's screen of `textback sso set|show|remove`,
 * through the same writer (setTenantIdentityProvider: same validation, same audit, in one transaction), the change
 * named `console:<email>` in the audit. Only an owner sees or changes it (403 for every other role); the tenant is
 * always the owner's own. The tenant's slug (its sign-in link) comes from lead-crm (`GET /v1/tenant`, as the user)
 * the first time, as the CLI reads it from lead-crm's records.
 */
@Injectable()
export class IdentityProviderAdminService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly schema: ConsoleSchema,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    private readonly crm: LeadCrmClient,
    private readonly inbox: InboxService,
  ) {}

  /** @throws ForbiddenException for anyone but an owner. */
  async view(user: ConsoleUser): Promise<IdentityProviderPage> {
    ownerOnly(user);
    const provider = await currentProvider(this.query(this.db), this.schema.sql, user.tenantId);
    const history = (await this.db.query(
      `SELECT changed_by, changed_at, action, COALESCE(after, before)->>'issuer' AS issuer, COALESCE(after, before)->>'clientId' AS client_id
       FROM ${this.schema.sql}.tenant_identity_provider_audit WHERE tenant_id = $1 ORDER BY changed_at DESC, id LIMIT ${IDENTITY_PROVIDER_HISTORY_LIMIT}`,
      [user.tenantId],
    )) as { changed_by: string; changed_at: Date | string; action: 'set' | 'remove'; issuer: string | null; client_id: string | null }[];
    const locations = (await this.inbox.visibleLocations(user)).map((l) => ({ locationId: l.locationId, name: l.name }));
    return {
      provider,
      redirectUrl: this.settings.oidcRedirectUrl,
      secretConfigured: provider !== null && provider.clientSecretEnv in this.settings.oidcClientSecrets,
      signInPath: provider ? `/sign-in/${provider.tenantSlug}` : null,
      locations,
      history: history.map((h) => ({ changedBy: h.changed_by, changedAt: new Date(h.changed_at).toISOString(), action: h.action, issuer: h.issuer, clientId: h.client_id })),
    };
  }

  /**
   * Declares or replaces the provider (the rules and audit of `textback sso set`).
   * @throws ForbiddenException (not an owner); IdentityProviderRefusal (invalid, a domain of another tenant, a default
   * location that is not the tenant's); ConflictException when another tenant claimed a domain at the same moment;
   * StaffApiRefusal when lead-crm does not answer the tenant's slug.
   */
  async set(user: ConsoleUser, raw: Record<string, unknown>): Promise<IdentityProviderPage> {
    ownerOnly(user);
    const known = new Set((await this.inbox.visibleLocations(user)).map((l) => l.locationId));
    const defaults = raw.defaultLocationIds;
    if (Array.isArray(defaults) && defaults.some((id) => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && !known.has(id)))
      throw new IdentityProviderRefusal(['defaultLocationIds: not a location of this business']);
    const existing = await currentProvider(this.query(this.db), this.schema.sql, user.tenantId);
    const tenantSlug = existing?.tenantSlug ?? ((await this.crm.request(user, 'GET', '/v1/tenant')) as { slug: string }).slug;
    try {
      await this.db.transaction((m) => setTenantIdentityProvider(this.query(m), this.schema.sql, { tenantId: user.tenantId, tenantSlug, who: whoOf(user) }, raw));
    } catch (err) {
      if (err instanceof TenantIdentityProviderInvalid) throw new IdentityProviderRefusal(err.problems);
      if ((err as { code?: string }).code === '23505') throw new ConflictException('another tenant claimed one of these domains just now');
      throw err;
    }
    return this.view(user);
  }

  /** Removes the provider (audited); its people sign in with email and password again. @throws ForbiddenException (not an owner). */
  async remove(user: ConsoleUser): Promise<IdentityProviderPage> {
    ownerOnly(user);
    await this.db.transaction((m) => removeTenantIdentityProvider(this.query(m), this.schema.sql, { tenantId: user.tenantId, who: whoOf(user) }));
    return this.view(user);
  }

  private query(on: { query(sql: string, params: unknown[]): Promise<unknown> }): SqlQuery {
    return async (sql, params) => (await on.query(sql, params)) as unknown[];
  }
}

function ownerOnly(user: ConsoleUser): void {
  if (user.role !== 'owner') throw new ForbiddenException('the sign-in settings are for owners');
}

/** The audit's `changed_by` of a change made in the console (the CLI's are `cli:<OS user>` or TEXTBACK_OPERATOR). */
function whoOf(user: ConsoleUser): string {
  return `console:${user.email}`;
}
