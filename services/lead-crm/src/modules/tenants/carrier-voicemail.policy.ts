import { type FranchiseManifest } from './franchise-manifest.schema';

/**
 * Typical delay, in seconds, after which a phone network forwards an unanswered call to the subscriber's voicemail
 * (call forwarding on no reply, CFNRy): 3GPP TS 27.007 §7.11 (`+CCFC`), parameter `<time>`: "1...30 when 'no reply'
 * is enabled or queried, this gives the time in seconds to wait before call is forwarded, default value 20". Mobile
 * voicemail (and many desk phones' own voicemail) therefore picks up a forwarded call after about 20 s of ringing.
 */
export const CARRIER_VOICEMAIL_PICKUP_SECONDS = 20;

/** Where {@link CARRIER_VOICEMAIL_PICKUP_SECONDS} comes from, printed with the warning. */
export const CARRIER_VOICEMAIL_PICKUP_SOURCE = '3GPP TS 27.007 §7.11 +CCFC: no-reply forwarding timer default 20 s';

/**
 * Warnings for `textback tenants apply`: every location whose `ringTimeoutSeconds` is at least
 * {@link CARRIER_VOICEMAIL_PICKUP_SECONDS}, so the forwarded phone's own (carrier) voicemail may answer before the
 * ring timeout. Without answer confirmation such a call counts as answered and the caller is never texted; with it,
 * the call is decided missed (`machine_or_unaccepted`) but the location's staff had no longer to pick up.
 * Warnings do not stop the apply. Each names the location's index and slug, as the manifest's errors do.
 */
export function carrierVoicemailWarnings(manifest: FranchiseManifest): string[] {
  const warnings: string[] = [];
  for (const [index, loc] of manifest.locations.entries()) {
    if (loc.ringTimeoutSeconds < CARRIER_VOICEMAIL_PICKUP_SECONDS) continue;
    const where = `locations[${index}] (${loc.slug}).ringTimeoutSeconds`;
    const risk = `${loc.ringTimeoutSeconds} s is long enough for the forwarded phone's carrier voicemail to answer first (typically after ${CARRIER_VOICEMAIL_PICKUP_SECONDS} s; ${CARRIER_VOICEMAIL_PICKUP_SOURCE})`;
    warnings.push(
      loc.answerConfirmation
        ? `${where}: ${risk}; answerConfirmation is on, so such a call is texted as missed (machine_or_unaccepted), but staff never get the full ring: below ${CARRIER_VOICEMAIL_PICKUP_SECONDS} s is better`
        : `${where}: ${risk}, and that call would count as answered with no text to the caller; use less than ${CARRIER_VOICEMAIL_PICKUP_SECONDS} s or set answerConfirmation: true`,
    );
  }
  return warnings;
}
