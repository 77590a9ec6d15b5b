import { AppShell, Button, Center, Group, Loader, Text, Title } from '@mantine/core';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { api, type SessionUser } from './api';
import { DispatchLink } from './dispatch-link';
import { InboxPage } from './inbox-page';
import { useRoute } from './router';
import { SignInPage } from './sign-in-page';

/** The conversation screen loads on first use: the inbox, the first screen, does not wait for its code. */
const ConversationPage = lazy(() => import('./conversation-page').then((m) => ({ default: m.ConversationPage })));
/** Location settings (owners and managers), loaded on first use. */
const SettingsPage = lazy(() => import('./settings-page').then((m) => ({ default: m.SettingsPage })));
const MANAGES_SETTINGS: readonly SessionUser['role'][] = ['owner', 'regional_manager', 'location_manager'];
const RoiPage = lazy(() => import('./roi-page').then((m) => ({ default: m.RoiPage })));
/** The tenant's own identity provider (owners only), loaded on first use. */
/** The opt-out review queue, loaded on first use. */
const ConsentReviewsPage = lazy(() => import('./consent-reviews-page').then((m) => ({ default: m.ConsentReviewsPage })));
const IdentityProviderPage = lazy(() => import('./identity-provider-page').then((m) => ({ default: m.IdentityProviderPageView })));

const ROLE_LABELS: Record<SessionUser['role'], string> = { owner: 'Owner', regional_manager: 'Regional manager', location_manager: 'Location manager', dispatcher: 'Dispatcher' };

/** The console: sign-in, then the inbox and conversations under one header. */
export function App() {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [route, navigate] = useRoute();
  /** A refused single sign-on came back (`/sign-in?sign_in_error=`): its reason shows even to a browser that still holds a session. */
  const [ssoRefused, setSsoRefused] = useState(() => new URLSearchParams(window.location.search).has('sign_in_error'));
  useEffect(() => {
    api.session().then(setUser, () => setUser(null));
  }, []);
  const openResolved = useCallback((conversationId: string) => navigate(`/conversations/${conversationId}`, { replace: true }), [navigate]);
  // Signed in on a sign-in URL with nothing to explain: the inbox's URL.
  useEffect(() => {
    if (user && route.screen === 'sign-in' && !ssoRefused) navigate('/', { replace: true });
  }, [user, route.screen, ssoRefused, navigate]);
  if (user === undefined)
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  if (user === null || (route.screen === 'sign-in' && ssoRefused)) {
    const enter = (signedIn: SessionUser) => {
      setSsoRefused(false);
      setUser(signedIn);
    };
    return <SignInPage onSignedIn={enter} tenantSlug={route.screen === 'sign-in' ? route.tenantSlug : null} signedInAs={user} />;
  }
  const signOut = async () => {
    await api.signOut().catch(() => undefined);
    setUser(null);
  };
  return (
    <AppShell header={{ height: 56 }} padding="sm">
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Title order={1} size="h4">
            <a href="/" onClick={(e) => (e.preventDefault(), navigate('/'))} style={{ color: 'inherit', textDecoration: 'none' }}>
              Textback
            </a>
          </Title>
          <Group gap="xs" wrap="nowrap">
            {MANAGES_SETTINGS.includes(user.role) && (
              <Button component="a" href="/settings" variant="subtle" size="xs" onClick={(e) => (e.preventDefault(), navigate('/settings'))}>
                Settings
              </Button>
            )}
            {user.role === 'owner' && (
              <Button component="a" href="/single-sign-on" variant="subtle" size="xs" onClick={(e: React.MouseEvent) => (e.preventDefault(), navigate('/single-sign-on'))}>
                Single sign-on
              </Button>
            )}
            <Button component="a" href="/consent-reviews" variant="subtle" size="xs" onClick={(e: React.MouseEvent) => (e.preventDefault(), navigate('/consent-reviews'))}>
              Opt-out reviews
            </Button>
            <Button component="a" href="/reports/roi" variant="subtle" size="xs" onClick={(e: React.MouseEvent) => (e.preventDefault(), navigate('/reports/roi'))}>
              ROI
            </Button>
            <Text size="sm" visibleFrom="xs">
              {user.name} · {ROLE_LABELS[user.role]}
            </Text>
            <Button variant="subtle" size="xs" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Suspense fallback={<Loader aria-label="Loading" />}>
          {route.screen === 'roi' ? (
            <RoiPage />
          ) : route.screen === 'consent-reviews' ? (
            <ConsentReviewsPage />
          ) : route.screen === 'single-sign-on' ? (
            <IdentityProviderPage />
          ) : route.screen === 'conversation' ? (
            <ConversationPage id={route.id} user={user} onBack={() => navigate('/')} />
          ) : route.screen === 'settings' ? (
            <SettingsPage locationId={route.locationId} onLocation={(id) => navigate(`/locations/${id}/settings`)} />
          ) : route.screen === 'dispatch' ? (
            <DispatchLink dispatchId={route.dispatchId} onResolved={openResolved} />
          ) : (
            <InboxPage onOpen={(id) => navigate(`/conversations/${id}`)} />
          )}
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
