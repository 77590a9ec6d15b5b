import { useEffect, useRef } from 'react';

/**
 * Subscribes to the console's server-sent events (`/api/events`, same origin, session cookie) while mounted:
 * `onChange(conversationId)` for every change the user may see, and `onChange(null)` when the stream
 * (re)opens, so the page refetches after a gap. The browser's EventSource reconnects by itself; no polling.
 */
export function useLiveChanges(onChange: (conversationId: string | null) => void): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    const source = new EventSource('/api/events', { withCredentials: true });
    const onConversation = (e: MessageEvent<string>) => {
      const data = JSON.parse(e.data) as { conversationId: string };
      handler.current(data.conversationId);
    };
    const onOpen = () => handler.current(null);
    source.addEventListener('conversation', onConversation);
    source.addEventListener('open', onOpen);
    return () => source.close();
  }, []);
}
