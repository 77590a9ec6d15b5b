import { Inject, Injectable } from '@nestjs/common';
import { type LocationConfig, type SmsSuppressionReason } from '@textback/contracts';
import { LocationDirectory } from '@textback/platform';
import { type TransactionContext } from '@textback/persistence';
import { ConsentLedger } from '../consent/consent-ledger.service';
import { LineTypeRepository } from '../line-type/line-type.repository';
import { TEXTED_FIRST_WINDOW_MINUTES } from '../policy/calling-hours.constants';
import { isInternational, isReplyableAddress } from '../policy/phone-number.util';
import { QuietHoursPolicy } from '../policy/quiet-hours.policy';
import { RecipientZones } from '../policy/recipient-zones.service';
import { OutboundMessageRepository } from './outbound-message.repository';
import { type SendIntent } from './send-intent.types';
import { CONFIRMATION_WINDOW_MS, HOURLY_CAP_WINDOW_MS, PERSON_TEXT_PRODUCERS, RESERVED_PURPOSES } from './send-decision.constants';

/** Limits of the send decision (env AUTOMATED_HOURLY_CAP, LOOP_WINDOW_SECONDS). */
export const SEND_POLICY_LIMITS = Symbol('SendPolicyLimits');
export interface SendPolicyLimits {
  /** Hard cap of automated texts (keyword replies included) per recipient and location per rolling hour. */
  automatedHourlyCap: number;
  /** The same compliance reply goes to one number at most once per this many seconds (loop guard). */
  loopWindowSeconds: number;
}

/** The decision on one text. Instants are UTC. */
export type SendVerdict =
  | { kind: 'refuse'; reason: SmsSuppressionReason; from: string | null; detail: string }
  | { kind: 'allow'; from: string; notBefore: Date; deferred: boolean; detail: string };

/**
 * `enqueue`: the first look, when the text is stored. `send`: the re-check right before the carrier call, so that an
 * opt-out, a pause or quiet hours that began after queueing still win (admission limits, the cap and the loop guard,
 * are not counted twice).
 */
export type DecisionStage = 'enqueue' | 'send';

/** The location's sending number for provider-agnostic sends: the first registered (or exempt) one. */
export function sendingNumberOf(config: LocationConfig): string | undefined {
  return config.sendingNumbers.find((n) => n.campaignStatus === 'registered' || n.campaignStatus === 'not_required')?.e164;
}

/**
 * The ONE consent and compliance decision for every outbound text, automated or manual: first texts, send commands
 * from any service (conversation replies, follow-ups, notices, dispatch pages, staff texts from lead-crm), HELP
 * answers and opt-out/opt-in confirmations. No purpose skips consent. Rules, in order (each refusal has a stable
 * reason, the contract's `smsSuppressionReasonSchema`):
 * 1. the location is known and active; a template-based command was rendered; the address is a full number;
 * 2. reserved purposes (`keyword_reply`, `first_text`) only from messaging itself; a keyword reply names its kind;
 *    `automated: false` is believed only from lead-crm (staff texts) and scheduling (pages to staff);
 * 3. not one of our own numbers; the location has a registered sending number;
 * 4. consent (the ledger's latest applicable entry): opted out -> refused, except exactly one opt-out confirmation of
 *    the CURRENT opt-out entry within 5 minutes of it (47 CFR 64.1200(a)(12)); a START confirmation only for an opt-in
 *    entry that reversed an opt-out (CTIA: confirm opt-ins, never text a number that did not opt out), once;
 * 5. automated texts (not dispatch pages to staff): paused for review -> refused (HELP too; the two confirmations are
 *    exempt), human takeover -> refused (compliance replies exempt); the location's international policy
 *    (`callback_task`: no automated text to another country, keyword replies included: an SMS-pumping path);
 * 6. at enqueue: loop guard (the same compliance reply to the number at most once per loop window) and the hourly cap
 *    of automated texts per recipient, compliance replies included (an opt-out confirmation may exceed it once an
 *    hour); the learned line type (landline / failed delivery) for all but compliance replies and messaging's first
 *    text (its caller's line type was looked up for that call);
 * 7. quiet hours in the RECIPIENT's local time ({@link QuietHoursPolicy}, {@link RecipientZones}): automated texts
 *    are deferred to the morning (never dropped), except dispatch pages, messaging's first text, compliance replies
 *    and a conversation reply or caller notice within 30 minutes of the recipient's own text (calling-hours.constants.ts). Staff texts
 *    (`automated: false`) are a person's reply in a conversation and are not deferred.
 */
@Injectable()
export class SendDecision {
  constructor(
    private readonly messages: OutboundMessageRepository,
    private readonly consent: ConsentLedger,
    private readonly lineTypes: LineTypeRepository,
    private readonly directory: LocationDirectory,
    private readonly zones: RecipientZones,
    @Inject(SEND_POLICY_LIMITS) private readonly limits: SendPolicyLimits,
  ) {}

  /**
   * Decides `intent` at `now` (reads the ledger, conversation state and message log in `tx`; writes nothing).
   * @returns `allow` with the sending number and the instant it may go (later than `now` when deferred), or `refuse`.
   */
  async decide(tx: TransactionContext, intent: SendIntent, now: Date, stage: DecisionStage = 'enqueue'): Promise<SendVerdict> {
    const refuse = (reason: SmsSuppressionReason, detail: string, from: string | null = null): SendVerdict => ({ kind: 'refuse', reason, from, detail });
    const { config, to, purpose, compliance } = intent;
    if (!config || !config.active) return refuse('unknown_location', config ? 'location is inactive' : 'no configuration for this location');
    if (intent.body === null) return refuse('template_unavailable', 'the template cannot be rendered for this location');
    if (!isReplyableAddress(to)) return refuse('not_replyable', 'not a full E.164 number (short code or alphanumeric sender)');
    if (RESERVED_PURPOSES.has(purpose) && intent.origin.kind !== 'messaging') {
      return refuse('reserved_purpose', `purpose ${purpose} is reserved to messaging; sent by ${intent.origin.producer}`);
    }
    if ((purpose === 'keyword_reply') !== (compliance !== undefined)) return refuse('reserved_purpose', 'a keyword reply must say which compliance reply it is (and only a keyword reply may)');
    if (await this.directory.findByNumber(to)) return refuse('own_number', 'the recipient is one of our own numbers');
    const from = intent.from ?? sendingNumberOf(config);
    if (!from) return refuse('sender_not_registered', 'no sending number with a registered 10DLC campaign');
    const q = { tenantId: intent.tenantId, locationId: intent.locationId, phoneE164: to, sendingNumberE164: from };
    // Compliance replies to one number are decided one at a time (cap, loop guard and one-confirmation rules read
    // what the previous one wrote).
    if (compliance && stage === 'enqueue') await this.messages.lockRecipient(tx.handle, intent.locationId, to);
    const automated = SendDecision.automated(intent);
    const automatedToCaller = automated && purpose !== 'dispatch_page';
    // The hourly cap's count (rule below) is read by the standing's own statement when the cap applies: one round trip.
    const capSince = stage === 'enqueue' && automatedToCaller ? new Date(now.getTime() - HOURLY_CAP_WINDOW_MS) : undefined;
    const standing = await this.consent.standing(tx, q, capSince);

    const confirmation = compliance?.kind === 'opt_out_confirmation' || compliance?.kind === 'opt_in_confirmation' ? compliance : undefined;
    if (confirmation) {
      const [latest, previous] = await this.consent.latestEntries(tx, q, 2);
      const expected = confirmation.kind === 'opt_out_confirmation' ? 'opt_out' : 'opt_in';
      if (confirmation.consentId === null) return refuse('not_opted_out', 'START from a number that was not opted out: nothing to confirm', from);
      if (!latest || latest.consentId !== confirmation.consentId || latest.action !== expected) {
        return refuse('not_opted_out', `ledger entry ${confirmation.consentId} is not the number's current ${expected}`, from);
      }
      if (expected === 'opt_in' && previous?.action !== 'opt_out') return refuse('not_opted_out', 'START from a number that was not opted out: nothing to confirm', from);
      if (expected === 'opt_out' && previous?.action === 'opt_out') return refuse('confirmation_already_sent', 'a repeated opt-out: the number was opted out already', from);
      if (now.getTime() - latest.at.getTime() > CONFIRMATION_WINDOW_MS) return refuse('confirmation_window_passed', 'more than 5 minutes after the ledger entry', from);
      if (stage === 'enqueue' && (await this.messages.hasConfirmation(tx.handle, confirmation.consentId))) {
        return refuse('confirmation_already_sent', `ledger entry ${confirmation.consentId} was confirmed already`, from);
      }
    } else if (standing.optedOut) {
      return refuse('opted_out', 'the recipient opted out (consent ledger)', from);
    }

    const state = standing.conversation;
    if (automatedToCaller && !confirmation) {
      if (state.pausedReason) return refuse('paused', `automation paused (${state.pausedReason}) pending review`, from);
      if (state.humanActive && !compliance) return refuse('human_active', 'a person has taken over this conversation', from);
    }
    if (automatedToCaller && config.internationalPolicy === 'callback_task' && isInternational(to, from)) {
      return refuse('international', 'the recipient is in another country and the location does not text abroad', from);
    }
    if (stage === 'enqueue' && automatedToCaller) {
      const lastSameReply = compliance ? await this.messages.lastComplianceReply(tx.handle, intent.locationId, to, compliance.kind) : null;
      if (lastSameReply && now.getTime() - lastSameReply.getTime() < this.limits.loopWindowSeconds * 1000) {
        return refuse('loop_guard', `the same ${compliance?.kind ?? ''} reply went to this number less than ${this.limits.loopWindowSeconds}s ago`, from);
      }
      const recent = standing.automatedRecent ?? (await this.messages.countAutomatedSince(tx.handle, intent.locationId, to, new Date(now.getTime() - HOURLY_CAP_WINDOW_MS)));
      const confirmationOverCap = compliance?.kind === 'opt_out_confirmation' && (!lastSameReply || now.getTime() - lastSameReply.getTime() >= HOURLY_CAP_WINDOW_MS);
      if (recent >= this.limits.automatedHourlyCap && !confirmationOverCap) {
        return refuse('hourly_cap', `${recent} automated texts to this number in the last hour (cap ${this.limits.automatedHourlyCap})`, from);
      }
    }
    // Compliance replies go to a number that just texted us; the first text's caller was looked up for this very call.
    const lineTypeKnown = compliance !== undefined || (purpose === 'first_text' && intent.origin.kind === 'messaging');
    if (stage === 'enqueue' && !lineTypeKnown) {
      const lineType = await this.lineTypes.get(to, tx.handle);
      if (lineType && !lineType.textable) {
        return lineType.source === 'delivery_error' ? refuse('not_textable', 'the number failed delivery before', from) : refuse('landline', `line type ${lineType.lineType}`, from);
      }
    }

    const requested = intent.notBefore && intent.notBefore.getTime() > now.getTime() ? intent.notBefore : now;
    if (!this.quietHoursApply(intent, state.lastInboundAt, now)) return { kind: 'allow', from, notBefore: requested, deferred: false, detail: 'not held by quiet hours' };
    const recipient = await this.zones.of(to, config);
    const allowed = QuietHoursPolicy.nextAllowed(config, requested, recipient);
    if (!allowed) return refuse('quiet_hours_no_window', `no common daytime in ${recipient.zones.join(', ')} within 7 days`, from);
    const deferred = allowed.getTime() !== requested.getTime();
    return { kind: 'allow', from, notBefore: allowed, deferred, detail: `quiet hours in ${recipient.zones.join(', ')} (${recipient.basis})${deferred ? ': deferred' : ''}` };
  }

  /** `automated: false` counts only from producers whose texts a person types (PERSON_TEXT_PRODUCERS). */
  static automated(intent: SendIntent): boolean {
    return intent.automated || (intent.origin.kind === 'command' && !PERSON_TEXT_PRODUCERS.has(intent.origin.producer));
  }

  private quietHoursApply(intent: SendIntent, lastInboundAt: Date | null, now: Date): boolean {
    if (!SendDecision.automated(intent) || intent.purpose === 'dispatch_page' || intent.compliance) return false;
    if (intent.purpose === 'first_text' && intent.origin.kind === 'messaging') return false;
    // A reply or a notice (scheduling's "we're alerting our on-call technician") to someone who just texted.
    const textedFirst = (intent.purpose === 'conversation_reply' || intent.purpose === 'caller_notice') && lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() <= TEXTED_FIRST_WINDOW_MINUTES * 60_000;
    return !textedFirst;
  }
}
