import { NO_CAPACITY_PHRASE, offerIntro } from './offer-text';

const base = { businessName: 'Acme', shown: 3, wanted: 3, label: 'Friday morning', serviceName: 'HVAC repair', fallback: 'Acme: here are the next openings:', reschedule: false };

describe(offerIntro.name, () => {
  it('names the window when every slot is inside it', () => {
    expect(offerIntro({ ...base, fit: 'inside' })).toBe('Acme: openings for Friday morning for HVAC repair:');
    expect(offerIntro({ ...base, fit: 'inside', label: 'after 5pm', serviceName: undefined })).toBe('Acme: openings after 5pm:');
    expect(offerIntro({ ...base, fit: 'inside', label: 'not Monday' })).toBe('Acme: openings other than Monday for HVAC repair:');
  });

  it('says when the window has fewer free slots than an offer lists', () => {
    expect(offerIntro({ ...base, fit: 'inside', shown: 1 })).toBe('Acme: only one opening is left for Friday morning for HVAC repair:');
    expect(offerIntro({ ...base, fit: 'inside', shown: 2, label: 'tomorrow morning' })).toBe('Acme: only 2 openings are left tomorrow morning for HVAC repair:');
  });

  it('says the window has no capacity before the nearest alternatives', () => {
    const text = offerIntro({ ...base, fit: 'nearest', label: 'at 5:30pm' });
    expect(text).toBe('Acme: sorry, nothing is free at 5:30pm. The nearest openings for HVAC repair:');
    expect(text).toContain(NO_CAPACITY_PHRASE);
  });

  it('keeps the fallback without a stated window and for a reschedule', () => {
    expect(offerIntro({ ...base, fit: 'earliest', label: '' })).toBe(base.fallback);
    expect(offerIntro({ ...base, fit: 'inside', reschedule: true })).toBe(base.fallback);
  });
});
