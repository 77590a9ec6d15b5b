/** Injection token of the {@link SmsCarrier} port. */
export const SMS_CARRIER = Symbol('SmsCarrier');
/** Injection token of the {@link LineTypeLookup} port. */
export const LINE_TYPE_LOOKUP = Symbol('LineTypeLookup');

/** One text to hand to the carrier. */
export interface CarrierSendRequest {
  from: string;
  to: string;
  body: string;
  /** Idempotency key of the send (our command id), carried as the carrier's message tag. */
  tag: string;
  /** The carrier must not deliver after this instant (Bandwidth `expiration`, Twilio `ValidityPeriod`). */
  expiresAt?: Date;
  /** Which provider sends (the sending number's `provider` in the location config); default bandwidth. */
  provider?: SmsProvider;
}

/** The SMS providers behind {@link SmsCarrier}. */
export type SmsProvider = 'bandwidth' | 'twilio';

/** What the carrier said. `retryable` covers 429 and 5xx and network errors; `rejected` any other 4xx. */
export type CarrierSendResult =
  | { kind: 'accepted'; provider: SmsProvider; providerMessageId: string; segments?: number }
  | { kind: 'retryable'; status: number; detail: string }
  | { kind: 'rejected'; status: number; errorCode: string; detail: string };

/**
 * A question to the carrier: did it accept the text of `tag` (our command id) from `from` to `to`, at or after
 * `sentAfter` (UTC; the instant our carrier call started, `carrier_call_at`)?
 */
export interface CarrierLookupRequest {
  provider?: SmsProvider;
  from: string;
  to: string;
  /** The text's body (Twilio lists it; Bandwidth lists only its length and segment count). */
  body: string;
  /** Segments the body takes (GSM-7 153/160, UCS-2 67/70): Bandwidth's listing is matched on it. */
  segments: number;
  tag: string;
  sentAfter: Date;
}

/**
 * The carrier's answer. `found`: it has the text (its message id). `not_found`: its listing of `from`→`to` since
 * `sentAfter` has no such text. `unknown`: no answer (HTTP error, timeout, an ambiguous listing): ask again later.
 */
export type CarrierLookupResult =
  | { kind: 'found'; provider: SmsProvider; providerMessageId: string; segments?: number }
  | { kind: 'not_found' }
  | { kind: 'unknown'; reason: string };

/** Port: the SMS provider (Bandwidth and Twilio implement it; {@link ProviderRoutedSmsCarrier} picks one per send). */
export interface SmsCarrier {
  send(request: CarrierSendRequest): Promise<CarrierSendResult>;
  /** Looks up a text whose send outcome we never recorded (the reconciliation of `unconfirmed` rows). Never throws. */
  findSent(request: CarrierLookupRequest): Promise<CarrierLookupResult>;
}

/** Our line-type vocabulary (Bandwidth MOBILE/FIXED/VOIP/VOIP-FIXED; Twilio mobile/landline/...Voip). */
export type LineType = 'mobile' | 'landline' | 'voip' | 'voip_fixed' | 'unknown';

/** A lookup answer; `textable` false for landlines and numbers not enabled for messaging. */
export interface LineTypeAnswer {
  lineType: LineType;
  textable: boolean;
}

/** Port: phone number line-type lookup. */
export interface LineTypeLookup {
  /** @returns undefined when the provider could not classify the number (NO-MATCH, error). */
  lookup(e164: string): Promise<LineTypeAnswer | undefined>;
}
