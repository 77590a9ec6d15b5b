import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ROOT_LOGGER } from '@textback/platform';
import { type Response } from 'express';
import { type Logger } from 'pino';
import { type ConsoleRequest, SESSION_COOKIE } from '../accounts/session.guard';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { type SignInOptionsResponseDto } from './dto/sign-in-options.response.dto';
import { OidcSignInException } from './oidc-sign-in.exception';
import { OIDC_FLOW_TTL_MS, OidcSignInService } from './oidc-sign-in.service';

/** Cookie binding a started OpenID Connect sign-in to the browser that started it. */
export const OIDC_FLOW_COOKIE = 'tb_oidc_flow';
/** Path of the flow cookie: only the callback needs it. */
const OIDC_FLOW_COOKIE_PATH = '/api/oidc';
/** A tenant slug as lead-crm allows it (and the sign-in page's `/sign-in/<slug>` link). */
const TENANT_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * OpenID Connect sign-in: `GET /api/sign-in-options` (whether a provider is configured, for the sign-in page),
 * `GET /api/oidc/start` (redirects to the provider) and `GET /api/oidc/callback` (the registered redirect URL:
 * sets the session cookie and goes to the inbox, or to the sign-in page, `/sign-in?sign_in_error=<code>`
 * (`/sign-in/<slug>?…` when the sign-in started at a tenant's own link), which explains the refusal; a refused
 * sign-in never lands on `/`, where a browser that still holds a session would show the inbox and no reason).
 * The flow cookie is SameSite=Lax because the provider's redirect back is a cross-site top-level navigation
 * (a Strict cookie would not come with it); the session cookie stays Strict like a local sign-in's.
 * No token ever appears in a URL: only the provider's one-time code and the state on the callback.
 */
@Controller('api')
export class OidcController {
  constructor(
    private readonly oidc: OidcSignInService,
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  /**
   * How the sign-in page may offer single sign-on: the deployment provider's button, "by email" when tenants bring
   * their own, and with `?tenant=<slug>` (the page at `/sign-in/<slug>`) that tenant's own button, or none.
   */
  @Get('sign-in-options')
  async options(@Req() req: ConsoleRequest & { query: Record<string, unknown> }): Promise<SignInOptionsResponseDto> {
    const slug = text(req.query.tenant);
    const name = this.oidc.providerName;
    const tenantName = slug && TENANT_SLUG.test(slug) ? await this.oidc.tenantProviderName(slug) : null;
    return {
      sso: name === null ? null : { providerName: name, startUrl: '/api/oidc/start' },
      ssoByEmail: this.oidc.tenantProvidersEnabled,
      tenantSso: slug && tenantName !== null ? { providerName: tenantName, startUrl: `/api/oidc/start?tenant=${encodeURIComponent(slug)}` } : null,
    };
  }

  /**
   * Starts a sign-in: `?email=` at the provider of the tenant that claimed the email's domain (the sign-in page's
   * "Continue with single sign-on"), `?tenant=<slug>` at that tenant's provider (a link a franchise can publish),
   * neither at the deployment's provider.
   */
  @Get('oidc/start')
  async start(@Req() req: ConsoleRequest & { query: Record<string, unknown> }, @Res() res: Response): Promise<void> {
    const email = text(req.query.email);
    const tenantSlug = text(req.query.tenant);
    try {
      const flow = await this.oidc.start(email ? { email } : tenantSlug ? { tenantSlug } : 'deployment');
      res.cookie(OIDC_FLOW_COOKIE, flow.flowCookieValue, { httpOnly: true, sameSite: 'lax', secure: this.settings.cookieSecure, path: OIDC_FLOW_COOKIE_PATH, maxAge: OIDC_FLOW_TTL_MS });
      res.redirect(302, flow.authorizationUrl);
    } catch (err) {
      this.refused(err, res, tenantSlug);
    }
  }

  @Get('oidc/callback')
  async callback(@Req() req: ConsoleRequest & { query: Record<string, unknown> }, @Res() res: Response): Promise<void> {
    res.clearCookie(OIDC_FLOW_COOKIE, { httpOnly: true, sameSite: 'lax', secure: this.settings.cookieSecure, path: OIDC_FLOW_COOKIE_PATH });
    try {
      // Read field by field: providers add parameters of their own (Google: scope, authuser, hd, prompt), so a
      // whitelisting DTO would refuse real callbacks.
      const session = await this.oidc.finish(req.cookies?.[OIDC_FLOW_COOKIE], { code: text(req.query.code), state: text(req.query.state), error: text(req.query.error), iss: text(req.query.iss) });
      res.cookie(SESSION_COOKIE, session.cookieValue, { httpOnly: true, sameSite: 'strict', secure: this.settings.cookieSecure, path: '/', expires: session.expiresAt });
      this.log.info({ userId: session.user.id, tenantId: session.user.tenantId }, 'console: signed in with OpenID Connect');
      res.redirect(303, '/');
    } catch (err) {
      this.refused(err, res);
    }
  }

  /**
   * Sends the browser to the sign-in page with the reason's code ({@link signInErrorPath}); anything else is a
   * server error.
   */
  private refused(err: unknown, res: Response, tenantSlug?: string): void {
    if (!(err instanceof OidcSignInException)) throw err;
    this.log.warn({ code: err.code, reason: err.message }, 'console: OpenID Connect sign-in refused');
    res.redirect(303, signInErrorPath(err.code, tenantSlug));
  }
}

/**
 * Where a refused sign-in sends the browser: the sign-in page with the refusal's code, `/sign-in?sign_in_error=<code>`,
 * or `/sign-in/<slug>?sign_in_error=<code>` for a valid tenant slug (that tenant's own button stays on the page).
 */
export function signInErrorPath(code: string, tenantSlug?: string): string {
  const page = tenantSlug && TENANT_SLUG.test(tenantSlug) ? `/sign-in/${tenantSlug}` : '/sign-in';
  return `${page}?sign_in_error=${encodeURIComponent(code)}`;
}


/** A query parameter given once, as text (bounded); anything else is absent. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 4096 ? value : undefined;
}
