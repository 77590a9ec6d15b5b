/**
 * What the demo checks at the end, as pure functions over facts gathered from independent
 * sources: the carrier stand-in (what was really sent), each service's own records, lead-crm's
 * API and reporting's API. A broken invariant makes `npm run demo` exit 1.
 */

/** One carrier-accepted text, joined with messaging's record of why it was sent. */
export interface CarrierText {
  from: string;
  to: string;
  /** When the stand-in accepted it. */
  at: Date;
  /** messaging's `purpose` for the command id carried in the tag (first_text, conversation_reply, keyword_reply, dispatch_page, ...), or null when unknown. */
  purpose: string | null;
}

/** Everything the checks and the table need. Counts are per tenant (this demo run). */
export interface DemoFacts {
  locations: Array<{ locationId: string; name: string; timeZone: string; mainLine: string; funnel: Record<string, number | null> }>;
  totals: Record<string, number | null>;
  texts: CarrierText[];
  /** Opt-outs recorded in messaging's consent ledger: caller, sending number and time. */
  optOuts: Array<{ phone: string; sendingNumber: string; at: Date }>;
  /** telephony-ingest's decided calls: answered and missed (any missed reason), and missed callers (location + E.164). */
  telephony: { calls: number; answered: number; missed: number; missedCallers: Array<{ locationId: string; callerE164: string }> };
  /** lead-crm's leads (location + caller) and counts by stage. */
  leads: Array<{ locationId: string; callerE164: string; stage: string }>;
  /** scheduling's confirmed bookings. */
  bookings: number;
  /** Texts messaging gave up on because the carrier's API failed (demo-health.ts PROVIDER_ERROR_REASONS), by purpose. */
  providerErrorTexts: Record<string, number>;
  /** Calls telephony-ingest decided as `provider_error`. */
  providerErrorCalls: number;
  /** Every call telephony-ingest holds for the tenant (decided or not) and those without a decision. */
  callsRecorded: number;
  callsUndecided: number;
  /** Jobs the demo's office marked won through lead-crm's API. */
  wonMarked: number;
  /** Set when reporting's API could not be read (the reconciliation then fails). */
  reportingError?: string;
  /** Filled by {@link checkInvariants}: the checks it ran. */
  invariantsChecked: string[];
}

/**
 * Checks the demo's invariants; returns one message per broken one (empty when all hold):
 * 1. at most one first text per caller and location (the whole replay is inside the 30-minute cooldown);
 * 2. no text to a caller after their opt-out, except the one opt-out confirmation;
 * 3. no lead lost: every missed caller with a number has a lead at that location in lead-crm;
 * 4. reporting reconciles with the sources: calls and missed calls (telephony-ingest), first
 *    texts sent (the carrier), opt-outs (consent ledger), bookings (scheduling), won jobs (lead-crm).
 */
export function checkInvariants(facts: DemoFacts): string[] {
  const failures: string[] = [];
  facts.invariantsChecked = [];

  const firstTexts = new Map<string, number>();
  for (const t of facts.texts) if (t.purpose === 'first_text') firstTexts.set(`${t.from}|${t.to}`, (firstTexts.get(`${t.from}|${t.to}`) ?? 0) + 1);
  const doubled = [...firstTexts].filter(([, n]) => n > 1);
  facts.invariantsChecked.push(`one first text per caller and location (${firstTexts.size} callers)`);
  if (doubled.length > 0) failures.push(`a second first text inside the cooldown: ${doubled.map(([k, n]) => `${k} x${n}`).join(', ')}`);

  for (const o of facts.optOuts) {
    const later = facts.texts.filter((t) => t.to === o.phone && t.from === o.sendingNumber && t.at.getTime() > o.at.getTime());
    const extra = later.filter((t) => t.purpose !== 'keyword_reply').length + Math.max(0, later.filter((t) => t.purpose === 'keyword_reply').length - 1);
    if (extra > 0) failures.push(`${extra} text(s) to ${o.phone} after their opt-out at ${o.at.toISOString()}`);
  }
  facts.invariantsChecked.push(`no text after an opt-out (${facts.optOuts.length} opt-outs)`);

  const leadKeys = new Set(facts.leads.map((l) => `${l.locationId}|${l.callerE164}`));
  const lost = [...new Set(facts.telephony.missedCallers.map((c) => `${c.locationId}|${c.callerE164}`))].filter((k) => !leadKeys.has(k));
  facts.invariantsChecked.push(`no lead lost (${leadKeys.size} leads)`);
  if (lost.length > 0) failures.push(`${lost.length} missed caller(s) without a lead in lead-crm: ${lost.slice(0, 5).join(', ')}`);

  if (facts.reportingError) failures.push(`reporting's API failed: ${facts.reportingError}`);
  const firstTextsAtCarrier = [...firstTexts.values()].reduce((s, n) => s + n, 0);
  const pairs: Array<[string, number | null | undefined, number]> = [
    ['calls', facts.totals.calls, facts.telephony.calls],
    ['missed_calls', facts.totals.missed_calls, facts.telephony.missed],
    ['first_texts_sent', facts.totals.first_texts_sent, firstTextsAtCarrier],
    ['opt_outs', facts.totals.opt_outs, facts.optOuts.length],
    ['bookings', facts.totals.bookings, facts.bookings],
    ['won_jobs', facts.totals.won_jobs, facts.wonMarked],
  ];
  for (const [name, reported, source] of pairs) if (Number(reported ?? 0) !== source) failures.push(`reporting ${name} = ${reported ?? 0}, the source of truth says ${source}`);
  facts.invariantsChecked.push(`reporting reconciles (${pairs.map(([n]) => n).join(', ')})`);
  return failures;
}

/** True when reporting's totals already equal the sources (used to wait for it to settle). */
export function reportingReconciles(facts: DemoFacts): boolean {
  return checkInvariants({ ...facts, invariantsChecked: [] }).every((f) => !f.startsWith('reporting'));
}

const money = (cents: number | null | undefined) => `$${(Number(cents ?? 0) / 100).toLocaleString('en-US', { maximumFractionDigits: 0 })}`;

/** The per-location funnel and ROI as a fixed-width table. */
export function formatFunnelTable(facts: DemoFacts): string {
  const rows: Array<[string, (f: Record<string, number | null>) => string]> = [
    ['calls', (f) => String(f.calls ?? 0)],
    ['missed calls', (f) => String(f.missed_calls ?? 0)],
    ['first texts sent', (f) => String(f.first_texts_sent ?? 0)],
    ['first texts suppressed', (f) => String(f.first_texts_suppressed ?? 0)],
    ['replied', (f) => `${f.replied_conversations ?? 0}${f.first_texts_sent ? ` (${Math.round((100 * Number(f.replied_conversations ?? 0)) / Number(f.first_texts_sent))} %)` : ''}`],
    ['time to first text p50/p95', (f) => `${f.ttft_p50_seconds ?? '-'} / ${f.ttft_p95_seconds ?? '-'} s`],
    ['qualified leads', (f) => String(f.qualified_leads ?? 0)],
    ['urgent (paged / escalated / acked)', (f) => `${f.urgent_leads ?? 0} (${f.pages ?? 0} / ${f.escalations ?? 0} / ${f.acknowledged ?? 0})`],
    ['bookings', (f) => String(f.bookings ?? 0)],
    ['callbacks', (f) => String(f.callbacks ?? 0)],
    ['opt-outs', (f) => String(f.opt_outs ?? 0)],
    ['won jobs', (f) => String(f.won_jobs ?? 0)],
    ['recovered revenue', (f) => money(f.recovered_revenue_cents)],
    ['SMS + platform cost', (f) => `${money(f.sms_cost_cents)} + ${money(f.platform_cost_cents)}`],
    ['ROI', (f) => (f.roi === null || f.roi === undefined ? '-' : `${Number(f.roi).toFixed(1)}x`)],
  ];
  const cols = [...facts.locations.map((l) => ({ title: `${l.name} (${l.timeZone.split('/')[1]?.replace('_', ' ')})`, f: l.funnel })), { title: 'Franchise', f: facts.totals }];
  const w0 = Math.max(...rows.map(([r]) => r.length)) + 2;
  const cells = rows.map(([, fn]) => cols.map((c) => fn(c.f)));
  const widths = cols.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i]!.length)) + 2);
  const line = (label: string, values: string[]) => label.padEnd(w0) + values.map((v, i) => v.padStart(widths[i]!)).join('');
  return [line('', cols.map((c) => c.title)), line('', cols.map((_, i) => '-'.repeat(widths[i]! - 2))), ...rows.map(([r], i) => line(r, cells[i]!))].join('\n');
}

/** One line: what the carrier saw, by messaging's purpose, plus page calls. */
export function formatCarrierSummary(facts: DemoFacts, pageCalls: number): string {
  const byPurpose = new Map<string, number>();
  for (const t of facts.texts) byPurpose.set(t.purpose ?? 'unknown', (byPurpose.get(t.purpose ?? 'unknown') ?? 0) + 1);
  const parts = [...byPurpose].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${n} ${p.replace(/_/g, ' ')}`);
  return `At the carrier: ${facts.texts.length} texts (${parts.join(', ')}), ${pageCalls} on-call page call(s); lead-crm holds ${facts.leads.length} leads (${['new', 'engaged', 'qualified', 'booked', 'won', 'lost'].map((st) => `${facts.leads.filter((l) => l.stage === st).length} ${st}`).join(', ')}).`;
}

/** A caller's conversation, interleaving what the business sent and what the caller answered. */
export function formatConversation(t: { caller: string; businessNumber: string; sent: Array<{ text: string; at: Date }> }, standIn: { messagesTo(e164: string): Array<{ from: string; text: string; time: string }> }): string {
  const lines = [
    ...standIn.messagesTo(t.caller).filter((m) => m.from === t.businessNumber).map((m) => ({ at: new Date(m.time).getTime(), line: `  business > ${m.text.replace(/\n/g, ' / ')}` })),
    ...t.sent.map((s) => ({ at: s.at.getTime(), line: `  caller   > ${s.text.trim()}` })),
  ].sort((a, b) => a.at - b.at);
  return [`Example conversation (${t.caller} with ${t.businessNumber}):`, ...lines.map((l) => l.line)].join('\n');
}
