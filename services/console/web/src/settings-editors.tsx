// Editors for the parts of a location's settings: weekly hours, dates, templates with a live preview.
import { ActionIcon, Alert, Button, Group, Paper, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { fillTemplate, templateProblems } from '../../../../libs/contracts/src/template-variables';
import type { Weekday, WeeklyHours } from './api';

export const WEEKDAYS: { key: Weekday; label: string }[] = [
  { key: 'mon', label: 'Monday' },
  { key: 'tue', label: 'Tuesday' },
  { key: 'wed', label: 'Wednesday' },
  { key: 'thu', label: 'Thursday' },
  { key: 'fri', label: 'Friday' },
  { key: 'sat', label: 'Saturday' },
  { key: 'sun', label: 'Sunday' },
];

/**
 * Weekly hours: per weekday its opening intervals (local `HH:mm`, closing may be `24:00`), each removable, and "Add
 * hours"; a day without intervals is closed. `name` prefixes every label ("Business hours Monday opens").
 */
export function WeeklyHoursEditor({ name, value, onChange }: { name: string; value: WeeklyHours; onChange: (next: WeeklyHours) => void }) {
  const setDay = (day: Weekday, intervals: { open: string; close: string }[]) => {
    const next: WeeklyHours = { ...value };
    if (intervals.length === 0) delete next[day];
    else next[day] = intervals;
    onChange(next);
  };
  return (
    <Stack gap={6} role="group" aria-label={name}>
      {WEEKDAYS.map(({ key, label }) => {
        const intervals = value[key] ?? [];
        return (
          <Group key={key} gap="xs" align="end" wrap="wrap">
            <Text w={92} size="sm" fw={500} pb={6}>
              {label}
            </Text>
            {intervals.length === 0 && (
              <Text size="sm" c="dimmed" pb={6} aria-label={`${name} ${label} closed`}>
                Closed
              </Text>
            )}
            {intervals.map((interval, i) => {
              const n = intervals.length > 1 ? ` ${i + 1}` : '';
              const update = (patch: Partial<{ open: string; close: string }>) => setDay(key, intervals.map((x, j) => (j === i ? { ...x, ...patch } : x)));
              return (
                <Group key={i} gap={4} align="end" wrap="nowrap">
                  <TextInput aria-label={`${name} ${label}${n} opens`} placeholder="09:00" w={76} size="xs" value={interval.open} onChange={(e) => update({ open: e.currentTarget.value })} />
                  <Text size="sm" pb={4} aria-hidden>
                    –
                  </Text>
                  <TextInput aria-label={`${name} ${label}${n} closes`} placeholder="17:00" w={76} size="xs" value={interval.close} onChange={(e) => update({ close: e.currentTarget.value })} />
                  <ActionIcon variant="subtle" color="gray" aria-label={`Remove ${name} ${label}${n}`} onClick={() => setDay(key, intervals.filter((_, j) => j !== i))}>
                    ×
                  </ActionIcon>
                </Group>
              );
            })}
            <Button variant="subtle" size="compact-xs" aria-label={`Add ${name} ${label}`} onClick={() => setDay(key, [...intervals, intervals.length === 0 ? { open: '09:00', close: '17:00' } : { open: '18:00', close: '20:00' }])}>
              + hours
            </Button>
          </Group>
        );
      })}
    </Stack>
  );
}

/** Closed dates (`YYYY-MM-DD`, local), sorted, each removable. */
export function HolidaysEditor({ value, onChange }: { value: string[]; onChange: (next: string[]) => void }) {
  return (
    <Stack gap={6} role="group" aria-label="Holidays">
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          No holidays.
        </Text>
      )}
      {value.map((date, i) => (
        <Group key={i} gap={4} wrap="nowrap">
          <TextInput type="date" aria-label={`Holiday ${i + 1}`} size="xs" w={160} value={date} onChange={(e) => onChange(value.map((d, j) => (j === i ? e.currentTarget.value : d)))} />
          <ActionIcon variant="subtle" color="gray" aria-label={`Remove holiday ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button variant="subtle" size="compact-xs" w="fit-content" onClick={() => onChange([...value, ''])}>
        + Add a holiday
      </Button>
    </Stack>
  );
}

/** Template ids a location commonly overrides, with what each one is. */
export const TEMPLATE_IDS: Record<string, string> = {
  first_text: 'First text after a missed call',
  first_text_after_hours: 'First text after hours',
  help: 'Answer to HELP',
  opt_out_confirmation: 'Opt-out confirmation',
  opt_in_confirmation: 'Opt-in confirmation',
  'voice.after_hours_greeting': 'Spoken greeting after hours',
  'voice.missed_greeting': 'Spoken greeting after a missed forward',
  'voice.answer_confirmation_prompt': 'Answer-confirmation prompt',
  'conversation.qualified_book': 'Bot: request captured (booking)',
  'conversation.qualified_callback': 'Bot: request captured (callback)',
  'conversation.urgent_ack': 'Bot: urgent acknowledged',
};

/**
 * Template overrides: each with a live preview (filled with `sample`) and the variable check of @textback/contracts,
 * the same rule lead-crm applies when the settings are saved.
 */
export function TemplatesEditor({ value, sample, onChange }: { value: Record<string, string>; sample: Record<string, string>; onChange: (next: Record<string, string>) => void }) {
  const ids = Object.keys(value);
  const addable = Object.keys(TEMPLATE_IDS).filter((id) => !(id in value));
  return (
    <Stack gap="sm">
      {ids.length === 0 && (
        <Text size="sm" c="dimmed">
          No overrides: every text uses the built-in wording.
        </Text>
      )}
      {ids.map((id) => {
        const text = value[id] ?? '';
        const problems = templateProblems(id, text);
        const label = TEMPLATE_IDS[id] ?? id;
        return (
          <Paper key={id} withBorder p="xs">
            <Group justify="space-between" wrap="nowrap" align="start">
              <Textarea
                label={`Template ${label}`}
                description={id}
                autosize
                minRows={2}
                style={{ flex: 1 }}
                value={text}
                error={problems.length > 0 ? problems.join('; ') : undefined}
                onChange={(e) => onChange({ ...value, [id]: e.currentTarget.value })}
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Remove template ${label}`}
                onClick={() => {
                  const next = { ...value };
                  delete next[id];
                  onChange(next);
                }}
              >
                ×
              </ActionIcon>
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              Preview
            </Text>
            <Text size="sm" aria-label={`Preview of ${label}`} style={{ whiteSpace: 'pre-wrap' }}>
              {fillTemplate(text, sample)}
            </Text>
          </Paper>
        );
      })}
      {addable.length > 0 && (
        <Select
          label="Override a template"
          placeholder="Choose a template"
          data={addable.map((id) => ({ value: id, label: TEMPLATE_IDS[id] ?? id }))}
          value={null}
          onChange={(id) => id && onChange({ ...value, [id]: '' })}
          w={300}
        />
      )}
    </Stack>
  );
}

/** The problems of a refused save, each on its own line. */
export function ProblemList({ title, problems }: { title: string; problems: readonly string[] }) {
  return (
    <Alert color="red" title={title} role="alert">
      {problems.length > 0 ? (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
