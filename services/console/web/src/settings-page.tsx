// The location settings screen (owners and managers): hours, holidays, quiet hours, ring timeout, templates,
// services and ticket values, on-call rotation; saved through lead-crm (tenants apply's rules), published and audited.
import '@mantine/core/styles/Table.css';
import { ActionIcon, Alert, Badge, Button, Card, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type LastCall, type LocationSettings, type LocationSettingsKey, type LocationSettingsPage, type VisibleLocation } from './api';
import { formatPhone, formatWhen, MISSED_REASONS } from './labels';
import { HolidaysEditor, ProblemList, TemplatesEditor, WeeklyHoursEditor } from './settings-editors';

const FIELD_LABELS: Record<LocationSettingsKey, string> = {
  businessHours: 'business hours',
  bookingHours: 'booking hours',
  holidays: 'holidays',
  quietHours: 'quiet hours',
  ringTimeoutSeconds: 'ring timeout',
  templates: 'templates',
  services: 'services',
  onCall: 'on-call rotation',
};

const ROLE_WORDS: Record<string, string> = { owner: 'owner', admin: 'admin', regional_manager: 'regional manager', location_manager: 'location manager' };

/** The settings of one location the user manages; `locationId` null: the first of theirs. */
export function SettingsPage({ locationId, onLocation }: { locationId: string | null; onLocation: (id: string) => void }) {
  const [locations, setLocations] = useState<VisibleLocation[]>([]);
  const [page, setPage] = useState<LocationSettingsPage | null>(null);
  const [draft, setDraft] = useState<LocationSettings | null>(null);
  const [error, setError] = useState<{ message: string; problems: readonly string[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const choose = useRef(onLocation);
  choose.current = onLocation;

  useEffect(() => {
    api.locations().then(
      (r) => {
        setLocations(r.locations);
        if (!locationId && r.locations[0]) choose.current(r.locations[0].locationId);
      },
      () => setLocations([]),
    );
  }, [locationId]);

  const load = useCallback(async (id: string) => {
    try {
      const p = await api.locationSettings(id);
      setPage(p);
      setDraft(structuredClone(p.settings));
      setError(null);
    } catch (err) {
      setError({ message: err instanceof ApiError ? err.message : 'The settings could not be loaded.', problems: [] });
    }
  }, []);
  useEffect(() => {
    if (locationId) void load(locationId);
  }, [locationId, load]);

  const save = async () => {
    if (!page || !draft) return;
    setSaving(true);
    setNotice(null);
    setError(null);
    try {
      const result = await api.saveLocationSettings(page.locationId, page.revision, draft);
      setPage(result.page);
      setDraft(structuredClone(result.page.settings));
      setNotice(result.outcome === 'updated' ? `Saved and published (revision ${result.page.revision}).` : 'Nothing changed.');
    } catch (err) {
      setError(err instanceof ApiError ? { message: err.message, problems: err.problems } : { message: 'The settings could not be saved.', problems: [] });
    } finally {
      setSaving(false);
    }
  };

  const set = <K extends LocationSettingsKey>(key: K, value: LocationSettings[K]) => setDraft((d) => (d ? { ...d, [key]: value } : d));
  const sample: Record<string, string> = page
    ? { businessName: page.businessName, locationName: page.locationName, callbackNumber: '(303) 555-0100', callbackWindow: 'today 2-4 pm', serviceName: draft?.services[0]?.name ?? 'Furnace repair', firstName: 'Alex', bookingTime: 'Tue 9:00 am', bookingLink: 'https://example.com/b/abc', name: ', Alex', service: ' for furnace repair', examples: ' (e.g. furnace repair)', safetyLine: 'If anyone is in danger, call 911.', place: '80202' }
    : {};

  return (
    <Stack gap="md" maw={960} mx="auto">
      <Group justify="space-between" align="end" wrap="wrap">
        <Title order={2}>Location settings</Title>
        <Select
          label="Location"
          data={locations.map((l) => ({ value: l.locationId, label: l.name }))}
          value={locationId}
          onChange={(id) => id && onLocation(id)}
          allowDeselect={false}
          w={220}
        />
      </Group>
      {error && (error.problems.length > 0 ? <ProblemList title="The settings were not saved" problems={error.problems} /> : <Alert color="red" role="alert">{error.message}</Alert>)}
      {page && draft && (
        <>
          <Text size="sm" c="dimmed">
            {page.businessName} · {page.locationName} · times are local to {page.timeZone} · revision {page.revision}
          </Text>
          <Card withBorder component="section" aria-labelledby="hours-title">
            <Title order={3} size="h5" id="hours-title" mb="xs">
              Business hours
            </Title>
            <Text size="xs" c="dimmed" mb="xs">
              When calls are forwarded to your line; outside them callers hear the after-hours greeting and get a text.
            </Text>
            <WeeklyHoursEditor name="Business hours" value={draft.businessHours} onChange={(v) => set('businessHours', v)} />
          </Card>
          <Card withBorder component="section" aria-labelledby="booking-title">
            <Title order={3} size="h5" id="booking-title" mb="xs">
              Booking hours
            </Title>
            {draft.bookingHours ? (
              <Stack gap="xs">
                <WeeklyHoursEditor name="Booking hours" value={draft.bookingHours} onChange={(v) => set('bookingHours', v)} />
                <Button variant="subtle" size="compact-xs" w="fit-content" onClick={() => setDraft((d) => (d ? dropKey(d, 'bookingHours') : d))}>
                  Use the default (business hours, 07:00–20:00)
                </Button>
              </Stack>
            ) : (
              <Group gap="xs">
                <Text size="sm">Default: business hours cut to 07:00–20:00.</Text>
                <Button variant="light" size="compact-xs" onClick={() => set('bookingHours', structuredClone(draft.businessHours))}>
                  Set booking hours
                </Button>
              </Group>
            )}
          </Card>
          <Group grow align="start" wrap="wrap">
            <Card withBorder component="section" aria-labelledby="holidays-title" miw={260}>
              <Title order={3} size="h5" id="holidays-title" mb="xs">
                Holidays
              </Title>
              <HolidaysEditor value={draft.holidays} onChange={(v) => set('holidays', v)} />
            </Card>
            <Card withBorder component="section" aria-labelledby="calls-title" miw={260}>
              <Title order={3} size="h5" id="calls-title" mb="xs">
                Calls and texts
              </Title>
              <Stack gap="xs">
                <NumberInput label="Ring timeout (seconds)" description="How long a forwarded call rings before it counts as missed" min={5} max={120} value={draft.ringTimeoutSeconds} onChange={(v) => set('ringTimeoutSeconds', Number(v))} />
                <Group gap="xs" grow>
                  <TextInput label="Quiet hours start" description="No automated texts from" value={draft.quietHours.start} onChange={(e) => set('quietHours', { ...draft.quietHours, start: e.currentTarget.value })} />
                  <TextInput label="Quiet hours end" description="until" value={draft.quietHours.end} onChange={(e) => set('quietHours', { ...draft.quietHours, end: e.currentTarget.value })} />
                </Group>
              </Stack>
            </Card>
          </Group>
          <Card withBorder component="section" aria-labelledby="templates-title">
            <Title order={3} size="h5" id="templates-title" mb="xs">
              Templates
            </Title>
            <TemplatesEditor value={draft.templates} sample={sample} onChange={(v) => set('templates', v)} />
          </Card>
          <ServicesCard draft={draft} set={set} />
          <OnCallCard draft={draft} set={set} />
          <Group>
            <Button onClick={() => void save()} loading={saving}>
              Save settings
            </Button>
            <Button variant="default" onClick={() => setDraft(structuredClone(page.settings))} disabled={saving}>
              Discard changes
            </Button>
          </Group>
          {notice && (
            <Alert color="green" role="status">
              {notice}
            </Alert>
          )}
          <ForwardingCard locationId={page.locationId} />
          <Card withBorder component="section" aria-labelledby="history-title">
            <Title order={3} size="h5" id="history-title" mb="xs">
              Changes
            </Title>
            {page.history.length === 0 ? (
              <Text size="sm" c="dimmed">
                No changes from the console yet.
              </Text>
            ) : (
              <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Changes">
                {page.history.map((c) => (
                  <Text component="li" size="sm" key={`${c.revision}-${c.changedAt}`}>
                    {formatWhen(c.changedAt)}: {c.actorName ?? c.actorUserId} ({ROLE_WORDS[c.actorRole] ?? c.actorRole}) changed {c.changedFields.map((f) => FIELD_LABELS[f]).join(', ')} · revision {c.revision}
                  </Text>
                ))}
              </Stack>
            )}
          </Card>
        </>
      )}
    </Stack>
  );
}

type Setter = <K extends LocationSettingsKey>(key: K, value: LocationSettings[K]) => void;

/** Services with their average ticket value (dollars on screen, cents stored). */
function ServicesCard({ draft, set }: { draft: LocationSettings; set: Setter }) {
  const services = draft.services;
  return (
    <Card withBorder component="section" aria-labelledby="services-title">
      <Title order={3} size="h5" id="services-title" mb="xs">
        Services and average ticket values
      </Title>
      <Table.ScrollContainer minWidth={360}>
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Service</Table.Th>
              <Table.Th>Average ticket ($)</Table.Th>
              <Table.Th>
                <VisuallyHidden>Remove</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {services.map((s, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  <TextInput size="xs" aria-label={`Service ${i + 1} name`} value={s.name} onChange={(e) => set('services', services.map((x, j) => (j === i ? { ...x, name: e.currentTarget.value } : x)))} />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={`${s.name || `Service ${i + 1}`} average ticket in dollars`}
                    min={0}
                    decimalScale={2}
                    value={s.averageTicketCents / 100}
                    onChange={(v) => set('services', services.map((x, j) => (j === i ? { ...x, averageTicketCents: Math.round(Number(v) * 100) } : x)))}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="gray" aria-label={`Remove service ${s.name || i + 1}`} onClick={() => set('services', services.filter((_, j) => j !== i))}>
                    ×
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Button
        variant="subtle"
        size="compact-xs"
        w="fit-content"
        onClick={() => set('services', [...services, { id: `service-${services.length + 1}-${Date.now().toString(36)}`, name: '', synonyms: [], averageTicketCents: 0, slotMinutes: 120, urgent: false, urgentSymptoms: [] }])}
      >
        + Add a service
      </Button>
    </Card>
  );
}

/** The on-call rotation (paged in order) and the escalation timeout. */
function OnCallCard({ draft, set }: { draft: LocationSettings; set: Setter }) {
  const onCall = draft.onCall;
  const rotation = onCall.rotation ?? [];
  const setRotation = (next: typeof rotation) => set('onCall', next.length > 0 ? { ...onCall, rotation: next } : dropKey(onCall, 'rotation'));
  return (
    <Card withBorder component="section" aria-labelledby="oncall-title">
      <Title order={3} size="h5" id="oncall-title" mb="xs">
        On-call rotation and escalation
      </Title>
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap" align="end">
          <NumberInput label="Escalation timeout (seconds)" description="An unacknowledged page goes to the next person after" min={1} value={onCall.escalationTimeoutSeconds} onChange={(v) => set('onCall', { ...onCall, escalationTimeoutSeconds: Number(v) })} w={260} />
          <TextInput
            label="Manager's phone (last step)"
            placeholder="+13035550199"
            value={onCall.managerE164 ?? ''}
            onChange={(e) => set('onCall', e.currentTarget.value ? { ...onCall, managerE164: e.currentTarget.value } : dropKey(onCall, 'managerE164'))}
            w={220}
          />
        </Group>
        <Text size="sm" fw={500}>
          Paged in this order
        </Text>
        {rotation.map((m, i) => (
          <Group key={i} gap={4} wrap="nowrap">
            <TextInput size="xs" aria-label={`On-call ${i + 1} name`} value={m.name} onChange={(e) => setRotation(rotation.map((x, j) => (j === i ? { ...x, name: e.currentTarget.value } : x)))} />
            <TextInput size="xs" aria-label={`On-call ${i + 1} phone`} placeholder="+13035550111" value={m.e164} onChange={(e) => setRotation(rotation.map((x, j) => (j === i ? { ...x, e164: e.currentTarget.value } : x)))} />
            <ActionIcon variant="subtle" color="gray" aria-label={`Remove on-call ${m.name || i + 1}`} onClick={() => setRotation(rotation.filter((_, j) => j !== i))}>
              ×
            </ActionIcon>
          </Group>
        ))}
        <Button variant="subtle" size="compact-xs" w="fit-content" onClick={() => setRotation([...rotation, { name: '', e164: '' }])}>
          + Add a person
        </Button>
      </Stack>
    </Card>
  );
}

/** "Test my forwarding": the last call the location received and how it was classified. */
function ForwardingCard({ locationId }: { locationId: string }) {
  const [call, setCall] = useState<LastCall | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const check = async () => {
    try {
      setCall((await api.lastCall(locationId)).call);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The last call could not be loaded.');
    }
  };
  useEffect(() => setCall(undefined), [locationId]);
  return (
    <Card withBorder component="section" aria-labelledby="forwarding-title">
      <Title order={3} size="h5" id="forwarding-title" mb="xs">
        Test my forwarding
      </Title>
      <Text size="sm" mb="xs">
        Call your business number from a mobile phone, let it ring or answer it, hang up, then check what the platform saw.
      </Text>
      <Button variant="light" w="fit-content" onClick={() => void check()}>
        Show the last call
      </Button>
      {error && (
        <Alert color="red" role="alert" mt="xs">
          {error}
        </Alert>
      )}
      {call === null && (
        <Text size="sm" mt="xs" role="status">
          No call received yet.
        </Text>
      )}
      {call && (
        <Stack gap={2} mt="xs" role="status" aria-label="Last call">
          <Group gap="xs">
            <Badge color={call.outcome === 'answered' ? 'green' : call.outcome === 'missed' ? 'orange' : 'gray'}>{call.outcome === 'in_progress' ? 'in progress' : call.outcome}</Badge>
            <Text size="sm">
              {formatWhen(call.receivedAt)} from {formatPhone(call.callerE164)}
            </Text>
          </Group>
          <Text size="sm">Route: {call.route === 'forward' ? 'forwarded to your line' : call.route === 'after_hours' ? 'after hours (greeting and voicemail, not forwarded)' : 'unknown'}</Text>
          {call.missedReason && (
            <Text size="sm">
              Missed because: {MISSED_REASONS[call.missedReason] ?? call.missedReason}
              {call.explanation ? ` (${call.explanation})` : ''}
            </Text>
          )}
          {call.route === 'forward' && call.ringSeconds !== undefined && <Text size="sm">Rang {call.ringSeconds} s</Text>}
          {call.voicemail && <Text size="sm">The caller left a voicemail.</Text>}
        </Stack>
      )}
    </Card>
  );
}

function dropKey<T extends object, K extends keyof T>(value: T, key: K): T {
  const next = { ...value };
  delete next[key];
  return next;
}
