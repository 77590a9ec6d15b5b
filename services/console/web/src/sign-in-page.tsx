import { Alert, Anchor, Button, Container, Divider, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { OidcSignInExceptionCode } from '../../src/modules/oidc/oidc-sign-in.exception';
import { api, ApiError, type SessionUser } from './api';

/** What the sign-in page says when single sign-on came back refused (`/sign-in?sign_in_error=<code>`). */
const SSO_ERRORS: Record<OidcSignInExceptionCode, string> = {
  [OidcSignInExceptionCode.NotConfigured]: 'Single sign-on is not set up for this console. Sign in with your email and password.',
  [OidcSignInExceptionCode.NoProvider]: 'Your organization does not sign in to this console through its own sign-in service. Sign in with your email and password.',
  [OidcSignInExceptionCode.DomainNotAllowed]: 'Your organization\'s sign-in service vouched for an email outside your business\'s domains, so you were not signed in.',
  [OidcSignInExceptionCode.ProviderUnavailable]: 'Your organization\'s sign-in service did not answer. Try again in a moment.',
  [OidcSignInExceptionCode.ProviderRefused]: 'Your organization\'s sign-in service did not sign you in (cancelled or refused). Try again.',
  [OidcSignInExceptionCode.FlowExpired]: 'The sign-in took too long or was started in another window. Try again.',
  [OidcSignInExceptionCode.InvalidIdToken]: 'The answer of your organization\'s sign-in service could not be verified, so you were not signed in. Tell your administrator.',
  [OidcSignInExceptionCode.EmailNotVerified]: 'Your organization\'s sign-in service did not confirm your email address, so you were not signed in.',
  [OidcSignInExceptionCode.UnknownUser]: 'You signed in with your organization, but this business has no console account for your email. Ask a manager to invite you.',
  [OidcSignInExceptionCode.SubjectMismatch]: 'This console account belongs to a different user of your organization\'s sign-in service. Ask a manager.',
};

/** The refusal the single sign-on callback sent the browser back with, removed from the address bar. */
function takeSsoError(): string | null {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('sign_in_error');
  if (code === null) return null;
  params.delete('sign_in_error');
  window.history.replaceState(null, '', `${window.location.pathname}${params.size > 0 ? `?${params.toString()}` : ''}`);
  return (SSO_ERRORS as Record<string, string>)[code] ?? 'Single sign-on failed. Try again.';
}

/**
 * Sign-in with email and password, or accepting an invitation code (from `textback users invite|reset`), or single
 * sign-on: the deployment's provider, a tenant's found by the email's domain, or at `/sign-in/<slug>` that tenant's.
 * `signedInAs`: the browser still holds that user's session (a refused single sign-on is explained here all the same,
 * with a way back to the inbox).
 */
export function SignInPage({ onSignedIn, tenantSlug = null, signedInAs = null }: { onSignedIn: (user: SessionUser) => void; tenantSlug?: string | null; signedInAs?: SessionUser | null | undefined }) {
  const [mode, setMode] = useState<'sign-in' | 'invitation'>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(takeSsoError);
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState<{ providerName: string; startUrl: string } | null>(null);
  const [ssoByEmail, setSsoByEmail] = useState(false);
  useEffect(() => {
    api.signInOptions(tenantSlug ?? undefined).then(
      (o) => (setSso(o.tenantSso ?? o.sso), setSsoByEmail(o.ssoByEmail)),
      () => setSso(null),
    );
  }, [tenantSlug]);
  /** Single sign-on at the provider of the tenant that claimed the email's domain (a full navigation, and back). */
  const continueWithSso = () => {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim())) {
      setError('Enter your work email first: it tells the console where your organization signs in.');
      return;
    }
    window.location.assign(`/api/oidc/start?email=${encodeURIComponent(email.trim())}`);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(mode === 'sign-in' ? await api.signIn(email, password) : await api.acceptInvitation(email, code, password));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The console did not answer; try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Container size={420} py="xl">
      <Title order={1} ta="center" mb="lg">
        Textback console
      </Title>
      <Paper withBorder shadow="sm" p="lg" component="form" onSubmit={(e: FormEvent) => void submit(e)} aria-label={mode === 'sign-in' ? 'Sign in' : 'Accept invitation'}>
        <Stack>
          {error && (
            <Alert color="red" role="alert" title="Could not sign in">
              {error}
            </Alert>
          )}
          {signedInAs && (
            <Button type="button" variant="light" fullWidth onClick={() => onSignedIn(signedInAs)}>
              Continue as {signedInAs.name}
            </Button>
          )}
          <TextInput label="Email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
          {mode === 'invitation' && <TextInput label="Invitation code" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.currentTarget.value)} />}
          <PasswordInput
            label={mode === 'sign-in' ? 'Password' : 'New password (at least 8 characters)'}
            autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={busy} fullWidth>
            {mode === 'sign-in' ? 'Sign in' : 'Set password and sign in'}
          </Button>
          <Anchor component="button" type="button" size="sm" onClick={() => setMode(mode === 'sign-in' ? 'invitation' : 'sign-in')}>
            {mode === 'sign-in' ? 'I have an invitation code' : 'Back to sign-in'}
          </Anchor>
          {(sso || ssoByEmail) && mode === 'sign-in' && <Divider label="or" labelPosition="center" />}
          {ssoByEmail && mode === 'sign-in' && (
            <Button type="button" variant="default" fullWidth onClick={continueWithSso}>
              Continue with single sign-on
            </Button>
          )}
          {sso && mode === 'sign-in' && (
            <>
              {/* A plain link: the browser goes to the provider and back (no token ever reaches this page). */}
              <Button component="a" href={sso.startUrl} variant="default" fullWidth>
                Sign in with {sso.providerName}
              </Button>
            </>
          )}
        </Stack>
      </Paper>
    </Container>
  );
}
