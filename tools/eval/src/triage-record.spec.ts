import { parseTriageLine, triage } from './triage-record';

describe('triage record', () => {
  it('names the line of bad input', () => {
    expect(() => parseTriageLine('{"text": ', 7)).toThrow(/^line 7: not JSON/);
    expect(() => parseTriageLine('{"body": "hi"}', 3)).toThrow('line 3: missing string field "text"');
  });

  it('uses the optional location context and receive time', () => {
    const input = parseTriageLine(
      JSON.stringify({
        text: 'furnance is out and it is freezing, can you come tomorrow at 8am? 80301',
        location: { timeZone: 'America/Denver', services: [{ serviceId: 'furnace', name: 'Furnace repair', synonyms: ['furnace'] }], serviceArea: { zips: ['80301'] } },
        receivedAt: '2026-01-15T18:00:00Z',
      }),
      1,
    );
    expect(triage(input)).toMatchObject({ intent: 'emergency', hazard: 'no_heat', serviceId: 'furnace', place: '80301', inServiceArea: true, whenStartAt: '2026-01-16T08:00:00-07:00' });
  });
});
