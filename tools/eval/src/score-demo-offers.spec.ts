import { builtInCallers, DEMO_LOCATIONS, DEMO_STARTS, replayLocation, type ReplayedOffer } from './score-demo-offers';

/** Replays callers at the demo's locations and starts, shared out round-robin as the tool does. */
function replay(callers: ReturnType<typeof builtInCallers>, perLocation: number): ReplayedOffer[] {
  return DEMO_STARTS.flatMap((start) => DEMO_LOCATIONS.flatMap((loc, l) => replayLocation(loc, start, callers.filter((_, i) => i % DEMO_LOCATIONS.length === l).slice(0, perLocation))));
}

describe('the demo preferences replayed through understanding, parser, slot grid and ranking', () => {
  it('never offers a slot outside a stated window that has a free slot, and says so when the window is full', () => {
    const offers = replay(builtInCallers(), 25);
    expect(offers.length).toBeGreaterThan(40);
    const outsideWithCapacity = offers.filter((o) => o.windowHadCapacity && o.fit.inside < o.fit.offered.length);
    expect(outsideWithCapacity.map((o) => `${o.location}: ${o.said} -> ${o.fit.offered.join(', ')}`)).toEqual([]);
    expect(offers.filter((o) => !o.windowHadCapacity && !o.fit.saidNoCapacity)).toEqual([]);
    expect(offers.filter((o) => o.windowHadCapacity && o.fit.saidNoCapacity)).toEqual([]);
    expect(offers.reduce((n, o) => n + o.fit.outsideAlthoughCapacity, 0)).toBe(0);
    // Windows do fill up (capacity 1, two-hour slots): some offers are the nearest alternatives, announced.
    expect(offers.some((o) => o.fit.saidNoCapacity)).toBe(true);
    expect(offers.some((o) => o.fit.inside === o.fit.offered.length && o.fit.inside > 0)).toBe(true);
  });
});
