/**
 * Wire shapes spoken by the Twilio messaging stand-in. Sources: twilio/twilio-oai `twilio_api_v2010.json`
 * (`api.v2010.account.message`, `message_enum_status`), the REST error format `{code,message,more_info,status}`
 * (rest-error-429.json, rest-error-21610.json) and the decoded webhook form bodies in
 * /work/shared/reference/carrier/twilio/ (sms-inbound.json, sms-status-*.json). See CARRIER-APIS.md §4.2-4.3.
 */

/** Which documented operation a recorded request hit. */
export type TwilioOperation = 'createMessage' | 'listMessages' | 'unknown';

/** A decoded application/x-www-form-urlencoded body (repeated keys become arrays). */
export type TwilioForm = Record<string, string | string[]>;

/** One HTTP request the stand-in received, recorded before it answered. */
export interface RecordedTwilioRequest {
  operation: TwilioOperation;
  method: string;
  /** Path as received, e.g. `/2010-04-01/Accounts/AC.../Messages.json`. */
  path: string;
  accountSid: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** The decoded form body. */
  form: TwilioForm;
  rawBody: string;
  /** HTTP status the stand-in answered with. */
  status: number;
  receivedAt: Date;
}

/** Message status values (twilio-oai `message_enum_status`, subset the stand-in produces). */
export type TwilioMessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

/** A Message resource as `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` returns it (201, snake_case JSON). */
export interface TwilioMessage {
  sid: string;
  account_sid: string;
  api_version: '2010-04-01';
  body: string;
  /** RFC 2822, e.g. `Mon, 30 Nov 2026 01:02:03 +0000`. */
  date_created: string;
  date_updated: string;
  date_sent: string | null;
  direction: 'outbound-api';
  error_code: number | null;
  error_message: string | null;
  from: string;
  messaging_service_sid: string | null;
  num_media: string;
  num_segments: string;
  price: string | null;
  price_unit: string;
  status: TwilioMessageStatus;
  subresource_uris: { media: string };
  to: string;
  uri: string;
  /** Not part of Twilio's answer: the `StatusCallback` the request carried (kept for the stand-in's callbacks). */
  statusCallback?: string;
}

/** A scripted failure of the next create-message requests. */
export type TwilioScriptedFailure =
  /** 429 with `{code:20429,message:"Too Many Requests",...}` (rest-error-429.json). */
  | { status: 429 }
  /** A 5xx with `{code:20500,...}`. */
  | { status: 500 | 502 | 503 | 504 }
  /** A 400 with a Twilio error code, e.g. 21610 (unsubscribed recipient), 21211 (invalid To). */
  | { status: 400; code: number; message?: string };

/** Settings of the stand-in. */
export interface TwilioStandInOptions {
  /** The account SID the REST API and webhooks use (default a fixed `AC…`). */
  accountSid?: string;
  /** The auth token: the Basic password the API expects and the key of X-Twilio-Signature (default `stand-in-token`). */
  authToken?: string;
  /** The number's messaging webhook (SmsUrl) for inbound texts. */
  inboundWebhookUrl?: string;
  /** After each accepted message, post `sent` then `delivered` (or `undelivered` for {@link TwilioStandIn.failDeliveryTo}). */
  autoStatusCallbacks?: boolean;
  /** Webhook attempts on connection errors and 5xx (default 3). */
  webhookMaxAttempts?: number;
  /** First retry delay, ms (default 50, doubling). */
  webhookRetryDelayMs?: number;
}

/** One attempt to deliver a webhook, recorded by the stand-in. */
export interface TwilioWebhookDelivery {
  url: string;
  params: Record<string, string>;
  signature: string;
  attempt: number;
  /** HTTP status received, or 0 when the connection failed. */
  status: number;
  /** Response body (Twilio expects TwiML on the inbound webhook). */
  responseBody: string;
  at: Date;
}

/**
 * A page of the Messages list (`GET /2010-04-01/Accounts/{AccountSid}/Messages.json`; twilio-oai twilio_api_v2010.json
 * `ListMessageResponse`): the paging fields and `messages`, newest first.
 */
export interface TwilioMessagesPage {
  messages: Omit<TwilioMessage, 'statusCallback'>[];
  end: number;
  first_page_uri: string;
  next_page_uri: string | null;
  page: number;
  page_size: number;
  previous_page_uri: string | null;
  start: number;
  uri: string;
}
