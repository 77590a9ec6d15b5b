import { formatOfferFitTotals, offerFit, totalOfferFits } from './demo-offer-fit';

const zone = 'America/Denver';
const at = new Date('2026-12-04T09:40:00Z'); // Fri Dec 4, 02:40 in Denver
const later = new Date(at.getTime() + 5_000);

describe(offerFit.name, () => {
  it('counts the offered slots inside the window the caller stated, and the ones outside although the text did not say it was full', () => {
    const fit = offerFit(
      [{ text: 'Friday morning if possible', at }],
      [{ text: 'Demo: openings for Friday morning:\n1) Fri Dec 4, 7am\n2) Fri Dec 4, 9:30am\n3) Fri Dec 4, 1pm\nReply with the number that works.', at: later }],
      zone,
    );
    expect(fit).toEqual({ said: 'friday morning if possible', label: 'Friday morning', offered: ['Fri Dec 4, 7am', 'Fri Dec 4, 9:30am', 'Fri Dec 4, 1pm'], inside: 2, saidNoCapacity: false, outsideAlthoughCapacity: 1 });
  });

  it('counts the nearest alternatives apart when the text said the window had no free slot', () => {
    const fit = offerFit(
      [{ text: 'tomorrow morning works', at }],
      [{ text: 'Demo: sorry, nothing is free tomorrow morning. The nearest openings:\n1) Sat Dec 5, 1pm\n2) Sat Dec 5, 3pm\nReply with the number that works.', at: later }],
      zone,
    );
    expect(fit).toMatchObject({ label: 'tomorrow morning', inside: 0, saidNoCapacity: true, outsideAlthoughCapacity: 0 });
    const totals = totalOfferFits(fit ? [fit] : []);
    expect(totals).toEqual({ callers: 1, offered: 2, inside: 0, noCapacitySaidSo: 2, outsideAlthoughCapacity: 0 });
    expect(formatOfferFitTotals(totals)).toContain('0 inside the stated window, 2 nearest alternatives after saying the window had no capacity, 0 outside');
  });

  it('reads the preference from the text the conversation keeps (the first with a time), not a later one', () => {
    const fit = offerFit(
      [
        { text: 'can you send someone this week?', at },
        { text: 'Friday morning if possible', at: new Date(at.getTime() + 1_000) },
      ],
      [{ text: 'Demo: openings this week:\n1) Sat Dec 5, 7am\nReply with the number that works.', at: later }],
      zone,
    );
    expect(fit).toMatchObject({ label: 'this week', inside: 1, outsideAlthoughCapacity: 0 });
  });

  it('reads a January slot offered in December as next year', () => {
    const dec30 = new Date('2026-12-30T16:00:00Z');
    const fit = offerFit([{ text: 'Monday morning please', at: dec30 }], [{ text: 'Demo: openings for Monday morning:\n1) Mon Jan 4, 9am\nReply with the number that works.', at: new Date(dec30.getTime() + 5_000) }], zone);
    expect(fit).toMatchObject({ inside: 1, outsideAlthoughCapacity: 0 });
  });

  it('is null without a stated window, or without an offer after it', () => {
    expect(offerFit([{ text: 'the furnace', at }], [], zone)).toBeNull();
    expect(offerFit([{ text: 'tomorrow morning works', at }], [{ text: 'What day and time?', at }], zone)).toBeNull();
    // "now" is when the caller writes, not a window.
    expect(offerFit([{ text: "the AC isn't working now" }].map((s) => ({ ...s, at })), [{ text: 'Demo: here are the next openings:\n1) Fri Dec 4, 7am\nReply with the number that works.', at: later }], zone)).toBeNull();
  });
});
