/**
 * The demo's business day: who calls which location when, whether anyone answers, and what the
 * caller does with the text. Pure and seeded, so a run can be repeated (`--seed`).
 *
 * The figures are assumptions in the range the industry publishes, gathered in
 * {@link DEFAULT_DAY_PROFILE} so they can be read and changed in one place:
 * - about a quarter of calls to small businesses go unanswered (the issue's figure; surveys of
 *   home-services and dental offices report 20-30 %, some far more);
 * - few callers leave a voicemail (commonly cited: most callers sent to voicemail hang up);
 * - callers' patience while ringing follows a call-centre abandonment curve: when
 *   `../shared/eval/callcenter_profile.json` is given, its hourly arrival shape and abandonment
 *   quantiles are used (shape, not volume); otherwise a built-in morning-peak shape.
 * - replies, bookings, emergencies, opt-outs and landlines are plausible shares, not measurements.
 */

/** What happens to the call itself. */
export type CallOutcome = 'answered' | 'ring_timeout' | 'hangup_early' | 'busy' | 'voicemail';

/** What the caller does after a first text (when they get one). */
export type CallerBehaviour = 'silent' | 'books' | 'qualifies_only' | 'emergency' | 'stop' | 'natural_stop' | 'wrong_number' | 'callback';

/** The caller's line as the carrier lookup will report it. */
export type CallerLine = 'mobile' | 'landline' | 'international';

/** One call in the replay. */
export interface DemoCall {
  /** Index in the replay (arrival order). */
  index: number;
  /** Seconds after the replay starts at which the call arrives. */
  atSeconds: number;
  /** Local hour of the simulated business day the call stands for (7..23). */
  simulatedHour: number;
  locationIndex: number;
  /** Caller's E.164 number. */
  from: string;
  line: CallerLine;
  outcome: CallOutcome;
  /** Ring seconds before the caller hung up (hangup_early), in simulated seconds. */
  patienceSeconds: number;
  behaviour: CallerBehaviour;
  /** Set on a redial: the index of the caller's earlier call. */
  redialOf?: number;
}

/** The assumptions behind a generated day (shares are 0..1). */
export interface DayProfile {
  /** Relative weight of arrivals per local hour 7..23. */
  hourlyWeights: Record<number, number>;
  unansweredShare: number;
  /** Of unanswered calls: busy instead of ringing out. */
  busyShare: number;
  /** Of unanswered calls: a voicemail is left (carrier voicemail after the ring timeout). */
  voicemailShare: number;
  /** Ascending (seconds, cumulative share) points of callers' patience while ringing. */
  patienceCurve: Array<[number, number]>;
  landlineShare: number;
  internationalShare: number;
  /** Of missed callers: they call again a few (simulated) minutes later. */
  redialShare: number;
  /** Of texted callers, what they do (weights, normalised). */
  behaviourWeights: Record<CallerBehaviour, number>;
}

/** Built-in assumptions (see the module comment). */
export const DEFAULT_DAY_PROFILE: DayProfile = {
  hourlyWeights: { 7: 3, 8: 6, 9: 10, 10: 11, 11: 9, 12: 7, 13: 8, 14: 8, 15: 8, 16: 6, 17: 5, 18: 4, 19: 3, 20: 3, 21: 2, 22: 2, 23: 1 },
  unansweredShare: 0.25,
  busyShare: 0.08,
  voicemailShare: 0.12,
  patienceCurve: [
    [0, 0],
    [10, 0.1],
    [15, 0.25],
    [30, 0.4],
    [45, 0.5],
    [60, 0.62],
    [90, 0.78],
    [150, 0.9],
    [600, 1],
  ],
  landlineShare: 0.1,
  internationalShare: 0.02,
  redialShare: 0.15,
  behaviourWeights: { silent: 45, books: 24, qualifies_only: 7, emergency: 6, stop: 6, natural_stop: 2, wrong_number: 4, callback: 6 },
};

/**
 * Reads the call-centre profile of `../shared/eval/callcenter_profile.json` (fields
 * `hourly_share_pct` {"HH:00": pct} and `abandonment_while_waiting_seconds` {p10,p25,median,p75,p90})
 * into a profile based on `base`. Unknown or missing fields keep the base values.
 */
export function profileFromCallCentre(json: unknown, base: DayProfile = DEFAULT_DAY_PROFILE): DayProfile {
  const j = (json ?? {}) as { hourly_share_pct?: Record<string, number>; abandonment_while_waiting_seconds?: Record<string, number> };
  const hourly: Record<number, number> = {};
  for (const [k, v] of Object.entries(j.hourly_share_pct ?? {})) {
    const h = Number(k.slice(0, 2));
    if (Number.isInteger(h) && h >= 0 && h < 24 && typeof v === 'number' && v > 0) hourly[h] = v;
  }
  const a = j.abandonment_while_waiting_seconds ?? {};
  const points: Array<[number, number]> = [[0, 0]];
  for (const [key, share] of [['p10', 0.1], ['p25', 0.25], ['median', 0.5], ['p75', 0.75], ['p90', 0.9]] as const) {
    const s = a[key];
    if (typeof s === 'number' && s > (points[points.length - 1]?.[0] ?? 0)) points.push([s, share]);
  }
  points.push([Math.max(600, (points[points.length - 1]?.[0] ?? 0) + 1), 1]);
  return { ...base, hourlyWeights: Object.keys(hourly).length > 0 ? hourly : base.hourlyWeights, patienceCurve: points.length > 2 ? points : base.patienceCurve };
}

/** Options of {@link generateDay}. */
export interface GenerateDayOptions {
  calls: number;
  /** Real seconds the simulated day is compressed into. */
  replaySeconds: number;
  seed: number;
  /** Relative call volume per location (e.g. [5, 3, 2]). */
  locationWeights: number[];
  /** Ring timeout per location, seconds (a caller with more patience rings out). */
  ringTimeoutSeconds: number[];
  profile?: DayProfile;
}

/** A small seeded PRNG (mulberry32): uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T extends string | number>(rand: () => number, weights: Array<[T, number]>): T {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [v, w] of weights) {
    x -= w;
    if (x < 0) return v;
  }
  return weights[weights.length - 1]![0];
}

/** Inverse of a piecewise-linear cumulative curve. */
function sampleCurve(rand: () => number, curve: Array<[number, number]>): number {
  const u = rand();
  for (let i = 1; i < curve.length; i++) {
    const [x0, y0] = curve[i - 1]!;
    const [x1, y1] = curve[i]!;
    if (u <= y1) return Math.round(x0 + ((u - y0) / Math.max(1e-9, y1 - y0)) * (x1 - x0));
  }
  return curve[curve.length - 1]![0];
}

function randomMobile(rand: () => number): string {
  // NANP: area code and exchange start with 2-9; 555-01xx is avoided (reserved for fiction, used by the franchise).
  const area = [303, 720, 312, 773, 617, 857, 347, 415, 512, 646][Math.floor(rand() * 10)]!;
  const exchange = 200 + Math.floor(rand() * 700);
  const line = Math.floor(rand() * 10_000);
  return `+1${area}${exchange === 555 ? 556 : exchange}${String(line).padStart(4, '0')}`;
}

/**
 * Generates one business day of calls, in arrival order. Missed calls from mobile numbers carry a
 * behaviour; a redial repeats an earlier missed caller a few seconds later (inside the cooldown).
 */
export function generateDay(options: GenerateDayOptions): DemoCall[] {
  const profile = options.profile ?? DEFAULT_DAY_PROFILE;
  const rand = seededRandom(options.seed);
  const hours = Object.entries(profile.hourlyWeights).map(([h, w]) => [Number(h), w] as [number, number]);
  const firstHour = Math.min(...hours.map(([h]) => h));
  const span = Math.max(...hours.map(([h]) => h)) + 1 - firstHour;
  const behaviours = Object.entries(profile.behaviourWeights) as Array<[CallerBehaviour, number]>;
  const calls: DemoCall[] = [];
  const planned: Array<Omit<DemoCall, 'index'>> = [];
  for (let i = 0; i < options.calls; i++) {
    const hour = pickWeighted(rand, hours);
    const simulated = hour + rand();
    const atSeconds = ((simulated - firstHour) / span) * options.replaySeconds;
    const locationIndex = pickWeighted(rand, options.locationWeights.map((w, idx) => [idx, w] as [number, number]));
    const lineRoll = rand();
    const line: CallerLine = lineRoll < profile.internationalShare ? 'international' : lineRoll < profile.internationalShare + profile.landlineShare ? 'landline' : 'mobile';
    const from = line === 'international' ? `+447700900${String(Math.floor(rand() * 1000)).padStart(3, '0')}` : randomMobile(rand);
    const patience = sampleCurve(rand, profile.patienceCurve);
    let outcome: CallOutcome = 'answered';
    if (rand() < profile.unansweredShare) {
      const r = rand();
      const ringTimeout = options.ringTimeoutSeconds[locationIndex] ?? 25;
      outcome = r < profile.busyShare ? 'busy' : patience < ringTimeout ? 'hangup_early' : r < profile.busyShare + profile.voicemailShare ? 'voicemail' : 'ring_timeout';
    }
    planned.push({ atSeconds, simulatedHour: hour, locationIndex, from, line, outcome, patienceSeconds: patience, behaviour: outcome === 'answered' ? 'silent' : pickWeighted(rand, behaviours) });
  }
  planned.sort((a, b) => a.atSeconds - b.atSeconds);
  planned.forEach((p, index) => calls.push({ ...p, index }));
  // Redials: the same caller calls the same location again shortly after a missed call.
  const redials: DemoCall[] = [];
  for (const c of calls) {
    if (c.outcome === 'answered' || rand() >= profile.redialShare) continue;
    redials.push({ ...c, index: -1, atSeconds: Math.min(options.replaySeconds, c.atSeconds + 2 + rand() * 6), outcome: rand() < 0.5 ? 'ring_timeout' : 'hangup_early', patienceSeconds: 8, behaviour: c.behaviour, redialOf: c.index });
  }
  const all = [...calls, ...redials].sort((a, b) => a.atSeconds - b.atSeconds);
  return all.map((c, index) => ({ ...c, index, ...(c.redialOf !== undefined ? { redialOf: all.findIndex((o) => o.redialOf === undefined && o.from === c.from && o.atSeconds < c.atSeconds) } : {}) }));
}
