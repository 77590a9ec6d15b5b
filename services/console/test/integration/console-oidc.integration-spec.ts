import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServiceDataSource, quoteSchema, runMigrations } from '@textback/persistence';
import { type ServiceDefinition } from '@textback/platform';
import { loadStackEnv, OidcStandIn, uniqueSchemaName } from '@textback/testing';
import cookieParser from 'cookie-parser';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type DataSource } from 'typeorm';
import { ensureChromium } from '../../../reporting/test/utils/ensure-chromium';
import { AppModule } from '../../src/app.module';
import { loadConsoleEnv } from '../../src/config/console.env';
import { consoleService } from '../../src/console.definition';
import { consoleUserSql } from '../../src/modules/accounts/console-user.repository';
import { serveWebApp } from '../../src/modules/web/web-app.static';

const stack = loadStackEnv();
const schema = uniqueSchemaName('console_oidc');
const definition: ServiceDefinition = { ...consoleService, name: `it-console-oidc-${randomUUID().slice(0, 8)}`, schema };
/** The console's port in this spec: the redirect URL registered at the provider must be known before it starts. */
const CONSOLE_PORT = 3975;
const CONSOLE_URL = `http://127.0.0.1:${CONSOLE_PORT}`;
const REDIRECT = `${CONSOLE_URL}/api/oidc/callback`;
const WEB_DIR = join(__dirname, '../../../../dist/services/console/web');

/**
 * Issue #17, OpenID Connect sign-in in Debian's Chromium (playwright-core drives /usr/bin/chromium): the console
 * (in this process, real PostgreSQL and migrations, the built web app) with a franchise's identity provider played
 * by the local stand-in (discovery, JWKS, authorize and token endpoints on 127.0.0.1). A dispatcher the business
 * created signs in with "Sign in with Acme SSO" and lands in the inbox with the same HttpOnly SameSite=Strict
 * session cookie as a local sign-in and no token in the URL; a person the business has no account for and an
 * ID token for another audience are refused with a clear message on the sign-in page.
 * Needs `npm run build` (the web app in dist/services/console/web).
 */
describe('console OpenID Connect sign-in in Chromium', () => {
  const tenantId = randomUUID();
  const idp = new OidcStandIn({ clientId: 'textback-console', clientSecret: 'acme-idp-secret-for-the-console', redirectUris: [REDIRECT] });
  let app: INestApplication;
  let db: DataSource;
  let browser: Browser;
  let page: Page;
  const email = `dana-${schema}@acme.example`;

  beforeAll(async () => {
    await idp.start();
    const migrator = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-migrate', migrations: definition.migrations }).initialize();
    await runMigrations(migrator, schema);
    await migrator.destroy();
    db = await createServiceDataSource({ url: stack.DATABASE_URL, schema, applicationName: 'it-assert', poolSize: 2 }).initialize();
    // Created by the operator without a password: this user only ever signs in through the provider.
    await db.query(
      consoleUserSql.insert(quoteSchema(schema)),
      consoleUserSql.insertParams({ tenantId, email, name: 'Dana Dispatcher', role: 'dispatcher', regionIds: [], locationIds: [], passwordHash: null, inviteCodeSha256: null, inviteExpiresAt: null }),
    );
    const env = loadConsoleEnv({
      DATABASE_URL: stack.DATABASE_URL,
      KAFKA_BROKERS: stack.KAFKA_BROKERS,
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'it-console-secret-0123456789abcdefghijkl',
      JWT_ISSUER: 'it',
      JWT_AUDIENCE: 'it',
      COOKIE_SECURE: 'false',
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: 'textback-console',
      OIDC_CLIENT_SECRET: 'acme-idp-secret-for-the-console',
      OIDC_REDIRECT_URL: REDIRECT,
      OIDC_TENANT_ID: tenantId,
      OIDC_PROVIDER_NAME: 'Acme SSO',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(env, definition)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    app.use(cookieParser());
    serveWebApp(app, WEB_DIR);
    await app.init();
    await app.listen(CONSOLE_PORT, '127.0.0.1');
    browser = await chromium.launch({ executablePath: ensureChromium(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await idp.stop();
    await db?.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
    await db?.destroy();
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  });
  afterEach(async () => {
    idp.tamper(null);
    await page.context().close();
  });

  /** Where the browser went on its way: every URL of a top-level navigation. */
  function navigations(p: Page): string[] {
    const urls: string[] = [];
    p.on('framenavigated', (frame) => {
      if (frame === p.mainFrame()) urls.push(frame.url());
    });
    return urls;
  }

  it('signs a user of the tenant in through the provider and lands in the inbox with the cookie session', async () => {
    idp.signInAs({ sub: 'acme-user-1', email: email.toUpperCase(), name: 'Dana' });
    const visited = navigations(page);
    await page.goto(CONSOLE_URL);
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${CONSOLE_URL}/`);
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([{ name: 'tb_session', httpOnly: true, sameSite: 'Strict' }]);
    // The provider's request carried PKCE (S256), state and nonce; the only secret a URL ever held is the one-time code.
    expect(idp.authorizationRequests.at(-1)).toMatchObject({ redirectUri: REDIRECT, codeChallengeMethod: 'S256' });
    expect(visited.filter((u) => /token|id_token|access_token/i.test(new URL(u).search + new URL(u).hash))).toEqual([]);
    const session = await page.evaluate(async () => (await (await fetch('/api/session')).json()) as { user: { email: string; name: string } });
    expect(session.user).toMatchObject({ email, name: 'Dana Dispatcher' });
    const bound = await db.query<{ oidc_issuer: string; oidc_subject: string }[]>(`SELECT oidc_issuer, oidc_subject FROM ${quoteSchema(schema)}.console_user WHERE email = $1`, [email]);
    expect(bound).toEqual([{ oidc_issuer: idp.issuer, oidc_subject: 'acme-user-1' }]);
  });

  it('refuses a person the business has no account for, with a clear message and no session', async () => {
    idp.signInAs({ sub: 'acme-user-2', email: `stranger-${schema}@acme.example` });
    await page.goto(CONSOLE_URL);
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.getByRole('alert').getByText('this business has no console account for your email').waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${CONSOLE_URL}/`);
    expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);
  });

  it('refuses an ID token issued for another audience', async () => {
    idp.signInAs({ sub: 'acme-user-1', email });
    idp.tamper({ audience: 'another-application' });
    await page.goto(CONSOLE_URL);
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.getByRole('alert').getByText('could not be verified').waitFor({ timeout: 15_000 });
    expect((await page.context().cookies()).map((c) => c.name)).toEqual([]);
  });
});
