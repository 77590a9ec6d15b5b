import { offerFit } from './demo-offer-fit';

const zone = 'America/Denver';
const at = new Date('2026-12-04T09:40:00Z'); // Fri Dec 4, 02:40 in Denver

describe(offerFit.name, () => {
  it('counts the offered slots inside the window the caller stated', () => {
    const fit = offerFit(
      [{ text: 'Friday morning if possible', at }],
      [{ text: 'Demo: openings for Friday morning:\n1) Fri Dec 4, 7am\n2) Fri Dec 4, 9:30am\n3) Fri Dec 4, 1pm\nReply with the number that works.', at: new Date(at.getTime() + 5_000) }],
      zone,
    );
    expect(fit).toEqual({ said: 'Friday morning if possible', label: 'Friday morning', offered: ['Fri Dec 4, 7am', 'Fri Dec 4, 9:30am', 'Fri Dec 4, 1pm'], inside: 2 });
  });

  it('is null without a stated preference or an offer after it', () => {
    expect(offerFit([{ text: 'the furnace', at }], [], zone)).toBeNull();
    expect(offerFit([{ text: 'tomorrow morning works', at }], [{ text: 'What day and time?', at }], zone)).toBeNull();
  });
});
