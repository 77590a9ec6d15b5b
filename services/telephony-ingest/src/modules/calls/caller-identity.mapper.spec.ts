import { CALLER_ID_CACHE_LIMIT, countryOfNumber, normalizeCallerId } from './caller-identity.mapper';

describe('normalizeCallerId', () => {
  it.each([
    ['+15551112222', '+15551112222'],
    ['15551112222', '+15551112222'],
    ['5551112222', '+15551112222'],
    ['(919) 555-1234', '+19195551234'],
    [' +1 919-555-1234 ', '+19195551234'],
    ['442071234567', '+442071234567'],
    ['sip:+15551112222@sip.example.com', '+15551112222'],
  ])('%s -> %s', (raw, e164) => {
    expect(normalizeCallerId(raw, 'US')).toEqual({ e164, raw, textable: true });
  });

  it.each(['Anonymous', 'anonymous', 'Private', 'Restricted', 'Unavailable', 'unknown', '', 'sip:anonymous@anonymous.invalid'])('withheld caller id %p has no textable number', (raw) => {
    expect(normalizeCallerId(raw)).toEqual({ e164: null, raw, textable: false });
  });

  it('gives null for digits that are no possible number', () => {
    expect(normalizeCallerId('12', 'US')).toEqual({ e164: null, raw: '12', textable: false });
    expect(normalizeCallerId('not a number', 'US').e164).toBeNull();
  });

  it('reads the same id in another default country afresh, and a changed result does not change the next', () => {
    expect(normalizeCallerId('020 7123 4567', 'US').e164).toBeNull();
    expect(normalizeCallerId('020 7123 4567', 'GB').e164).toBe('+442071234567');
    const first = normalizeCallerId('+15551112222');
    first.e164 = null;
    expect(normalizeCallerId('+15551112222')).toEqual({ e164: '+15551112222', raw: '+15551112222', textable: true });
  });

  it('still answers right for ids past the remembered ones (least recently used dropped)', () => {
    const line = normalizeCallerId('+15558675309');
    for (let i = 0; i <= CALLER_ID_CACHE_LIMIT; i++) normalizeCallerId(`+1555${String(i).padStart(7, '0')}`);
    expect(normalizeCallerId('+15558675309')).toEqual(line);
    expect(normalizeCallerId('+15550000000').e164).toBe('+15550000000');
  });

  it('reads national numbers in the dialled number country', () => {
    expect(countryOfNumber('+442071234567')).toBe('GB');
    expect(normalizeCallerId('020 7123 4567', countryOfNumber('+442071234567')).e164).toBe('+442071234567');
    expect(countryOfNumber('+1555')).toBe('US');
    // Asked again (remembered): the same answers.
    expect(countryOfNumber('+442071234567')).toBe('GB');
    expect(countryOfNumber('+1555')).toBe('US');
  });
});
