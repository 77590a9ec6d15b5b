import { pollUntil } from '@textback/testing';
import { DateTime } from 'luxon';
import { placeDemoCall, playTextedCaller } from '../demo/src/caller-bots';
import { BUILT_IN_REPLIES } from '../demo/src/demo-replies';
import { DEFAULT_DAY_PROFILE, type DemoCall, generateDay, seededRandom } from '../demo/src/demo-scenario';
import { getJson, newCallerNumber, quietHoursAround } from './src/e2e-pipeline';
import { withPurpose } from './src/e2e-probes';
import { E2E_MODES, type E2eMode, type E2eTarget, startE2eTarget } from './src/e2e-target';

/**
 * Issue #18's parity test: the same scripted day played in both modes (the six services as processes on the local
 * stack, then the single process on a temporary data directory) gives the same funnel and ROI figures from reporting's
 * API. The day is `generateDay` with a fixed seed and a few calls, at the two demo locations that answer 24/7 (Boston's
 * office hours would make a call's after-hours decision depend on the wall clock); each texted caller plays the demo's
 * caller bot with a random source of its own (seeded by its call), so what a caller says does not depend on which
 * conversation the services answer first. Caller numbers are fresh per run (same area codes: quiet hours and the
 * landline lookups follow them), so a distributed run never meets contacts of an earlier run in the shared database.
 * Quiet hours cover the run (follow-ups are deferred, not sent) and escalations wait 10 minutes, so neither depends on
 * how fast a mode is. Compared: every count, cent and ratio of the funnel (totals and breakdown) and of the ROI table per
 * location; not the latency percentiles (timings).
 */

const SEED = 2026;
const CALLS = 20;
/** Latency measures (seconds): timings, not figures. */
const TIMINGS = new Set(['ttft_p50_seconds', 'ttft_p95_seconds', 'ack_p50_seconds', 'ack_p95_seconds']);
const PORTS: Record<E2eMode, { basePort: number; carrierPort: number }> = { distributed: { basePort: 3981, carrierPort: 3990 }, embedded: { basePort: 0, carrierPort: 3991 } };

/** The day both modes play (fixed: the seed alone decides it). */
function scriptedDay(): DemoCall[] {
  return generateDay({ calls: CALLS, replaySeconds: 0, seed: SEED, locationWeights: [5, 3, 0], ringTimeoutSeconds: [25, 25, 25], profile: DEFAULT_DAY_PROFILE });
}

/** Funnel and ROI of a run, by location slug (ids differ between runs), timings left out. */
interface Figures {
  funnel: Record<string, unknown>;
  breakdown: unknown;
  roi: Record<string, Record<string, unknown>>;
}

const withoutTimings = (row: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(row).filter(([k]) => !TIMINGS.has(k)));

/** The report range of both runs, fixed once (a run after midnight UTC still reports the same days). */
const RANGE = { from: DateTime.utc().minus({ days: 1 }).toISODate(), to: DateTime.utc().plus({ days: 1 }).toISODate() };

async function figuresOf(e2e: E2eTarget, slugOf: Map<string, string>): Promise<Figures> {
  const { from, to } = RANGE;
  const reporting = e2e.url('reporting');
  const funnel = await getJson<{ measures: Record<string, unknown>; breakdown: unknown }>(`${reporting}/v1/tenants/${e2e.tenantId}/reports/funnel?from=${from}&to=${to}`, e2e.token);
  const roi = await getJson<{ totals: Record<string, unknown>; locations: Array<Record<string, unknown>> }>(`${reporting}/v1/tenants/${e2e.tenantId}/reports/roi?from=${from}&to=${to}`, e2e.token);
  const byLocation: Record<string, Record<string, unknown>> = { totals: withoutTimings(roi.totals) };
  for (const row of roi.locations) {
    const { locationId, regionId: _region, ...rest } = row;
    byLocation[slugOf.get(String(locationId)) ?? String(locationId)] = withoutTimings(rest);
  }
  return { funnel: withoutTimings(funnel.measures), breakdown: funnel.breakdown, roi: byLocation };
}

/**
 * Plays the day on `e2e`: the calls in order through the stand-in (as the demo places them), every texted caller's
 * conversation at once, then waits until reporting counts every first text the carrier accepted and its figures stop
 * changing (three equal reads in a row).
 */
async function playDay(e2e: E2eTarget, day: DemoCall[]): Promise<Figures> {
  const numbers = new Map<string, string>();
  const numberOf = (from: string) => {
    if (!numbers.has(from)) numbers.set(from, from.startsWith('+1') ? newCallerNumber(from.slice(2, 5)) : `+44770090${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`);
    return numbers.get(from)!;
  };
  const conversations: Array<Promise<unknown>> = [];
  const texted = new Set<string>();
  for (const call of day) {
    const location = e2e.franchise.locations[call.locationIndex]!;
    const caller = numberOf(call.from);
    if (call.line === 'landline') e2e.standIn.setLineType(caller, 'landline');
    await placeDemoCall(e2e.standIn, { ...call, from: caller }, location);
    const key = `${location.mainLine}|${caller}`;
    if (call.outcome !== 'answered' && call.line === 'mobile' && !texted.has(key)) {
      texted.add(key);
      const bots = { standIn: e2e.standIn, replies: BUILT_IN_REPLIES, rand: seededRandom(SEED * 1_000 + call.index), thinkMs: [400, 600] as [number, number], patienceMs: 20_000, running: () => true };
      conversations.push(playTextedCaller(bots, caller, location.mainLine, call.behaviour, location.place));
    }
  }
  await Promise.all(conversations);

  const slugOf = new Map<string, string>();
  for (const row of (await e2e.db.query<{ id: string; slug: string }>('SELECT id::text, slug FROM crm.locations WHERE tenant_id = $1', [e2e.tenantId])).rows) slugOf.set(row.id, row.slug);
  const lines = new Set(e2e.franchise.locations.map((l) => l.mainLine));
  const firstTextsAtCarrier = async () => (await withPurpose(e2e.db, e2e.standIn.messages.filter((m) => lines.has(m.from)))).filter((m) => m.purpose === 'first_text').length;
  let previous = '';
  let same = 0;
  return pollUntil(
    async () => {
      const figures = await figuresOf(e2e, slugOf);
      const now = JSON.stringify(figures);
      same = now === previous ? same + 1 : 0;
      previous = now;
      return same >= 2 && Number(figures.funnel.first_texts_sent) === (await firstTextsAtCarrier()) && figures;
    },
    `reporting's figures of the ${e2e.mode} run to settle`,
    120_000,
    2_000,
  );
}

describe('parity: the same scripted day gives the same funnel and ROI in both modes', () => {
  const day = scriptedDay();
  const figures = new Map<E2eMode, Figures>();

  it('plays a day with missed calls, texted callers and a booking', () => {
    const texted = day.filter((c) => c.outcome !== 'answered' && c.line === 'mobile');
    expect(texted.length).toBeGreaterThanOrEqual(8);
    expect([...new Set(texted.map((c) => c.behaviour))]).toEqual(expect.arrayContaining(['books', 'emergency', 'stop', 'callback', 'silent']));
    expect(day.some((c) => c.line === 'landline' && c.outcome !== 'answered')).toBe(true);
    expect(day.some((c) => c.redialOf !== undefined)).toBe(true);
  });

  it.each(E2E_MODES.map((m) => [m]))('plays the day in the %s mode', async (mode) => {
    const e2e = await startE2eTarget(mode, {
      ...PORTS[mode],
      serviceEnv: { messaging: { LOOP_WINDOW_SECONDS: '3' } },
      editManifest: (manifest, now) => {
        for (const l of manifest.locations) {
          l.quietHours = quietHoursAround(now, String(l.timeZone));
          l.onCall.escalationTimeoutSeconds = 600;
        }
      },
    });
    try {
      figures.set(mode, await playDay(e2e, day));
    } finally {
      await e2e.stop();
    }
    const played = figures.get(mode)!;
    process.stdout.write(`parity, ${mode} mode: ${JSON.stringify(played.funnel)}\n`);
    expect(Number(played.funnel.first_texts_sent)).toBeGreaterThan(0);
    expect(Number(played.funnel.bookings)).toBeGreaterThan(0);
  }, 600_000);

  it('gives identical funnel and ROI figures in both modes', () => {
    const [distributed, embedded] = E2E_MODES.map((m) => figures.get(m));
    expect(distributed).toBeDefined();
    expect(embedded).toEqual(distributed);
  });
});
