import { DEFAULT_DAY_PROFILE, generateDay, profileFromCallCentre } from './demo-scenario';

const options = { calls: 2000, replaySeconds: 180, seed: 42, locationWeights: [5, 3, 2], ringTimeoutSeconds: [25, 20, 20] };

describe('generateDay', () => {
  it('is repeatable for a seed and differs for another', () => {
    expect(generateDay(options)).toEqual(generateDay(options));
    expect(generateDay({ ...options, seed: 43 })).not.toEqual(generateDay(options));
  });

  it('keeps calls inside the replay, in arrival order, with indexes', () => {
    const day = generateDay(options);
    day.forEach((c, i) => {
      expect(c.index).toBe(i);
      expect(c.atSeconds).toBeGreaterThanOrEqual(0);
      expect(c.atSeconds).toBeLessThanOrEqual(180);
      if (i > 0) expect(c.atSeconds).toBeGreaterThanOrEqual(day[i - 1]!.atSeconds);
    });
  });

  it('leaves about a quarter of first calls unanswered and spreads them by location weight', () => {
    const first = generateDay(options).filter((c) => c.redialOf === undefined);
    const unanswered = first.filter((c) => c.outcome !== 'answered').length / first.length;
    expect(unanswered).toBeGreaterThan(0.2);
    expect(unanswered).toBeLessThan(0.3);
    const denver = first.filter((c) => c.locationIndex === 0).length / first.length;
    expect(denver).toBeGreaterThan(0.45);
    expect(denver).toBeLessThan(0.55);
  });

  it('a caller with less patience than the ring timeout hangs up early; answered calls have no text behaviour', () => {
    for (const c of generateDay(options)) {
      if (c.redialOf !== undefined) continue;
      if (c.outcome === 'hangup_early') expect(c.patienceSeconds).toBeLessThan(options.ringTimeoutSeconds[c.locationIndex]!);
      if (c.outcome === 'ring_timeout' || c.outcome === 'voicemail') expect(c.patienceSeconds).toBeGreaterThanOrEqual(options.ringTimeoutSeconds[c.locationIndex]!);
      if (c.outcome === 'answered') expect(c.behaviour).toBe('silent');
    }
  });

  it('a redial repeats an earlier missed call of the same caller and location', () => {
    const day = generateDay(options);
    const redials = day.filter((c) => c.redialOf !== undefined);
    expect(redials.length).toBeGreaterThan(0);
    for (const r of redials) {
      const original = day[r.redialOf!]!;
      expect(original.from).toBe(r.from);
      expect(original.locationIndex).toBe(r.locationIndex);
      expect(original.outcome).not.toBe('answered');
      expect(original.atSeconds).toBeLessThanOrEqual(r.atSeconds);
    }
  });

  it('international and landline callers appear at their shares', () => {
    const day = generateDay(options);
    const intl = day.filter((c) => c.line === 'international');
    expect(intl.every((c) => c.from.startsWith('+44'))).toBe(true);
    expect(day.filter((c) => c.line === 'landline').length / day.length).toBeGreaterThan(0.05);
  });
});

describe('profileFromCallCentre', () => {
  it('takes the hourly shape and the abandonment quantiles', () => {
    const p = profileFromCallCentre({ hourly_share_pct: { '09:00': 10, '10:00': 20 }, abandonment_while_waiting_seconds: { p10: 5, p25: 12, median: 40, p75: 80, p90: 150 } });
    expect(p.hourlyWeights).toEqual({ 9: 10, 10: 20 });
    expect(p.patienceCurve).toEqual([[0, 0], [5, 0.1], [12, 0.25], [40, 0.5], [80, 0.75], [150, 0.9], [600, 1]]);
  });

  it('keeps the built-in values for anything missing', () => {
    expect(profileFromCallCentre({})).toEqual(DEFAULT_DAY_PROFILE);
  });
});
