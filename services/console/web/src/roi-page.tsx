// The ROI screen's own component styles load with its chunk (main.tsx has the shared ones).
import '@mantine/core/styles/SimpleGrid.css';
import '@mantine/core/styles/Table.css';
import { Alert, Button, Card, Group, Loader, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, ApiError, type RoiMeasures, type RoiSummary, type VisibleLocation } from './api';
import { defaultRoiRange } from './roi-range';

const FUNNEL: [keyof RoiMeasures, string][] = [
  ['missedCalls', 'Missed calls'],
  ['firstTextsSent', 'First texts sent'],
  ['repliedConversations', 'Replied'],
  ['qualifiedLeads', 'Qualified leads'],
  ['bookings', 'Bookings'],
  ['wonJobs', 'Won jobs'],
];

const money = (cents: number) => `$${(cents / 100).toLocaleString('en-US', { maximumFractionDigits: 0 })}`;
const ratio = (roi: number | null) => (roi === null ? '–' : `${roi.toFixed(1)}×`);

/**
 * Return on investment of the locations the user may see (reporting's ROI API, through the console's session:
 * the page holds no token): funnel, recovered revenue over cost, and one row per location.
 */
export function RoiPage() {
  const [locations, setLocations] = useState<VisibleLocation[]>([]);
  const [range, setRange] = useState(() => ({ ...defaultRoiRange(new Date()), locationId: null as string | null }));
  const [draft, setDraft] = useState(range);
  const [report, setReport] = useState<RoiSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setReport(await api.roi({ from: range.from, to: range.to, ...(range.locationId ? { locationId: range.locationId } : {}) }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The report could not be loaded.');
    }
  }, [range]);
  useEffect(() => {
    api.locations().then((r) => setLocations(r.locations), () => setLocations([]));
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setRange(draft);
  };
  const max = Math.max(1, ...FUNNEL.map(([k]) => Number(report?.totals[k] ?? 0)));
  return (
    <Stack>
      <Title order={2}>Return on investment</Title>
      <Group component="form" align="end" onSubmit={apply} aria-label="Report range">
        <TextInput type="date" label="From" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
        <TextInput type="date" label="To" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
        <Select
          label="Location"
          placeholder="All locations"
          clearable
          data={locations.map((l) => ({ value: l.locationId, label: l.name }))}
          value={draft.locationId}
          onChange={(v) => setDraft({ ...draft, locationId: v })}
        />
        <Button type="submit">Apply</Button>
      </Group>
      {error && (
        <Alert color="red" role="alert" title="Could not load the report">
          {error}
        </Alert>
      )}
      {!report && !error && <Loader aria-label="Loading the report" />}
      {report && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Card withBorder>
              <Text size="sm">Recovered revenue</Text>
              <Text fw={700} size="xl" data-testid="kpi-revenue">
                {money(report.totals.recoveredRevenueCents)}
              </Text>
            </Card>
            <Card withBorder>
              <Text size="sm">Cost</Text>
              <Text fw={700} size="xl">
                {money(report.totals.totalCostCents)}
              </Text>
            </Card>
            <Card withBorder>
              <Text size="sm">ROI</Text>
              <Text fw={700} size="xl">
                {ratio(report.totals.roi)}
              </Text>
            </Card>
          </SimpleGrid>
          <Card withBorder>
            <Title order={3} size="h5" mb="xs">
              Funnel, {report.from} to {report.to}
            </Title>
            <Stack gap={4} role="list" aria-label="Funnel">
              {FUNNEL.map(([key, label]) => (
                <Group key={key} gap="xs" wrap="nowrap" role="listitem" aria-label={`${label}: ${Number(report.totals[key] ?? 0)}`}>
                  <Text size="sm" w={130}>
                    {label}
                  </Text>
                  <div style={{ background: 'var(--mantine-color-blue-6)', height: 14, borderRadius: 3, width: `${Math.max(1, (60 * Number(report.totals[key] ?? 0)) / max)}%` }} />
                  <Text size="sm">{Number(report.totals[key] ?? 0).toLocaleString('en-US')}</Text>
                </Group>
              ))}
            </Stack>
          </Card>
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-label="Per location">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Location</Table.Th>
                  <Table.Th>Missed calls</Table.Th>
                  <Table.Th>Qualified</Table.Th>
                  <Table.Th>Booked</Table.Th>
                  <Table.Th>Won</Table.Th>
                  <Table.Th>Revenue</Table.Th>
                  <Table.Th>Cost</Table.Th>
                  <Table.Th>ROI</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.locations.map((l) => (
                  <Table.Tr key={l.locationId}>
                    <Table.Td>{l.name}</Table.Td>
                    <Table.Td>{l.missedCalls}</Table.Td>
                    <Table.Td>{l.qualifiedLeads}</Table.Td>
                    <Table.Td>{l.bookings}</Table.Td>
                    <Table.Td>{l.wonJobs}</Table.Td>
                    <Table.Td>{money(l.recoveredRevenueCents)}</Table.Td>
                    <Table.Td>{money(l.totalCostCents)}</Table.Td>
                    <Table.Td>{ratio(l.roi)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
