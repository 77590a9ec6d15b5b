import { type LabelledRow } from './labelled-row';

/**
 * The source fold of a row: its `source_repo`. A row without one is grouped by where its text was
 * read: quotes from US court records (its licence names a court record) form the `court-records`
 * fold; any other row is grouped by the host of its `source_url` (the Stack Exchange titles of
 * dev.jsonl form `diy.stackexchange.com`), else `unknown-source`.
 */
export function sourceFoldOf(row: Pick<LabelledRow, 'sourceRepo' | 'sourceUrl' | 'license'>): string {
  if (row.sourceRepo) return row.sourceRepo;
  if (row.license && /court record/i.test(row.license)) return 'court-records';
  if (row.sourceUrl) {
    try {
      return new URL(row.sourceUrl).host;
    } catch {
      return 'unknown-source';
    }
  }
  return 'unknown-source';
}

/**
 * Business domains of the labelled files grouped into the verticals a location can have (see the
 * issue's list: home services, auto repair, dental, medical office, veterinary, legal, salon...),
 * plus two groups for texts that are not about a trade: replies that fit any business, and
 * personal/spam SMS. A domain not listed here is `other_business`.
 */
export const DOMAIN_VERTICALS: Readonly<Record<string, string>> = {
  auto_repair: 'auto_repair',
  motorcycle_repair: 'auto_repair',
  doctor_clinic: 'medical_office',
  therapist_mental_health: 'medical_office',
  dentist: 'dental',
  vet_clinic: 'veterinary',
  veterinary: 'veterinary',
  law_firm: 'legal',
  salon: 'salon',
  locksmith: 'locksmith',
  property_management: 'property_management',
  electrical: 'home_services',
  plumbing: 'home_services',
  hvac: 'home_services',
  handyman: 'home_services',
  windows: 'home_services',
  water_damage_restoration: 'home_services',
  pest_control_lawn: 'home_services',
  appliance_repair: 'home_services',
  general_appointment: 'any_business',
  general_any_vertical: 'any_business',
  telecom_cable_service: 'other_business',
  device_repair_insurance: 'other_business',
  it_support: 'other_business',
  irrelevant_other_vertical: 'other_business',
  restaurant: 'other_business',
  sms_spam: 'personal_or_spam_sms',
  sms_personal: 'personal_or_spam_sms',
  sms_personal_wrong_number_like: 'personal_or_spam_sms',
  out_of_scope: 'personal_or_spam_sms',
  out_of_domain_chat: 'personal_or_spam_sms',
};

/** Verticals with fewer rows than this (over all files scored) join `other_business` (veterinary 4 and legal 2 today). */
export const MIN_DOMAIN_FOLD_ROWS = 10;

/**
 * Returns a function giving each row's domain fold: its vertical (see DOMAIN_VERTICALS), with
 * verticals of fewer than `minRows` rows in `rows` merged into `other_business`.
 */
export function domainFolds(rows: readonly Pick<LabelledRow, 'domain'>[], minRows = MIN_DOMAIN_FOLD_ROWS): (row: Pick<LabelledRow, 'domain'>) => string {
  const vertical = (domain: string) => DOMAIN_VERTICALS[domain] ?? 'other_business';
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(vertical(r.domain), (counts.get(vertical(r.domain)) ?? 0) + 1);
  return (row) => {
    const v = vertical(row.domain);
    return (counts.get(v) ?? 0) < minRows ? 'other_business' : v;
  };
}

/** Verticals a location can be configured with (LocationConfig `vertical`); the other groups of DOMAIN_VERTICALS are evaluation-only. */
const LOCATION_VERTICALS = new Set(['home_services', 'auto_repair', 'dental', 'medical_office', 'veterinary', 'legal', 'locksmith', 'property_management', 'salon']);

/**
 * The vertical of the location a row was texted to, as a location would be configured: the
 * row's vertical when it is a trade (DOMAIN_VERTICALS), `other` for other businesses, and
 * undefined (unknown) for replies that fit any business and for personal or spam SMS.
 */
export function locationVerticalOf(domain: string): string | undefined {
  const v = DOMAIN_VERTICALS[domain] ?? 'other_business';
  if (LOCATION_VERTICALS.has(v)) return v;
  return v === 'other_business' ? 'other' : undefined;
}
