/**
 * Legal calling hours that apply on top of a location's configured quiet hours, in the RECIPIENT's local time.
 * Data, with the source of each rule beside it; a rule is added here, never as a branch in code.
 *
 * What is deliberately not here (so nobody believes it is enforced): Canada's CRTC Unsolicited Telecommunications
 * Rules, weekend/holiday bans of some states (e.g. no solicitation on Sundays) and the 8 p.m. limits of states other
 * than Florida. Each is a one-line addition once its source has been checked.
 */
export interface CallingHoursRule {
  /** Stable id (logged with a deferral). */
  id: string;
  /** Texts are allowed from `allowedFrom` (inclusive) to `allowedUntil` (exclusive), `HH:mm` recipient-local time. */
  allowedFrom: string;
  allowedUntil: string;
  /** ISO country of the recipient's number (libphonenumber-js). */
  country: string;
  /** NANP area codes the rule is limited to; absent = the whole country. */
  areaCodes?: readonly string[];
  /** The rule as the law says it, and where. */
  source: string;
}

/**
 * Florida's area codes (NANPA assignments; every one geocodes to Florida in Google libphonenumber's geocoding data,
 * checked for all 800 NPAs 200-999 on 2026-12-03 and for these in calling-hours.constants.spec.ts).
 */
export const FLORIDA_AREA_CODES: readonly string[] = [
  '239', '305', '321', '324', '352', '386', '407', '448', '561', '645', '656', '689',
  '727', '728', '754', '772', '786', '813', '850', '863', '904', '941', '954',
];

/** The legal calling-hours rules messaging enforces (the stricter of every rule that applies wins). */
export const CALLING_HOURS_RULES: readonly CallingHoursRule[] = [
  {
    id: 'us_tcpa',
    allowedFrom: '08:00',
    allowedUntil: '21:00',
    country: 'US',
    source:
      'TCPA, 47 CFR 64.1200(c)(1): no telephone solicitation before 8 a.m. or after 9 p.m. local time at the called ' +
      "party's location (texts are calls under the TCPA).",
  },
  {
    id: 'us_fl_telemarketing_act',
    allowedFrom: '08:00',
    allowedUntil: '20:00',
    country: 'US',
    areaCodes: FLORIDA_AREA_CODES,
    source:
      "Fla. Stat. 501.616(6)(a) (as amended by ch. 2021-185, Laws of Fla., SB 1120): no commercial telephone " +
      "solicitation before 8 a.m. or after 8 p.m. local time at the called person's location; a Florida area code " +
      'is presumed to reach a person in Florida (the FTSA presumption of the same act, Fla. Stat. 501.059).',
  },
];

/**
 * Texts that answer the recipient's own text are not held for the morning: a reply the person invited is not a
 * "telephone solicitation" (47 CFR 64.1200(f)(15)(i): a call "to any person with that person's prior express
 * invitation or permission" is excluded), so the time-of-day rule of 64.1200(c)(1) does not reach it. We keep the
 * exemption narrow: a conversation reply within this many minutes of the recipient's last inbound text.
 */
export const TEXTED_FIRST_WINDOW_MINUTES = 30;
