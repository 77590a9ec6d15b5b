import { sumSamples } from '@textback/observability';
/**
 * The demo's end-of-run health check: how the run degraded, beside the invariants of demo-invariants.ts. Pure functions
 * over facts read from telephony-ingest's Prometheus metrics (its fail-open phone path, fail-open.metrics.ts), the
 * services' records (texts messaging gave up on, calls the carrier reported an error for) and reporting's time to
 * first text.
 *
 * Hard failures (exit 1) are lost leads, whatever the machine's load: a call the carrier placed that telephony-ingest
 * does not hold, or holds without a decision at the end (no missed-call decision: no first text, no lead), is missing
 * from every count, and the invariants of demo-invariants.ts cannot see it (they compare reporting with telephony).
 * Warnings are what a loaded machine causes without losing anything: slow first texts; callbacks answered from memory
 * or on the fallback URL and spooled (replayed later, as designed); spool writes that did not finish within the answer's
 * deadline (`textback_callback_spool_write_failures_total` counts those with real write errors: a measured run on a
 * machine at load 13 counted 11 and lost no call, the writes finished and were replayed); callbacks still pending or
 * set aside in the spool (lost only if their calls are missing, which the hard check sees); texts the carrier's API
 * failed for (the lead is still in lead-crm); calls the carrier reported an error for. They print with their figures
 * and leave the exit code alone, so the README's command does not fail because the machine was busy.
 */

/** What telephony-ingest's `/metrics` says about its fail-open phone path (counters since the process started). */
export interface TelephonyPathMetrics {
  /** Voice callbacks answered from memory because persistence was late or failed (`textback_voice_answers_total{source="memory"}`). */
  answeredFromMemory: number;
  /** Voice callbacks answered on the fallback URL (`source="fallback"`). */
  answeredOnFallback: number;
  /** Callbacks written to the local spool (`textback_callbacks_spooled_total`, every reason). */
  spooled: number;
  /** Spool writes that failed (`textback_callback_spool_write_failures_total`): callbacks only the carrier still has. */
  spoolWriteFailures: number;
  /** Callbacks in the spool not yet replayed (`textback_callback_spool_pending`). */
  spoolPending: number;
  /** Spooled callbacks replayed, by result (`textback_callbacks_replayed_total{result}`: applied, kept_raw, set_aside, settled). */
  replayed: Record<string, number>;
}

/** Facts of the health check. */
export interface RunHealthFacts {
  /** reporting's p95 time to first text of the franchise, seconds (histogram bucket bound), or null without first texts. */
  firstTextP95Seconds: number | null | undefined;
  /** telephony-ingest's metrics, or why they could not be read. */
  telephony: TelephonyPathMetrics | { readError: string };
  /** Texts messaging gave up on because the carrier's API failed or never confirmed (see {@link PROVIDER_ERROR_REASONS}), by purpose. */
  providerErrorTexts: Record<string, number>;
  /** Calls telephony-ingest decided as `provider_error` (the carrier reported an error for the call). */
  providerErrorCalls: number;
  /** Calls the replay placed at the carrier (the stand-in). */
  callsPlaced: number;
  /** Calls telephony-ingest holds for the tenant. */
  callsRecorded: number;
  /** Of those, calls with no decision (neither answered nor a missed reason) at the end. */
  callsUndecided: number;
}

/** The verdict: hard failures (exit 1), warnings (printed, exit code unchanged) and what was checked. */
export interface RunHealth {
  failures: string[];
  warnings: string[];
  checked: string[];
}

/**
 * `messaging.outbound_message.reason` of a failed text that says the carrier's API failed us rather than the recipient
 * (a landline, an opt-out at the carrier, an invalid number): retries exhausted on HTTP 5xx/429/timeouts, a send whose
 * outcome was never confirmed (lease expired, handling failed), rate limited, expired or unreachable at the carrier.
 */
export const PROVIDER_ERROR_REASONS: readonly string[] = ['retries_exhausted', 'unconfirmed', 'lease_expired', 'handling_failed', 'rate_limited', 'expired', 'unreachable', 'unknown'];

/** p95 time to first text above which the demo warns, seconds: embedded (measured p95 3 s idle) and distributed. */
export const FIRST_TEXT_P95_WARN_SECONDS = { embedded: 10, local: 20 } as const;

/** Re-exported for the demo's readers: the sum of a metric's samples in a `/metrics` text (libs/observability). */
export { sumSamples };

/** telephony-ingest's fail-open figures from its `/metrics` text. */
export function parseTelephonyPathMetrics(text: string): TelephonyPathMetrics {
  const replayed: Record<string, number> = {};
  for (const result of ['applied', 'kept_raw', 'set_aside', 'settled']) replayed[result] = sumSamples(text, 'textback_callbacks_replayed_total', { result });
  return {
    answeredFromMemory: sumSamples(text, 'textback_voice_answers_total', { source: 'memory' }),
    answeredOnFallback: sumSamples(text, 'textback_voice_answers_total', { source: 'fallback' }),
    spooled: sumSamples(text, 'textback_callbacks_spooled_total'),
    spoolWriteFailures: sumSamples(text, 'textback_callback_spool_write_failures_total'),
    spoolPending: sumSamples(text, 'textback_callback_spool_pending'),
    replayed,
  };
}

/**
 * GETs telephony-ingest's metrics (`<telephonyUrl>/metrics`; the single process serves them at
 * `/_services/telephony-ingest/metrics`). Never throws: an unreadable answer becomes `{ readError }` (a warning).
 * Read it while the process runs, after the run settled: the counters start at 0 with each process.
 */
export async function readTelephonyPathMetrics(telephonyUrl: string): Promise<TelephonyPathMetrics | { readError: string }> {
  try {
    const res = await fetch(`${telephonyUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) return { readError: `GET ${telephonyUrl}/metrics answered ${res.status}` };
    return parseTelephonyPathMetrics(await res.text());
  } catch (err) {
    return { readError: `GET ${telephonyUrl}/metrics failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * The health verdict of a run (see the module comment for which is a failure and why). `firstTextP95WarnSeconds`: the
 * p95 time to first text above which it warns ({@link FIRST_TEXT_P95_WARN_SECONDS}).
 */
export function checkRunHealth(h: RunHealthFacts, firstTextP95WarnSeconds: number): RunHealth {
  const failures: string[] = [];
  const warnings: string[] = [];
  const checked: string[] = [];

  const p95 = h.firstTextP95Seconds;
  checked.push(`time to first text p95 ${p95 === null || p95 === undefined ? '-' : `${p95} s`} (warning above ${firstTextP95WarnSeconds} s)`);
  if (p95 !== null && p95 !== undefined && p95 > firstTextP95WarnSeconds) {
    warnings.push(`slow first texts: p95 time to first text ${p95} s, above ${firstTextP95WarnSeconds} s (the one process is saturated by a day compressed into minutes, or the machine is loaded; simulated callers, patient 15 s, reply less)`);
  }

  checked.push(`calls placed ${h.callsPlaced}, held by telephony-ingest ${h.callsRecorded}, undecided ${h.callsUndecided}`);
  if (h.callsRecorded < h.callsPlaced) failures.push(`calls lost: the carrier placed ${h.callsPlaced} calls, telephony-ingest holds ${h.callsRecorded} (their missed callers get no text and no lead)`);
  if (h.callsUndecided > 0) failures.push(`${h.callsUndecided} call(s) without a decision at the end in telephony-ingest (answered or missed never recorded: no first text, no lead)`);

  const t = h.telephony;
  if ('readError' in t) warnings.push(`telephony-ingest's metrics could not be read, so spool failures and answers from memory are unknown: ${t.readError}`);
  else {
    checked.push(`voice callbacks answered from memory ${t.answeredFromMemory}, spooled ${t.spooled}, spool write failures ${t.spoolWriteFailures}, pending ${t.spoolPending}`);
    if (t.spoolWriteFailures > 0) warnings.push(`${t.spoolWriteFailures} voice callback(s) not written to the spool within the answer's deadline (textback_callback_spool_write_failures_total; a write that finished later is replayed, a lost call would fail the calls check)`);
    if (t.spoolPending > 0) warnings.push(`${t.spoolPending} voice callback(s) still in the spool at the end (textback_callback_spool_pending), not yet replayed into telephony's records`);
    const setAside = t.replayed.set_aside ?? 0;
    if (setAside > 0) warnings.push(`${setAside} spooled voice callback(s) set aside (textback_callbacks_replayed_total{result="set_aside"}): a spool segment could not be replayed`);
    if (t.answeredFromMemory > 0 || t.answeredOnFallback > 0 || t.spooled > 0) {
      const replayed = Object.entries(t.replayed).filter(([, n]) => n > 0).map(([r, n]) => `${n} ${r.replace('_', ' ')}`).join(', ') || 'none';
      warnings.push(`the phone path failed open: ${t.answeredFromMemory} voice callback(s) answered from memory and ${t.answeredOnFallback} on the fallback URL (the database was slower than the carrier's deadline); ${t.spooled} spooled, replayed: ${replayed}`);
    }
    if ((t.replayed.kept_raw ?? 0) > 0) warnings.push(`${t.replayed.kept_raw} spooled callback(s) could not be applied and wait in raw_webhook for the bounded webhook replay`);
  }

  const failed = Object.entries(h.providerErrorTexts).filter(([, n]) => n > 0);
  const total = failed.reduce((s, [, n]) => s + n, 0);
  checked.push(`texts ended in a provider error ${total}`);
  if (total > 0) {
    const first = h.providerErrorTexts.first_text ?? 0;
    warnings.push(`${total} text(s) ended in a provider error (${failed.map(([p, n]) => `${n} ${p.replace(/_/g, ' ')}`).join(', ')})${first > 0 ? `: ${first} missed caller(s) never got their first text (their leads are in lead-crm)` : ''}`);
  }
  checked.push(`calls ended in a provider error ${h.providerErrorCalls}`);
  if (h.providerErrorCalls > 0) warnings.push(`${h.providerErrorCalls} call(s) ended in a provider error at the carrier (missed reason provider_error)`);
  return { failures, warnings, checked };
}
