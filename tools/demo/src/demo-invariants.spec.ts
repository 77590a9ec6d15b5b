import { checkInvariants, type DemoFacts, formatFunnelTable, reportingReconciles } from './demo-invariants';

const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 15, 0, s));
const BIZ = '+17202000101';
const A = '+13035550001';
const B = '+13035550002';

function cleanFacts(): DemoFacts {
  return {
    locations: [{ locationId: 'loc-1', name: 'Demo Denver', timeZone: 'America/Denver', mainLine: BIZ, funnel: { calls: 3, missed_calls: 2, first_texts_sent: 2, roi: 3.5 } }],
    totals: { calls: 3, missed_calls: 2, first_texts_sent: 2, opt_outs: 1, bookings: 1, won_jobs: 1, roi: 3.5 },
    texts: [
      { from: BIZ, to: A, at: at(1), purpose: 'first_text' },
      { from: BIZ, to: B, at: at(2), purpose: 'first_text' },
      { from: BIZ, to: B, at: at(10), purpose: 'keyword_reply' },
    ],
    optOuts: [{ phone: B, sendingNumber: BIZ, at: at(9) }],
    telephony: { calls: 3, answered: 1, missed: 2, missedCallers: [{ locationId: 'loc-1', callerE164: A }, { locationId: 'loc-1', callerE164: B }] },
    leads: [{ locationId: 'loc-1', callerE164: A, stage: 'booked' }, { locationId: 'loc-1', callerE164: B, stage: 'new' }],
    bookings: 1,
    providerErrorTexts: {},
    providerErrorCalls: 0,
    callsRecorded: 3,
    callsUndecided: 0,
    wonMarked: 1,
    invariantsChecked: [],
  };
}

describe('checkInvariants', () => {
  it('passes a consistent run and lists what it checked', () => {
    const facts = cleanFacts();
    expect(checkInvariants(facts)).toEqual([]);
    expect(facts.invariantsChecked).toHaveLength(4);
    expect(reportingReconciles(facts)).toBe(true);
  });

  it('catches a second first text to the same caller', () => {
    const facts = cleanFacts();
    facts.texts.push({ from: BIZ, to: A, at: at(30), purpose: 'first_text' });
    expect(checkInvariants(facts).join()).toContain(`a second first text inside the cooldown: ${BIZ}|${A} x2`);
  });

  it('allows one opt-out confirmation but catches any other text after STOP', () => {
    const facts = cleanFacts();
    facts.texts.push({ from: BIZ, to: B, at: at(20), purpose: 'conversation_reply' });
    expect(checkInvariants(facts)).toEqual([`1 text(s) to ${B} after their opt-out at ${at(9).toISOString()}`]);
    const twice = cleanFacts();
    twice.texts.push({ from: BIZ, to: B, at: at(21), purpose: 'keyword_reply' });
    expect(checkInvariants(twice)).toHaveLength(1);
  });

  it('catches a missed caller without a lead', () => {
    const facts = cleanFacts();
    facts.leads = facts.leads.slice(0, 1);
    expect(checkInvariants(facts)).toEqual([`1 missed caller(s) without a lead in lead-crm: loc-1|${B}`]);
  });

  it('catches reporting that does not reconcile with a source', () => {
    const facts = cleanFacts();
    facts.totals = { ...facts.totals, bookings: 2, missed_calls: null };
    expect(checkInvariants(facts)).toEqual(['reporting missed_calls = 0, the source of truth says 2', 'reporting bookings = 2, the source of truth says 1']);
    expect(reportingReconciles(facts)).toBe(false);
  });
});

describe('formatFunnelTable', () => {
  it('prints one column per location plus the franchise', () => {
    const table = formatFunnelTable(cleanFacts());
    expect(table.split('\n')[0]).toMatch(/Demo Denver \(Denver\)\s+Franchise/);
    expect(table).toMatch(/missed calls\s+2\s+2/);
    expect(table).toMatch(/ROI\s+3\.5x\s+3\.5x/);
  });
});

describe('a reporting API failure', () => {
  it('is a broken invariant, not a crash', () => {
    const facts = { ...cleanFacts(), reportingError: 'GET /roi answered 500' };
    expect(checkInvariants(facts)).toContain("reporting's API failed: GET /roi answered 500");
    expect(reportingReconciles(facts)).toBe(false);
  });
});
