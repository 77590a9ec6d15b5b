import { Alert, Anchor, Badge, Button, Card, Divider, Group, NativeSelect, NumberInput, Paper, SegmentedControl, Stack, Text, Textarea, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { api, ApiError, type ConversationDetail, type SessionUser, type SlotChoice, type TimelineEntry } from './api';
import { describeDispatch, FIRST_TEXT_REASONS, formatPhone, formatWhen, MISSED_REASONS, REFUSAL_REASONS, STATUS_COLORS, STATUS_LABELS } from './labels';
import { useLiveChanges } from './live-events';

const FACT_LABELS: Record<string, string> = { intent: 'Intent', urgency: 'Urgency', serviceText: 'Need', serviceId: 'Service', city: 'City', zip: 'ZIP', preferredTime: 'Preferred time', name: 'Name', actualValueCents: 'Job value' };

/** One caller's conversation: facts, timeline, and the staff actions. */
export function ConversationPage({ id, user, onBack }: { id: string; user: SessionUser; onBack: () => void }) {
  const [c, setC] = useState<ConversationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<'won' | 'lost'>('won');
  const [value, setValue] = useState<number | string>('');
  const [busy, setBusy] = useState<string | null>(null);
  const [slots, setSlots] = useState<SlotChoice | null>(null);
  const [slotsError, setSlotsError] = useState<string | null>(null);
  const [slot, setSlot] = useState('');
  const [callbackAt, setCallbackAt] = useState('');

  const load = useCallback(async () => {
    try {
      setC(await api.conversation(id));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The conversation could not be loaded.');
    }
  }, [id]);
  const loadSlots = useCallback(async () => {
    try {
      const choice = await api.slots(id);
      setSlots(choice);
      setSlot((current) => (choice.slots.some((s) => s.startAt === current) ? current : (choice.slots[0]?.startAt ?? '')));
      setSlotsError(null);
    } catch (err) {
      setSlotsError(err instanceof ApiError ? err.message : 'Free slots could not be loaded.');
    }
  }, [id]);
  useEffect(() => {
    void load();
    void loadSlots();
  }, [load, loadSlots]);
  useLiveChanges((changed) => {
    if (changed === null || changed === id) {
      void load();
      void loadSlots();
    }
  });

  const act = async (name: string, work: () => Promise<unknown>, done: string) => {
    setBusy(name);
    setNotice(null);
    setError(null);
    try {
      await work();
      setNotice(done);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The console did not answer; try again.');
    } finally {
      setBusy(null);
    }
  };

  if (!c)
    return error ? (
      <Alert color="red" role="alert">
        {error}
      </Alert>
    ) : (
      <Text>Loading…</Text>
    );
  // Taken over and still open: staff has it, whether it is their move ("staff") or the caller's ("waiting on caller").
  const staffActive = c.takenOverBy !== null && (c.status === 'staff' || c.status === 'waiting_on_caller');
  const facts = Object.entries(c.facts).filter(([k]) => k in FACT_LABELS);
  return (
    <Stack gap="sm" maw={820} mx="auto">
      <Anchor component="button" type="button" onClick={onBack} size="sm" style={{ alignSelf: 'start' }}>
        ← Inbox
      </Anchor>
      <Group justify="space-between" wrap="wrap" align="start">
        <Stack gap={2}>
          <Title order={2}>{formatPhone(c.callerE164)}</Title>
          <Text c="dimmed" size="sm">
            {c.locationName}
          </Text>
        </Stack>
        <Group gap="xs">
          {c.urgent && <Badge color="red">Urgent</Badge>}
          <Badge color={STATUS_COLORS[c.status]}>
            {STATUS_LABELS[c.status]}
          </Badge>
          <Button component="a" href={`tel:${c.callerE164}`} variant="light" aria-label={`Call ${formatPhone(c.callerE164)}`}>
            Call
          </Button>
        </Group>
      </Group>
      {c.firstTextOutcome && c.firstTextOutcome !== 'sent' && c.firstTextReason && (
        <Alert color="orange" title={c.firstTextOutcome === 'deferred' ? 'First text delayed' : 'No first text was sent'}>
          {FIRST_TEXT_REASONS[c.firstTextReason] ?? c.firstTextReason}
        </Alert>
      )}
      {c.dispatch && (
        <Alert color={c.dispatch.state === 'acknowledged' ? 'green' : 'red'} title={c.dispatch.state === 'acknowledged' ? 'Page acknowledged' : 'Page not acknowledged'}>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text size="sm">{describeDispatch(c.dispatch)}</Text>
            {c.dispatch.state !== 'acknowledged' && (
              <Button color="red" size="xs" loading={busy === 'acknowledge'} onClick={() => void act('acknowledge', () => api.acknowledgePage(id), 'Page acknowledged: the escalation is stopped.')}>
                Acknowledge page
              </Button>
            )}
          </Group>
        </Alert>
      )}
      <div aria-live="polite">
        {notice && (
          <Alert color="green" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
        {error && (
          <Alert color="red" role="alert" title="Refused">
            {error}
          </Alert>
        )}
      </div>
      {facts.length > 0 && (
        <Card withBorder padding="sm">
          <Title order={3} size="h5" mb={4}>
            Captured facts
          </Title>
          <Group gap="lg" wrap="wrap" component="dl" style={{ margin: 0 }}>
            {facts.map(([k, v]) => (
              <div key={k}>
                <Text component="dt" size="xs" c="dimmed">
                  {FACT_LABELS[k]}
                </Text>
                <Text component="dd" size="sm" m={0}>
                  {k === 'actualValueCents' ? `$${(Number(v) / 100).toFixed(2)}` : String(v)}
                </Text>
              </div>
            ))}
          </Group>
        </Card>
      )}
      <Paper withBorder p="sm">
        <Title order={3} size="h5" mb="xs">
          Timeline
        </Title>
        <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Timeline">
          {c.timeline.map((e) => (
            <TimelineItem key={e.id} entry={e} />
          ))}
        </Stack>
      </Paper>
      <Paper withBorder p="sm">
        <Stack gap="sm">
          <Group gap="xs">
            {staffActive ? (
              <Button variant="outline" loading={busy === 'release'} onClick={() => void act('release', () => api.release(id), 'Released to the bot.')}>
                Release to bot
              </Button>
            ) : (
              <Button loading={busy === 'takeover'} onClick={() => void act('takeover', () => api.takeOver(id), 'You have taken over; the bot is paused.')}>
                Take over
              </Button>
            )}
          </Group>
          <form
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              const body = reply.trim();
              if (!body) return;
              void act('reply', async () => {
                await api.reply(id, body, crypto.randomUUID());
                setReply('');
              }, 'Reply sent to messaging; it shows below once sent or refused.');
            }}
          >
            <Stack gap="xs">
              <Textarea label="Reply to caller" description={staffActive ? undefined : 'Take over first so the bot does not answer too.'} autosize minRows={2} maxLength={1600} value={reply} onChange={(e) => setReply(e.currentTarget.value)} />
              <Button type="submit" loading={busy === 'reply'} disabled={!reply.trim()} style={{ alignSelf: 'start' }}>
                Send reply
              </Button>
            </Stack>
          </form>
          <Divider />
          <form
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              const body = note.trim();
              if (!body) return;
              void act('note', async () => {
                await api.addNote(id, body);
                setNote('');
              }, 'Note added to the lead.');
            }}
          >
            <Stack gap="xs">
              <Textarea label="Internal note" autosize minRows={1} maxLength={5000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
              <Button type="submit" variant="light" loading={busy === 'note'} disabled={!note.trim()} style={{ alignSelf: 'start' }}>
                Add note
              </Button>
            </Stack>
          </form>
          <Divider />
          <form
            aria-labelledby="booking-heading"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (!slot) return;
              const label = slots?.slots.find((s) => s.startAt === slot)?.label ?? slot;
              void act('booking', async () => {
                const booked = await api.book(id, slot, crypto.randomUUID());
                await loadSlots();
                return booked;
              }, slots?.upcoming ? `Booking moved to ${label}; the caller gets a confirmation text.` : `Booked for ${label}; the caller gets a confirmation text.`);
            }}
          >
            <Stack gap="xs">
              <Title order={3} size="h5" id="booking-heading">
                {slots?.upcoming ? 'Reschedule' : 'Book a slot'}
              </Title>
              {slots?.upcoming && (
                <Text size="sm" data-testid="upcoming-booking">
                  Booked for {slots.upcoming.label}
                </Text>
              )}
              {slotsError ? (
                <Text size="sm" c="red.8">
                  {slotsError}
                </Text>
              ) : slots && slots.slots.length === 0 ? (
                <Text size="sm">No free slot within the booking horizon.</Text>
              ) : (
                <Group gap="xs" align="end" wrap="wrap">
                  <NativeSelect
                    label={`Free slot (${slots?.timeZone ?? 'location time'})`}
                    data={(slots?.slots ?? []).map((s) => ({ value: s.startAt, label: s.label }))}
                    value={slot}
                    onChange={(e) => setSlot(e.currentTarget.value)}
                    disabled={!slots}
                    miw={220}
                  />
                  <Button type="submit" variant="light" loading={busy === 'booking'} disabled={!slot}>
                    {slots?.upcoming ? 'Reschedule' : 'Book'}
                  </Button>
                </Group>
              )}
            </Stack>
          </form>
          <Divider />
          <form
            aria-labelledby="callback-heading"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              const at = callbackAt ? new Date(callbackAt) : null;
              if (at && Number.isNaN(at.getTime())) return;
              void act('callback', async () => {
                await api.scheduleCallback(id, at?.toISOString(), crypto.randomUUID());
                setCallbackAt('');
              }, at ? `Callback scheduled for ${formatWhen(at.toISOString())}.` : 'Callback scheduled in the next staffed window.');
            }}
          >
            <Stack gap="xs">
              <Title order={3} size="h5" id="callback-heading">
                Schedule a callback
              </Title>
              <Group gap="xs" align="end" wrap="wrap">
                <TextInput type="datetime-local" label="Call back at (your time)" description="Empty: the location's next staffed window" value={callbackAt} onChange={(e) => setCallbackAt(e.currentTarget.value)} />
                <Button type="submit" variant="light" loading={busy === 'callback'}>
                  Schedule callback
                </Button>
              </Group>
            </Stack>
          </form>
          <Divider />
          <form
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              const cents = value === '' ? undefined : Math.round(Number(value) * 100);
              void act('outcome', () => api.close(id, { outcome, ...(cents !== undefined && outcome === 'won' ? { actualValueCents: cents } : {}) }), `Marked ${outcome}.`);
            }}
          >
            <Group gap="xs" align="end" wrap="wrap">
              <div>
                <Text size="sm" fw={500} id="outcome-label">
                  Outcome
                </Text>
                <SegmentedControl aria-labelledby="outcome-label" data={[{ value: 'won', label: 'Won' }, { value: 'lost', label: 'Lost' }]} value={outcome} onChange={(v) => setOutcome(v as 'won' | 'lost')} />
              </div>
              {outcome === 'won' && <NumberInput label="Job value ($)" min={0} max={1_000_000} decimalScale={2} value={value} onChange={setValue} w={140} />}
              <Button type="submit" variant="light" loading={busy === 'outcome'}>
                Save outcome
              </Button>
            </Group>
            {user.role === 'dispatcher' || user.role === 'location_manager' ? (
              <Text size="xs" c="dimmed" mt={4}>
                Only owners and regional managers may record outcomes; lead-crm will refuse it for your role.
              </Text>
            ) : null}
          </form>
        </Stack>
      </Paper>
    </Stack>
  );
}

function describe(e: TimelineEntry): { who: string; what: string; tone: 'in' | 'out' | 'event' } {
  const who = e.actor === 'caller' ? 'Caller' : e.actor === 'bot' ? 'Bot' : e.actor?.startsWith('staff:') ? (e.actorName ?? 'Staff') : e.actor?.startsWith('automation:') ? 'Automation' : 'System';
  switch (e.kind) {
    case 'call_missed':
      return { who: 'Caller', what: `Missed call (${MISSED_REASONS[String(e.data.reason)] ?? String(e.data.reason)})`, tone: 'event' };
    case 'first_text':
      return { who: 'Automation', what: e.data.outcome === 'sent' ? 'First text queued' : `First text ${e.data.outcome === 'deferred' ? 'delayed' : 'not sent'}: ${FIRST_TEXT_REASONS[String(e.data.reason)] ?? String(e.data.reason)}`, tone: 'event' };
    case 'sms_in':
      return { who: 'Caller', what: e.body ?? '', tone: 'in' };
    case 'sms_out':
      return { who: e.data.purpose === 'first_text' ? 'Automation (first text)' : who, what: e.body ?? `(${String(e.data.purpose ?? 'text').replace('_', ' ')} from the location's template)`, tone: 'out' };
    case 'intent':
      return { who: 'Bot', what: `Understood: ${String(e.data.intent)}, ${String(e.data.urgency)}${e.data.serviceText ? ` — ${String(e.data.serviceText)}` : ''}`, tone: 'event' };
    case 'urgent':
      return { who: 'Bot', what: `Urgent: ${e.body ?? ''}`, tone: 'event' };
    case 'takeover':
      return { who, what: 'Took over the conversation', tone: 'event' };
    case 'release':
      return { who, what: 'Released the conversation to the bot', tone: 'event' };
    case 'stage':
      return { who, what: `Lead stage: ${String(e.data.to)}`, tone: 'event' };
    case 'opted_out':
      return { who: 'Caller', what: 'Opted out of texts', tone: 'event' };
    case 'opted_in':
      return { who: 'Caller', what: 'Opted back in to texts', tone: 'event' };
    case 'callback':
      return { who: 'Automation', what: `Callback scheduled from ${formatWhen(String(e.data.windowStart))}`, tone: 'event' };
    case 'booking':
      return { who: 'Scheduling', what: `${e.data.rescheduledFrom ? 'Rescheduled to' : 'Booked for'} ${String(e.data.label)}`, tone: 'event' };
    case 'booking_cancelled':
      return { who: 'Scheduling', what: e.body === 'rescheduled' ? 'Previous booking released (rescheduled)' : `Booking cancelled${e.body ? ` (${e.body})` : ''}`, tone: 'event' };
    case 'page': {
      const channels = Array.isArray(e.data.channels) && e.data.channels.includes('voice') ? 'text and call' : 'text';
      return { who: 'Automation', what: `Paged ${String(e.data.onCallName)} (${e.data.role === 'manager' ? 'manager' : 'on call'}, attempt ${String(e.data.attempt)}) by ${channels}`, tone: 'event' };
    }
    case 'page_escalated':
      return { who: 'Automation', what: e.data.exhausted ? 'No acknowledgement; nobody left to page' : `No acknowledgement; escalating to attempt ${String(e.data.toAttempt)}`, tone: 'event' };
    case 'page_acknowledged':
      return { who: e.actor ? who : String(e.data.acknowledgedBy ?? 'On-call'), what: `Acknowledged the page${e.data.via === 'sms' ? ' by text' : ''}`, tone: 'event' };
    default:
      return { who, what: e.kind, tone: 'event' };
  }
}

function TimelineItem({ entry }: { entry: TimelineEntry }) {
  const d = describe(entry);
  const refused = entry.kind === 'sms_out' && entry.status === 'refused';
  const bubble = d.tone !== 'event';
  return (
    <li data-testid="timeline-entry" style={{ display: 'flex', justifyContent: d.tone === 'out' ? 'flex-end' : 'flex-start' }}>
      <Paper
        p={bubble ? 'xs' : 0}
        bg={d.tone === 'in' ? 'gray.1' : d.tone === 'out' ? (refused ? 'red.0' : 'indigo.0') : undefined}
        maw={bubble ? '85%' : '100%'}
        radius="md"
      >
        <Group gap={6} wrap="wrap">
          <Text size="xs" fw={600}>
            {d.who}
          </Text>
          <Text size="xs" c="dimmed">
            <time dateTime={entry.occurredAt}>{formatWhen(entry.occurredAt)}</time>
          </Text>
          {entry.kind === 'sms_out' && (
            <Text size="xs" c={refused ? 'red.9' : 'dimmed'}>
              {refused ? `Refused: ${REFUSAL_REASONS[entry.reason ?? ''] ?? entry.reason}` : entry.status === 'sent' ? 'Sent' : 'Sending…'}
            </Text>
          )}
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          <VisuallyHidden>{d.who}: </VisuallyHidden>
          {d.what}
        </Text>
      </Paper>
    </li>
  );
}
