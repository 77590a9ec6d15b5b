import { Alert, Loader } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, ApiError } from './api';

/**
 * The landing screen of a page text's link (`/dispatches/<dispatchId>`, reached after sign-in when needed): finds
 * the conversation the page is about and replaces the URL with it; says so when the page is unknown or not at the
 * user's locations.
 */
export function DispatchLink({ dispatchId, onResolved }: { dispatchId: string; onResolved: (conversationId: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.dispatchConversation(dispatchId).then(
      (r) => live && onResolved(r.conversationId),
      (err: unknown) => live && setError(err instanceof ApiError ? err.message : 'The console did not answer; reload to try again.'),
    );
    return () => {
      live = false;
    };
  }, [dispatchId, onResolved]);
  return error ? (
    <Alert color="red" role="alert" title="Page not found">
      {error}
    </Alert>
  ) : (
    <Loader aria-label="Opening the conversation" />
  );
}
