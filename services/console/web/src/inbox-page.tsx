import { Alert, Badge, Card, Group, Select, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, takeBootRequest, type ConversationSource, type InboxFilter, type InboxRow, type VisibleLocation } from './api';
import { DispatchQueue } from './dispatch-queue';
import { FIRST_TEXT_REASONS, formatPhone, formatWhen, MISSED_REASONS, SOURCE_LABELS, STATUS_COLORS, STATUS_LABELS } from './labels';
import { useLiveChanges } from './live-events';

const STATUS_OPTIONS = (Object.keys(STATUS_LABELS) as InboxFilter[]).map((value) => ({ value, label: STATUS_LABELS[value] }));
const SOURCE_OPTIONS = (Object.keys(SOURCE_LABELS) as ConversationSource[]).map((value) => ({ value, label: SOURCE_LABELS[value] }));

/** The dispatch queue on top, then conversations at the user's locations, newest activity first; both updated live. */
export function InboxPage({ onOpen }: { onOpen: (id: string) => void }) {
  const [locations, setLocations] = useState<VisibleLocation[]>([]);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [status, setStatus] = useState<InboxFilter | null>(null);
  const [source, setSource] = useState<ConversationSource | null>(null);
  const [rows, setRows] = useState<InboxRow[] | null>(null);
  const [dispatch, setDispatch] = useState<InboxRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // Answers are applied when newer than the last one applied (for the current filters), not only when no newer
  // request is in flight: during a burst of live changes the list still updates with every answer.
  const issued = useRef(0);
  const applied = useRef(0);
  const filterKey = `${locationId ?? ''}|${status ?? ''}|${source ?? ''}`;
  const currentKey = useRef(filterKey);
  currentKey.current = filterKey;

  const load = useCallback(async () => {
    const ticket = ++issued.current;
    const key = `${locationId ?? ''}|${status ?? ''}|${source ?? ''}`;
    const fresh = () => key === currentKey.current && ticket > applied.current;
    try {
      const request = () => Promise.all([api.conversations({ ...(locationId ? { locationId } : {}), ...(status ? { status } : {}), ...(source ? { source } : {}) }), api.dispatchQueue()]);
      // The first load without filters takes the answers requested at boot (api.ts, startBootRequests).
      const [{ items }, queue] = await (key === '||' ? takeBootRequest('inbox', request) : request());
      if (fresh()) {
        applied.current = ticket;
        setRows(items);
        setDispatch(queue.items);
        setError(null);
      }
    } catch (err) {
      if (fresh()) setError(err instanceof ApiError ? err.message : 'The inbox could not be loaded.');
    }
  }, [locationId, status, source]);

  useEffect(() => {
    takeBootRequest('locations', () => api.locations()).then((r) => setLocations(r.locations), () => setLocations([]));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useLiveChanges((id) => {
    if (id) setAnnouncement('The inbox was updated');
    void load();
  });

  return (
    <Stack gap="sm" maw={960} mx="auto">
      <DispatchQueue rows={dispatch} onOpen={onOpen} onChanged={() => void load()} />
      <Group justify="space-between" align="end" wrap="wrap">
        <Title order={2}>Inbox</Title>
        <Group gap="xs" wrap="wrap">
          <Select
            label="Location"
            placeholder="All locations"
            clearable
            data={locations.map((l) => ({ value: l.locationId, label: l.name }))}
            value={locationId}
            onChange={setLocationId}
            w={200}
          />
          <Select label="Status" placeholder="Any status" clearable data={STATUS_OPTIONS} value={status} onChange={(v) => setStatus(v as InboxFilter | null)} w={170} />
          <Select label="Source" placeholder="Any source" clearable data={SOURCE_OPTIONS} value={source} onChange={(v) => setSource(v as ConversationSource | null)} w={170} />
        </Group>
      </Group>
      <VisuallyHidden aria-live="polite">{announcement}</VisuallyHidden>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {rows?.length === 0 && <Text c="dimmed">No conversations{status || locationId || source ? ' match these filters' : ' yet'}.</Text>}
      <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Conversations">
        {rows?.map((row) => (
          <li key={row.id}>
            <ConversationCard row={row} onOpen={onOpen} />
          </li>
        ))}
      </Stack>
    </Stack>
  );
}

function ConversationCard({ row, onOpen }: { row: InboxRow; onOpen: (id: string) => void }) {
  const suppressed = row.firstTextOutcome && row.firstTextOutcome !== 'sent' && row.firstTextReason;
  const shown = formatPhone(row.callerE164);
  return (
    <Card withBorder padding="sm" pos="relative" style={row.urgent ? { borderColor: 'var(--mantine-color-red-8)', borderWidth: 2 } : undefined}>
      <Group justify="space-between" wrap="nowrap" align="start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            {/* The row's one link (Tab reaches it, Enter opens it); it covers the whole card for pointers. */}
            <a
              href={`/conversations/${row.id}`}
              className="stretched-link"
              onClick={(e) => {
                e.preventDefault();
                onOpen(row.id);
              }}
              aria-label={`Conversation with ${shown} at ${row.locationName}${row.urgent ? ', urgent' : ''}`}
              data-testid="inbox-row"
              style={{ color: 'inherit', textDecoration: 'none', fontWeight: 600 }}
            >
              {shown}
            </a>
            <Text size="sm" c="dimmed">
              {row.locationName}
            </Text>
            {row.source && (
              <Text size="xs" c="dimmed">
                {SOURCE_LABELS[row.source as ConversationSource] ?? row.source}
                {row.trackingSource ? ` · ${row.trackingSource}` : ''}
              </Text>
            )}
          </Group>
          <Text size="sm" lineClamp={1}>
            {row.need ?? (row.intent ? `Intent: ${row.intent}` : row.missedCallReason ? `Missed call (${MISSED_REASONS[row.missedCallReason] ?? row.missedCallReason})` : 'New conversation')}
          </Text>
          {row.lastPreview && (
            <Text size="sm" c="dimmed" lineClamp={1}>
              “{row.lastPreview}”
            </Text>
          )}
          {suppressed && (
            <Text size="xs" c="red.9">
              First text {row.firstTextOutcome === 'deferred' ? 'delayed' : 'not sent'}: {FIRST_TEXT_REASONS[row.firstTextReason ?? ''] ?? row.firstTextReason}
            </Text>
          )}
        </Stack>
        <Stack gap={4} align="end" style={{ flexShrink: 0 }}>
          <Text size="xs" c="dimmed">
            <time dateTime={row.lastActivityAt}>{formatWhen(row.lastActivityAt)}</time>
          </Text>
          {row.urgent && <Badge color={STATUS_COLORS.urgent}>Urgent</Badge>}
          <Badge color={STATUS_COLORS[row.status]}>
            {STATUS_LABELS[row.status]}
          </Badge>
          {row.urgency && !row.urgent && (
            <Badge variant="outline" color="gray">
              {row.urgency}
            </Badge>
          )}
        </Stack>
      </Group>
    </Card>
  );
}
