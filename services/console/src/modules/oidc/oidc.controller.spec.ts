import { signInErrorPath } from './oidc.controller';

describe('signInErrorPath', () => {
  it('sends a refused sign-in to the sign-in page with its code, never to /', () => {
    expect(signInErrorPath('sso_expired')).toBe('/sign-in?sign_in_error=sso_expired');
  });

  it('keeps a tenant\'s own sign-in link when the sign-in started there', () => {
    expect(signInErrorPath('sso_no_provider', 'acme-west')).toBe('/sign-in/acme-west?sign_in_error=sso_no_provider');
  });

  it('ignores a slug that is not one (no path or query injection)', () => {
    expect(signInErrorPath('sso_refused', '../admin?x=1')).toBe('/sign-in?sign_in_error=sso_refused');
  });
});
