import { checkRunHealth, parseTelephonyPathMetrics, type RunHealthFacts, sumSamples } from './demo-health';

/** telephony-ingest's exposition after a run whose database kept up: no callback answered from memory or spooled. */
const QUIET = `# HELP textback_voice_answers_total Voice callbacks answered
# TYPE textback_voice_answers_total counter
textback_voice_answers_total{provider="bandwidth",source="persisted"} 412
# HELP textback_callback_spool_pending Voice callbacks in the local spool not yet replayed
# TYPE textback_callback_spool_pending gauge
textback_callback_spool_pending 0
textback_callback_spool_write_failures_total 0
`;

/** The same process after a slow database: answers from memory, spooled and replayed, one still pending. */
const DEGRADED = `textback_voice_answers_total{provider="bandwidth",source="persisted"} 380
textback_voice_answers_total{provider="bandwidth",source="memory"} 30
textback_voice_answers_total{provider="twilio",source="memory"} 2
textback_callbacks_spooled_total{provider="bandwidth",reason="late"} 25
textback_callbacks_spooled_total{provider="bandwidth",reason="failed"} 7
textback_callbacks_replayed_total{result="applied"} 31
textback_callback_spool_write_failures_total 0
textback_callback_spool_pending 1
`;

const healthy = (over: Partial<RunHealthFacts> = {}): RunHealthFacts => ({ firstTextP95Seconds: 3, telephony: parseTelephonyPathMetrics(QUIET), providerErrorTexts: {}, providerErrorCalls: 0, callsPlaced: 318, callsRecorded: 318, callsUndecided: 0, ...over });

describe('sumSamples', () => {
  it('sums the samples of one metric whose labels match, skipping comments and other metrics', () => {
    expect(sumSamples(DEGRADED, 'textback_voice_answers_total', { source: 'memory' })).toBe(32);
    expect(sumSamples(DEGRADED, 'textback_callbacks_spooled_total')).toBe(32);
    expect(sumSamples(QUIET, 'textback_callbacks_spooled_total')).toBe(0);
    expect(sumSamples(QUIET, 'textback_voice_answers_total')).toBe(412);
  });
});

describe('checkRunHealth', () => {
  it('passes a run that kept up, with no warning, and says what it checked', () => {
    const h = checkRunHealth(healthy(), 10);
    expect(h).toEqual({ failures: [], warnings: [], checked: expect.arrayContaining([expect.stringContaining('time to first text p95 3 s (warning above 10 s)')]) as unknown });
  });

  it('warns, with the figure, when the p95 time to first text is above the threshold, but does not fail', () => {
    const h = checkRunHealth(healthy({ firstTextP95Seconds: 15 }), 10);
    expect(h.failures).toEqual([]);
    expect(h.warnings).toEqual([expect.stringContaining('p95 time to first text 15 s, above 10 s')]);
  });

  it('only warns about callbacks answered from memory, spooled, late spool writes and callbacks still pending when no call was lost', () => {
    const metrics = parseTelephonyPathMetrics(`${DEGRADED}textback_callback_spool_write_failures_total 11\ntextback_callbacks_replayed_total{result="set_aside"} 1\n`);
    const h = checkRunHealth(healthy({ telephony: metrics }), 10);
    expect(h.failures).toEqual([]);
    expect(h.warnings).toEqual([
      expect.stringContaining('11 voice callback(s) not written to the spool within the answer'),
      expect.stringContaining('1 voice callback(s) still in the spool at the end'),
      expect.stringContaining('1 spooled voice callback(s) set aside'),
      expect.stringContaining('32 voice callback(s) answered from memory and 0 on the fallback URL (the database was slower than the carrier\'s deadline); 32 spooled, replayed: 31 applied'),
    ]);
  });

  it('fails when a call the carrier placed is missing from telephony-ingest or has no decision (lost leads)', () => {
    expect(checkRunHealth(healthy({ callsRecorded: 316, callsUndecided: 1 }), 10).failures).toEqual([
      'calls lost: the carrier placed 318 calls, telephony-ingest holds 316 (their missed callers get no text and no lead)',
      '1 call(s) without a decision at the end in telephony-ingest (answered or missed never recorded: no first text, no lead)',
    ]);
  });

  it('warns about texts and calls that ended in a provider error, naming first texts callers never got', () => {
    const h = checkRunHealth(healthy({ providerErrorTexts: { first_text: 2, conversation_reply: 1 }, providerErrorCalls: 1 }), 10);
    expect(h.failures).toEqual([]);
    expect(h.warnings).toEqual([
      '3 text(s) ended in a provider error (2 first text, 1 conversation reply): 2 missed caller(s) never got their first text (their leads are in lead-crm)',
      '1 call(s) ended in a provider error at the carrier (missed reason provider_error)',
    ]);
  });

  it('warns when the metrics cannot be read instead of failing the run', () => {
    const h = checkRunHealth(healthy({ telephony: { readError: 'GET http://127.0.0.1:3001/_services/telephony-ingest/metrics answered 503' } }), 10);
    expect(h).toMatchObject({ failures: [], warnings: [expect.stringContaining('answered 503')] });
  });
});
