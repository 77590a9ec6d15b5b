import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError, type InboxRow } from './api';
import { describeDispatch, formatPhone } from './labels';

/**
 * The dispatch queue at the top of the inbox: pages nobody acknowledged and open urgent conversations, most
 * pressing first (the API orders them). Each can be opened, and a page acknowledged in place (the escalation
 * stops as when the on-call person texts ACK). Rows come from the inbox page, which refreshes them on the live
 * stream like the rest of the inbox.
 */
export function DispatchQueue({ rows, onOpen, onChanged }: { rows: InboxRow[]; onOpen: (id: string) => void; onChanged: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (rows.length === 0) return null;
  const acknowledge = async (row: InboxRow) => {
    setBusy(row.id);
    setError(null);
    try {
      await api.acknowledgePage(row.id);
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The console did not answer; try again.');
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack gap="xs" component="section" aria-labelledby="dispatch-heading">
      <Group gap="xs">
        <Title order={2} id="dispatch-heading">
          Dispatch
        </Title>
        <Badge color="red" aria-label={`${rows.length} waiting`}>
          {rows.length}
        </Badge>
      </Group>
      {error && (
        <Alert color="red" role="alert" title="Refused">
          {error}
        </Alert>
      )}
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Dispatch queue">
        {rows.map((row) => {
          const shown = formatPhone(row.callerE164);
          const unacknowledged = row.dispatch !== null && row.dispatch.state !== 'acknowledged';
          return (
            <li key={row.id} data-testid="dispatch-row">
              <Card withBorder padding="sm" style={{ borderColor: 'var(--mantine-color-red-8)', borderWidth: 2 }}>
                <Group justify="space-between" wrap="wrap" align="center" gap="xs">
                  <Stack gap={2} style={{ minWidth: 0, flex: '1 1 240px' }}>
                    <Group gap="xs" wrap="wrap">
                      <Anchor
                        href={`/conversations/${row.id}`}
                        fw={600}
                        onClick={(e) => {
                          e.preventDefault();
                          onOpen(row.id);
                        }}
                        aria-label={`Open the urgent conversation with ${shown} at ${row.locationName}`}
                      >
                        {shown}
                      </Anchor>
                      <Text size="sm" c="dimmed">
                        {row.locationName}
                      </Text>
                    </Group>
                    {row.need && (
                      <Text size="sm" lineClamp={2}>
                        {row.need}
                      </Text>
                    )}
                    <Text size="sm" c={row.dispatch?.state === 'exhausted' ? 'red.9' : undefined} fw={600}>
                      {row.dispatch ? describeDispatch(row.dispatch) : 'Urgent; nobody has been paged'}
                    </Text>
                  </Stack>
                  {unacknowledged && (
                    <Button color="red" loading={busy === row.id} onClick={() => void acknowledge(row)} aria-label={`Acknowledge the page for ${shown}`}>
                      Acknowledge
                    </Button>
                  )}
                </Group>
              </Card>
            </li>
          );
        })}
      </Stack>
    </Stack>
  );
}
