/**
 * Public emergency numbers by ISO 3166-1 alpha-2 country, for safety lines. Sources: FCC "911 and E911 services"
 * (fcc.gov, US), CRTC "9-1-1" (crtc.gc.ca, Canada), European Commission "112: the European emergency number"
 * (digital-strategy.ec.europa.eu/en/policies/112, EU/EEA and the UK alongside 999), GOV.UK / NHS "call 999" (UK),
 * Triple Zero Australia (triplezero.gov.au, 000), New Zealand Police "Call 111" (police.govt.nz), Ministry of Home
 * Affairs ERSS (112.gov.in, India 112), Mexico "911 Emergencias" (gob.mx/911), Philippines E911 (911.gov.ph).
 */
const NUMBERS: Readonly<Record<string, string>> = {
  US: '911',
  CA: '911',
  PR: '911',
  GU: '911',
  VI: '911',
  MX: '911',
  PH: '911',
  GB: '999',
  IM: '999',
  JE: '999',
  GG: '999',
  AU: '000',
  NZ: '111',
  IN: '112',
  // EU member states and EEA/EFTA: 112.
  ...Object.fromEntries(
    'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO CH'
      .split(' ')
      .map((c) => [c, '112']),
  ),
};

/** Words used when a location's country is unknown or not in the table. */
export const UNKNOWN_EMERGENCY_NUMBER = 'your local emergency number';

/**
 * The public emergency number of `countryCode` (ISO 3166-1 alpha-2, any case), e.g. `911` for `US`, `999` for `GB`,
 * `112` for `FR`, `000` for `AU`, `111` for `NZ`; {@link UNKNOWN_EMERGENCY_NUMBER} when unknown.
 */
export function emergencyNumberOf(countryCode: string | null | undefined): string {
  if (!countryCode) return UNKNOWN_EMERGENCY_NUMBER;
  return NUMBERS[countryCode.toUpperCase()] ?? UNKNOWN_EMERGENCY_NUMBER;
}
