// The owner's single sign-on screen: the tenant's own OpenID Connect provider (what `textback sso set|show|remove`
// does), validated by the same rules and audited the same way, through /api/identity-provider.
import '@mantine/core/styles/InlineInput.css';
import '@mantine/core/styles/Checkbox.css';
import '@mantine/core/styles/Code.css';
import { Alert, Button, Card, Checkbox, Code, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { DEFAULT_JWKS_ALGORITHMS, JWKS_ALGORITHMS } from '../../../../libs/auth/src/jwt-policy.constants';
import { api, ApiError, type IdentityProviderPage } from './api';
import { formatWhen } from './labels';

/** The form's fields, as text (domains and algorithms as lists). */
interface Draft {
  providerName: string;
  issuer: string;
  clientId: string;
  clientSecretEnv: string;
  emailDomains: string;
  algorithms: string[];
  defaultRole: 'none' | 'dispatcher' | 'location_manager';
  defaultLocationIds: string[];
}

const EMPTY: Draft = { providerName: '', issuer: '', clientId: '', clientSecretEnv: 'OIDC_CLIENT_SECRET_', emailDomains: '', algorithms: [...DEFAULT_JWKS_ALGORITHMS], defaultRole: 'none', defaultLocationIds: [] };

function draftOf(page: IdentityProviderPage): Draft {
  const p = page.provider;
  if (!p) return EMPTY;
  return {
    providerName: p.providerName,
    issuer: p.issuer,
    clientId: p.clientId,
    clientSecretEnv: p.clientSecretEnv,
    emailDomains: p.emailDomains.join(', '),
    algorithms: [...p.algorithms],
    defaultRole: p.defaultRole ?? 'none',
    defaultLocationIds: [...p.defaultLocationIds],
  };
}

/** The tenant's own identity provider: view, set or remove it (owners only; the API refuses anyone else). */
export function IdentityProviderPageView() {
  const [page, setPage] = useState<IdentityProviderPage | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<{ message: string; problems: readonly string[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);

  const show = (p: IdentityProviderPage) => {
    setPage(p);
    setDraft(draftOf(p));
  };
  useEffect(() => {
    api.identityProvider().then(show, (err: unknown) => setError({ message: err instanceof ApiError ? err.message : 'The sign-in settings could not be loaded.', problems: [] }));
  }, []);

  const run = async (action: () => Promise<IdentityProviderPage>, done: string) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      show(await action());
      setNotice(done);
    } catch (err) {
      setError(err instanceof ApiError ? { message: err.message, problems: err.problems } : { message: 'The console did not answer; try again.', problems: [] });
    } finally {
      setBusy(false);
      setConfirmRemove(false);
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(
      () =>
        api.setIdentityProvider({
          providerName: draft.providerName,
          issuer: draft.issuer.trim(),
          clientId: draft.clientId,
          clientSecretEnv: draft.clientSecretEnv.trim(),
          emailDomains: draft.emailDomains.split(',').map((d) => d.trim()).filter(Boolean),
          algorithms: draft.algorithms,
          defaultRole: draft.defaultRole === 'none' ? null : draft.defaultRole,
          defaultLocationIds: draft.defaultRole === 'none' ? [] : draft.defaultLocationIds,
        }),
      'Saved. People of these domains now sign in at this provider.',
    );
  };
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  return (
    <Stack maw={720}>
      <Title order={2}>Single sign-on</Title>
      <Text size="sm">
        Your business&apos;s own identity provider (OpenID Connect): the people of your email domains sign in there instead of with a password. The same rules and audit as the operator&apos;s{' '}
        <Code>textback sso set</Code>.
      </Text>
      {error && (
        <Alert color="red" role="alert" title={error.message === error.problems.join('; ') ? 'Not saved' : error.message}>
          {error.problems.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {error.problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {notice && (
        <Alert color="green" role="status">
          {notice}
        </Alert>
      )}
      {page && (
        <Card withBorder>
          <Stack gap={4}>
            <Text size="sm">
              Status: {page.provider ? `signing in ${page.provider.emailDomains.join(', ')} at ${page.provider.issuer} (revision ${page.provider.revision})` : 'no identity provider; everyone signs in with email and password'}
            </Text>
            {page.redirectUrl ? (
              <Text size="sm">
                Register this redirect URL at your provider: <Code>{page.redirectUrl}</Code>
              </Text>
            ) : (
              <Text size="sm" c="red.9">
                This console has no OIDC_REDIRECT_URL: your provider cannot be used until the operator sets it.
              </Text>
            )}
            {page.signInPath && (
              <Text size="sm">
                Your sign-in link: <Code>{page.signInPath}</Code>
              </Text>
            )}
            {page.provider && !page.secretConfigured && (
              <Text size="sm" c="red.9">
                The console has no variable {page.provider.clientSecretEnv}: ask the operator to set the client secret there, sign-in fails until then.
              </Text>
            )}
          </Stack>
        </Card>
      )}
      {page && (
        <Card withBorder component="form" onSubmit={save} aria-label="Identity provider">
          <Stack>
            <TextInput label="Button label" description="Shown as “Sign in with …”" required value={draft.providerName} onChange={(e) => set('providerName', e.currentTarget.value)} />
            <TextInput label="Issuer URL" description="https (http only on localhost); ID tokens must name exactly this issuer" required value={draft.issuer} onChange={(e) => set('issuer', e.currentTarget.value)} />
            <TextInput label="Client ID" description="The console's client at the provider: the audience every ID token must carry" required value={draft.clientId} onChange={(e) => set('clientId', e.currentTarget.value)} />
            <TextInput
              label="Client secret variable"
              description="The console's environment variable holding the secret (OIDC_CLIENT_SECRET_<NAME>); the secret itself is never entered here"
              required
              value={draft.clientSecretEnv}
              onChange={(e) => set('clientSecretEnv', e.currentTarget.value)}
            />
            <TextInput label="Email domains" description="Comma-separated, e.g. acme.example, acme-west.example" required value={draft.emailDomains} onChange={(e) => set('emailDomains', e.currentTarget.value)} />
            <Checkbox.Group label="ID token algorithms" value={draft.algorithms} onChange={(v) => set('algorithms', v)}>
              <Group gap="sm" mt={4}>
                {JWKS_ALGORITHMS.map((a) => (
                  <Checkbox key={a} value={a} label={a} />
                ))}
              </Group>
            </Checkbox.Group>
            <Select
              label="Role of people without an account"
              description="At first sign-in, a person of these domains with no console account gets this role, or is refused"
              data={[
                { value: 'none', label: 'None: refuse until invited' },
                { value: 'dispatcher', label: 'Dispatcher' },
                { value: 'location_manager', label: 'Location manager' },
              ]}
              value={draft.defaultRole}
              allowDeselect={false}
              onChange={(v) => set('defaultRole', (v ?? 'none') as Draft['defaultRole'])}
            />
            {draft.defaultRole !== 'none' && (
              <Checkbox.Group label="Their locations" value={draft.defaultLocationIds} onChange={(v) => set('defaultLocationIds', v)}>
                <Group gap="sm" mt={4}>
                  {page.locations.map((l) => (
                    <Checkbox key={l.locationId} value={l.locationId} label={l.name} />
                  ))}
                </Group>
              </Checkbox.Group>
            )}
            <Group>
              <Button type="submit" loading={busy}>
                Save identity provider
              </Button>
              {page.provider && !confirmRemove && (
                <Button type="button" color="red" variant="outline" onClick={() => setConfirmRemove(true)}>
                  Remove identity provider
                </Button>
              )}
              {page.provider && confirmRemove && (
                <Button type="button" color="red" loading={busy} onClick={() => void run(() => api.removeIdentityProvider(), 'Removed. Everyone signs in with email and password.')}>
                  Confirm removal
                </Button>
              )}
            </Group>
          </Stack>
        </Card>
      )}
      {page && page.history.length > 0 && (
        <Stack gap={4}>
          <Title order={3} size="h5">
            Changes
          </Title>
          <ul aria-label="Changes" style={{ margin: 0, paddingLeft: 18 }}>
            {page.history.map((h, i) => (
              <li key={i}>
                <Text size="sm" span>
                  {formatWhen(h.changedAt)}: {h.changedBy} {h.action === 'set' ? `set ${h.issuer ?? ''} (client ${h.clientId ?? ''})` : `removed ${h.issuer ?? 'the provider'}`}
                </Text>
              </li>
            ))}
          </ul>
        </Stack>
      )}
    </Stack>
  );
}
