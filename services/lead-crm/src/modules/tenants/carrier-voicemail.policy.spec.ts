import { parseFranchiseManifest } from './franchise-manifest.util';
import { CARRIER_VOICEMAIL_PICKUP_SECONDS, carrierVoicemailWarnings } from './carrier-voicemail.policy';

const manifest = (locations: string) => `tenant: { slug: acme, name: Acme }
locations:
${locations}`;
let line = 100;
const location = (slug: string, extra: string) =>
  `  - { slug: ${slug}, name: ${slug}, timeZone: America/Denver, forwardTo: "+17205550100", numbers: [{ e164: "+1720555${++line}0", provider: bandwidth, purpose: main_line }], ${extra} }`;

describe(carrierVoicemailWarnings.name, () => {
  it('warns for a ring timeout of 20 s or more, naming the location, the figure and its source; none below', () => {
    const m = parseFranchiseManifest(manifest([location('short', 'ringTimeoutSeconds: 19'), location('edge', `ringTimeoutSeconds: ${CARRIER_VOICEMAIL_PICKUP_SECONDS}`), location('long', 'ringTimeoutSeconds: 30')].join('\n')));
    const warnings = carrierVoicemailWarnings(m);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^locations\[1\] \(edge\)\.ringTimeoutSeconds: 20 s is long enough .*3GPP TS 27\.007.*would count as answered.*set answerConfirmation: true$/);
    expect(warnings[1]).toMatch(/^locations\[2\] \(long\)\.ringTimeoutSeconds: 30 s/);
  });

  it('the default ring timeout (25 s) warns; with answerConfirmation on the advice says the call is still texted', () => {
    const m = parseFranchiseManifest(manifest([location('default', ''), location('confirmed', 'answerConfirmation: true')].join('\n')));
    const [plain, confirmed] = carrierVoicemailWarnings(m);
    expect(plain).toContain('locations[0] (default).ringTimeoutSeconds: 25 s');
    expect(confirmed).toContain('answerConfirmation is on, so such a call is texted as missed (machine_or_unaccepted)');
  });

  it('answerConfirmation defaults to off', () => {
    expect(parseFranchiseManifest(manifest(location('x', 'ringTimeoutSeconds: 15'))).locations[0]?.answerConfirmation).toBe(false);
  });
});
