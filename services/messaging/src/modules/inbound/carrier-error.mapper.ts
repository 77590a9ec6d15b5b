import { type SmsFailureReason } from '@textback/contracts';

/**
 * Maps a carrier delivery error code to a failure reason (never empty). Bandwidth 4-digit codes per
 * api-docs messaging/errors.mdx (CARRIER-APIS.md §2.3); Twilio 5-digit codes per twilio-error-codes.json (§4.2):
 * delivery codes 3xxxx from status callbacks and REST codes 2xxxx from a rejected send (21610 unsubscribed recipient,
 * 21211 invalid To, 21614 not a mobile number; other 21xxx are rejections).
 */
export function failureReasonOf(errorCode: string): SmsFailureReason {
  const code = Number(errorCode);
  if (!Number.isInteger(code)) return 'unknown';
  switch (code) {
    case 4720:
    case 4700:
    case 30006:
      return 'landline_or_not_textable';
    case 4775:
    case 21610:
      return 'opted_out_at_carrier';
    case 4301:
    case 4302:
    case 4303:
    case 4350:
    case 4404:
    case 4405:
    case 4406:
    case 4408:
    case 4721:
    case 30005:
    case 21211:
    case 21614:
    case 21635:
      return 'invalid_number';
    case 4470:
    case 4770:
    case 4771:
    case 30007:
      return 'spam_filtered';
    case 4360:
      return 'expired';
    case 4780:
    case 4781:
    case 4785:
    case 30022:
    case 30023:
    case 30027:
      return 'rate_limited';
    case 4701:
    case 4702:
    case 4730:
    case 30003:
      return 'unreachable';
    case 9902:
    case 9999:
    case 30008:
      return 'unknown';
    default:
      if (code >= 5000 && code < 6000) return 'unreachable';
      if (code >= 4000 && code < 5000) return 'carrier_rejected';
      if (code >= 21000 && code < 22000) return 'carrier_rejected';
      return 'unknown';
  }
}
