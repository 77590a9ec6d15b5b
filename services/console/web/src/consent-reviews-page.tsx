import { Alert, Badge, Button, Card, Group, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type ConsentReviewDecision, type ConsentReviewRow } from './api';
import { formatPhone, formatWhen } from './labels';

const DECISION_LABELS: Record<ConsentReviewDecision, string> = { opt_out: 'Opted out', not_opt_out: 'Not an opt-out' };

/**
 * The opt-out review queue (messaging's consent reviews): replies the opt-out rules could not call ("not interested",
 * "wrong number", a misspelt STOP) pause every automated text to that caller at that location until someone decides.
 * Open reviews oldest first, each with the caller's text as received; "Opt out" records it in the consent ledger (one
 * confirmation text), "Not an opt-out" lifts the pause. Resolved ones can be looked up.
 */
export function ConsentReviewsPage() {
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [rows, setRows] = useState<ConsentReviewRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    try {
      setRows((await api.consentReviews(status)).items);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The reviews could not be loaded.');
    }
  }, [status]);
  useEffect(() => {
    setRows(null);
    void load();
  }, [load]);

  const resolve = async (row: ConsentReviewRow, decision: ConsentReviewDecision) => {
    setBusy(row.reviewId);
    setError(null);
    try {
      await api.resolveConsentReview(row.reviewId, decision, notes[row.reviewId]?.trim() || undefined);
      await load();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The console did not answer; try again.');
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack gap="sm" maw={960} mx="auto">
      <Group justify="space-between" align="end" wrap="wrap">
        <Title order={2}>Opt-out reviews</Title>
        <SegmentedControl
          aria-label="Which reviews"
          value={status}
          onChange={(v) => setStatus(v as 'open' | 'resolved')}
          data={[
            { value: 'open', label: 'Waiting' },
            { value: 'resolved', label: 'Resolved' },
          ]}
        />
      </Group>
      <Text size="sm" c="dimmed">
        Replies that may ask to stop texting. Until you decide, no automated text goes to that caller from that location.
      </Text>
      {error && (
        <Alert color="red" role="alert" title="Refused">
          {error}
        </Alert>
      )}
      {rows === null ? (
        <Text>Loading…</Text>
      ) : rows.length === 0 ? (
        <Text data-testid="consent-reviews-empty">{status === 'open' ? 'No replies waiting for a decision.' : 'No resolved reviews.'}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Opt-out reviews">
          {rows.map((row) => {
            const caller = formatPhone(row.phoneE164);
            return (
              <li key={row.reviewId} data-testid="consent-review-row">
                <Card withBorder padding="sm">
                  <Stack gap={6}>
                    <Group gap="xs" wrap="wrap">
                      <Text fw={600}>{caller}</Text>
                      <Text size="sm" c="dimmed">
                        {row.locationName} · {formatWhen(row.openedAt)}
                      </Text>
                      {row.decision && <Badge color={row.decision === 'opt_out' ? 'gray' : 'green'}>{DECISION_LABELS[row.decision]}</Badge>}
                    </Group>
                    <Text component="blockquote" m={0} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      “{row.originalText}”
                    </Text>
                    {row.status === 'open' ? (
                      <Group gap="xs" wrap="wrap" align="end">
                        <TextInput
                          label="Note (optional)"
                          size="xs"
                          maxLength={500}
                          value={notes[row.reviewId] ?? ''}
                          onChange={(e) => setNotes({ ...notes, [row.reviewId]: e.currentTarget.value })}
                          style={{ flex: '1 1 200px' }}
                        />
                        <Button color="red" loading={busy === row.reviewId} onClick={() => void resolve(row, 'opt_out')} aria-label={`Opt out ${caller}`}>
                          Opt out
                        </Button>
                        <Button variant="default" loading={busy === row.reviewId} onClick={() => void resolve(row, 'not_opt_out')} aria-label={`Not an opt-out: resume texts to ${caller}`}>
                          Not an opt-out
                        </Button>
                      </Group>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Resolved {row.resolvedAt ? formatWhen(row.resolvedAt) : ''}
                        {row.note ? ` · ${row.note}` : ''}
                      </Text>
                    )}
                  </Stack>
                </Card>
              </li>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
