import { domainFolds, locationVerticalOf, sourceFoldOf } from './eval-folds';

describe('eval folds', () => {
  it('folds by source_repo, court-record quotes and source host when a row has no repository', () => {
    expect(sourceFoldOf({ sourceRepo: 'RasaHQ/STAR', sourceUrl: null, license: 'MIT' })).toBe('RasaHQ/STAR');
    expect(sourceFoldOf({ sourceRepo: null, sourceUrl: 'https://e.casetext.com/case/x', license: 'US federal court record (public domain)' })).toBe('court-records');
    expect(sourceFoldOf({ sourceRepo: null, sourceUrl: 'https://diy.stackexchange.com/questions/1', license: 'CC BY-SA 4.0' })).toBe('diy.stackexchange.com');
    expect(sourceFoldOf({ sourceRepo: null, sourceUrl: 'not a url', license: null })).toBe('unknown-source');
    expect(sourceFoldOf({ sourceRepo: null, sourceUrl: null, license: null })).toBe('unknown-source');
  });

  it('maps domains to verticals and merges verticals under the minimum size into other_business', () => {
    const rows = [
      ...Array.from({ length: 3 }, () => ({ domain: 'auto_repair' })),
      { domain: 'motorcycle_repair' },
      { domain: 'vet_clinic' },
      { domain: 'something_new' },
    ];
    const foldOf = domainFolds(rows, 4);
    expect(foldOf({ domain: 'motorcycle_repair' })).toBe('auto_repair');
    expect(foldOf({ domain: 'auto_repair' })).toBe('auto_repair');
    expect(foldOf({ domain: 'vet_clinic' })).toBe('other_business');
    expect(foldOf({ domain: 'something_new' })).toBe('other_business');
  });

  it('gives the location vertical a row was texted to, unknown for replies that fit any business', () => {
    expect(locationVerticalOf('motorcycle_repair')).toBe('auto_repair');
    expect(locationVerticalOf('vet_clinic')).toBe('veterinary');
    expect(locationVerticalOf('locksmith')).toBe('locksmith');
    expect(locationVerticalOf('property_management')).toBe('property_management');
    expect(locationVerticalOf('telecom_cable_service')).toBe('other');
    expect(locationVerticalOf('general_any_vertical')).toBeUndefined();
    expect(locationVerticalOf('sms_spam')).toBeUndefined();
  });
});
