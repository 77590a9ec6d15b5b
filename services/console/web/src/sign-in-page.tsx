import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, ApiError, type SessionUser } from './api';

/** Sign-in with email and password, or accepting an invitation code (from `textback users invite|reset`). */
export function SignInPage({ onSignedIn }: { onSignedIn: (user: SessionUser) => void }) {
  const [mode, setMode] = useState<'sign-in' | 'invitation'>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
        </Stack>
      </Paper>
    </Container>
  );
}
