import { ConfigValidationException } from '@textback/config';
import { loadConsoleEnv } from './console.env';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', KAFKA_BROKERS: '127.0.0.1:9092', JWT_SECRET: 'a-console-test-secret-of-32-characters!', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' };
const oidc = {
  OIDC_ISSUER_URL: 'https://login.acme.example',
  OIDC_CLIENT_ID: 'textback-console',
  OIDC_CLIENT_SECRET: 'secret',
  OIDC_REDIRECT_URL: 'https://console.acme.example/api/oidc/callback',
  OIDC_TENANT_ID: '6f1c0a4e-9d1b-4c55-8a43-2f8f4d0c0a01',
};

describe(loadConsoleEnv.name, () => {
  it('runs without OpenID Connect, and with all of its variables (RS256,ES256 by default)', () => {
    expect(loadConsoleEnv(base).OIDC_ISSUER_URL).toBeUndefined();
    expect(loadConsoleEnv({ ...base, ...oidc })).toMatchObject({ OIDC_CLIENT_ID: 'textback-console', OIDC_ALGORITHMS: ['RS256', 'ES256'], OIDC_PROVIDER_NAME: 'single sign-on' });
  });

  it('refuses part of the OpenID Connect variables, naming each one missing', () => {
    const { OIDC_CLIENT_SECRET: _secret, OIDC_TENANT_ID: _tenant, ...partial } = oidc;
    let thrown: unknown;
    try {
      loadConsoleEnv({ ...base, ...partial });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigValidationException);
    expect(String((thrown as Error).message)).toMatch(/OIDC_CLIENT_SECRET[\s\S]*OIDC_TENANT_ID|OIDC_TENANT_ID[\s\S]*OIDC_CLIENT_SECRET/);
  });

  it('refuses HMAC and none as ID-token algorithms', () => {
    expect(() => loadConsoleEnv({ ...base, ...oidc, OIDC_ALGORITHMS: 'RS256,HS256' })).toThrow(ConfigValidationException);
    expect(() => loadConsoleEnv({ ...base, ...oidc, OIDC_ALGORITHMS: 'none' })).toThrow(ConfigValidationException);
  });

  it('takes tenants\' client secrets from OIDC_CLIENT_SECRET_<NAME> and a redirect URL alone (tenants\' own providers)', () => {
    const env = loadConsoleEnv({ ...base, OIDC_REDIRECT_URL: 'https://console.example/api/oidc/callback', OIDC_CLIENT_SECRET_BRAVO: 'b-secret', OIDC_CLIENT_SECRET_: 'no name', OIDC_CLIENT_SECRETX: 'x' });
    expect(env.oidcClientSecrets).toEqual({ OIDC_CLIENT_SECRET_BRAVO: 'b-secret' });
    expect(env.OIDC_ISSUER_URL).toBeUndefined();
  });
});
