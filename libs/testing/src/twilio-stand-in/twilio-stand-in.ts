import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { getExpectedTwilioSignature } from 'twilio';
import {
  type RecordedTwilioRequest,
  type TwilioForm,
  type TwilioMessage,
  type TwilioMessageStatus,
  type TwilioMessagesPage,
  type TwilioOperation,
  type TwilioScriptedFailure,
  type TwilioStandInOptions,
  type TwilioWebhookDelivery,
} from './twilio-stand-in.types';
import { closeStandIn, listenStandIn } from '../stand-in-server';

const DEFAULT_ACCOUNT_SID = 'AC00000000000000000000000000000000';
/** Error titles from Twilio's twilio-error-codes.json (error-code-titles.json). */
const ERROR_TITLES: Record<number, string> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  20500: 'Internal Server Error',
  21211: "Invalid 'To' Phone Number",
  21604: "A 'To' phone number is required.",
  21610: 'Attempt to send to unsubscribed recipient',
  21614: "'To' number is not a valid mobile number",
  30003: 'Unreachable destination handset',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered',
};

function restError(status: number, code: number, message?: string): { code: number; message: string; more_info: string; status: number } {
  return { code, message: message ?? ERROR_TITLES[code] ?? 'Error', more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

function sid(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** RFC 2822 date as Twilio's REST API writes it (`Mon, 30 Nov 2026 01:02:03 +0000`). */
function rfc2822(d: Date): string {
  return d.toUTCString().replace('GMT', '+0000');
}

/** GSM-7 basic set + extension (same rule as the Bandwidth stand-in): 160/153 septets, else UCS-2 70/67. */
const GSM7 = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM7_EXT = new Set('^{}\\[~]|€\f');
function segmentsOf(text: string): number {
  let septets = 0;
  for (const ch of text) {
    if (GSM7.has(ch)) septets += 1;
    else if (GSM7_EXT.has(ch)) septets += 2;
    else return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

function parseForm(raw: string): TwilioForm {
  const form: TwilioForm = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    const prev = form[k];
    form[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return form;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * A local, in-process stand-in for Twilio's Programmable Messaging REST API and its webhooks, speaking the documented
 * wire formats (twilio-oai `twilio_api_v2010.json`; CARRIER-APIS.md §4.2-4.3):
 * - `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded (`To`, `From`, `Body`, `StatusCallback`,
 *   `ValidityPeriod`...), HTTP Basic `AccountSid:AuthToken` -> 201 + the Message resource JSON (status `queued`);
 *   401 `{code:20003}` on bad credentials; scripted 429 `{code:20429}`, 5xx `{code:20500}` or 400 with a code
 *   (21610, 21211...).
 * - `GET /2010-04-01/Accounts/{AccountSid}/Messages.json?To=&From=&DateSent>=&PageSize=` -> 200 + a page of the
 *   accepted messages, newest first (`ListMessageResponse`; `DateSent` filters apply to `date_sent`, so messages still
 *   `queued` are left out by them, as on Twilio).
 * - Webhooks like Twilio sends them: form-encoded POSTs signed with `X-Twilio-Signature` (HMAC-SHA1 of URL + sorted
 *   params keyed by the auth token, computed with the twilio package's `getExpectedTwilioSignature`): inbound texts
 *   to the number's SmsUrl, status callbacks (`MessageStatus`, `ErrorCode`) to each message's `StatusCallback`.
 *
 * Point the twilio package at it by rewriting `https://api.twilio.com` to {@link apiBaseUrl} (a custom httpClient).
 * Every request is recorded before it is answered.
 */
export class TwilioStandIn {
  private server: Server | undefined;
  private port = 0;
  private readonly recorded: RecordedTwilioRequest[] = [];
  private readonly created: TwilioMessage[] = [];
  private readonly deliveries: TwilioWebhookDelivery[] = [];
  private readonly failures: TwilioScriptedFailure[] = [];
  private readonly listFailures: (429 | 500 | 503)[] = [];
  private readonly failuresTo = new Map<string, TwilioScriptedFailure[]>();
  private readonly deliveryFailures = new Map<string, number>();
  private readonly pending = new Set<Promise<unknown>>();
  private inboundUrl: string | undefined;

  constructor(private readonly options: TwilioStandInOptions = {}) {
    this.inboundUrl = options.inboundWebhookUrl;
  }

  /** The account SID (`AC` + 32 hex). */
  get accountSid(): string {
    return this.options.accountSid ?? DEFAULT_ACCOUNT_SID;
  }

  /** The auth token (Basic password and signature key). */
  get authToken(): string {
    return this.options.authToken ?? 'stand-in-token';
  }

  /** Starts listening on `host` (default 127.0.0.1; `port` 0 = a free port). */
  async start(port = 0, host = '127.0.0.1'): Promise<void> {
    const started = await listenStandIn((req, res) => this.handle(req, res), (err) => ({ ...restError(500, 20500), detail: String(err) }), port, host);
    this.server = started.server;
    this.port = started.port;
  }

  /** Waits for in-flight webhooks, then closes the server and its connections. */
  async stop(): Promise<void> {
    await closeStandIn(this.pending, () => {
      const server = this.server;
      this.server = undefined;
      return server;
    });
  }

  /** Stand-in for `https://api.twilio.com` (`http://127.0.0.1:<port>`). */
  get apiBaseUrl(): string {
    if (!this.server) throw new Error('TwilioStandIn is not started');
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every request received, oldest first (a copy). */
  get requests(): RecordedTwilioRequest[] {
    return [...this.recorded];
  }

  /** Requests of one operation, oldest first. */
  requestsOf(operation: TwilioOperation): RecordedTwilioRequest[] {
    return this.recorded.filter((r) => r.operation === operation);
  }

  /** Messages accepted with 201, oldest first. */
  get messages(): TwilioMessage[] {
    return [...this.created];
  }

  /** Accepted messages to one recipient. */
  messagesTo(e164: string): TwilioMessage[] {
    return this.created.filter((m) => m.to === e164);
  }

  /** Every webhook delivery attempt, oldest first. */
  get webhookDeliveries(): TwilioWebhookDelivery[] {
    return [...this.deliveries];
  }

  /** Sets the number's messaging webhook (SmsUrl) for {@link sendInbound}. */
  setInboundWebhook(url: string): void {
    this.inboundUrl = url;
  }

  /** The next create-message requests fail in order (any recipient). */
  failNextMessages(...failures: TwilioScriptedFailure[]): void {
    this.failures.push(...failures);
  }

  /** The next create-message requests to `e164` fail in order; other recipients are unaffected. */
  failNextMessagesTo(e164: string, ...failures: TwilioScriptedFailure[]): void {
    this.failuresTo.set(e164, [...(this.failuresTo.get(e164) ?? []), ...failures]);
  }

  /** With `autoStatusCallbacks`, messages to this number end `undelivered` with `errorCode` (e.g. 30006). */
  failDeliveryTo(e164: string, errorCode: number): void {
    this.deliveryFailures.set(e164, errorCode);
  }

  /**
   * Posts an inbound text (the documented webhook params: MessageSid/SmsSid/SmsMessageSid, AccountSid, From, To,
   * Body, NumMedia, NumSegments, SmsStatus=received, ApiVersion) to the inbound webhook, signed.
   * @param input.signature overrides X-Twilio-Signature (to test rejection).
   * @returns the last delivery attempt and the params sent.
   */
  async sendInbound(input: { from: string; to: string; body: string; sid?: string; extra?: Record<string, string>; signature?: string }): Promise<{ delivery: TwilioWebhookDelivery; params: Record<string, string> }> {
    if (!this.inboundUrl) throw new Error('TwilioStandIn: no inbound webhook; call setInboundWebhook');
    const messageSid = input.sid ?? sid('SM');
    const params: Record<string, string> = {
      ToCountry: 'US',
      SmsMessageSid: messageSid,
      NumMedia: '0',
      SmsSid: messageSid,
      SmsStatus: 'received',
      Body: input.body,
      FromCountry: 'US',
      To: input.to,
      NumSegments: String(segmentsOf(input.body)),
      MessageSid: messageSid,
      AccountSid: this.accountSid,
      From: input.from,
      ApiVersion: '2010-04-01',
      ...input.extra,
    };
    return { delivery: await this.post(this.inboundUrl, params, input.signature), params };
  }

  /**
   * Posts a status callback for an accepted message to its `StatusCallback` URL (params per sms-status-*.json:
   * AccountSid, ApiVersion, From, To, MessageSid, SmsSid, MessageStatus, SmsStatus, ErrorCode when failed).
   * @throws Error when the message is unknown or was sent without a StatusCallback.
   */
  async sendStatus(message: TwilioMessage | string, status: TwilioMessageStatus, errorCode?: number, signature?: string): Promise<TwilioWebhookDelivery> {
    const m = typeof message === 'string' ? this.created.find((x) => x.sid === message) : message;
    if (!m) throw new Error(`TwilioStandIn: no message ${String(message)}`);
    if (!m.statusCallback) throw new Error(`TwilioStandIn: message ${m.sid} has no StatusCallback`);
    m.status = status;
    if (status === 'sent' && m.date_sent === null) m.date_sent = rfc2822(new Date());
    if (errorCode !== undefined) m.error_code = errorCode;
    const params: Record<string, string> = {
      AccountSid: m.account_sid,
      ApiVersion: '2010-04-01',
      From: m.from,
      To: m.to,
      MessageSid: m.sid,
      SmsSid: m.sid,
      MessageStatus: status,
      SmsStatus: status,
      ...(errorCode !== undefined ? { ErrorCode: String(errorCode) } : {}),
      ...(status === 'delivered' || status === 'undelivered' ? { RawDlrDoneDate: new Date().toISOString().slice(2, 16).replace(/[-T:]/g, '') } : {}),
    };
    return this.post(m.statusCallback, params, signature);
  }

  /** The X-Twilio-Signature Twilio would send for `url` + `params`. */
  sign(url: string, params: Record<string, string>): string {
    return getExpectedTwilioSignature(this.authToken, url, params);
  }

  private async post(url: string, params: Record<string, string>, signatureOverride?: string): Promise<TwilioWebhookDelivery> {
    const signature = signatureOverride ?? this.sign(url, params);
    const body = new URLSearchParams(params).toString();
    const maxAttempts = this.options.webhookMaxAttempts ?? 3;
    let delay = this.options.webhookRetryDelayMs ?? 50;
    let last: TwilioWebhookDelivery | undefined;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let status = 0;
      let responseBody = '';
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'user-agent': 'TwilioProxy/1.1', 'i-twilio-idempotency-token': sid('') },
          body,
        });
        status = res.status;
        responseBody = await res.text();
      } catch {
        status = 0;
      }
      last = { url, params, signature, attempt, status, responseBody, at: new Date() };
      this.deliveries.push(last);
      if (status !== 0 && status < 500) return last;
      if (attempt < maxAttempts) {
        await sleep(delay);
        delay *= 2;
      }
    }
    return last as TwilioWebhookDelivery;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const requestUrl = new URL(req.url ?? '/', 'http://stand-in');
    const path = requestUrl.pathname;
    const method = req.method ?? 'GET';
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    const operation: TwilioOperation = match ? (method === 'POST' ? 'createMessage' : method === 'GET' ? 'listMessages' : 'unknown') : 'unknown';
    const record: RecordedTwilioRequest = {
      operation,
      method,
      path,
      accountSid: match ? decodeURIComponent(match[1] ?? '') : undefined,
      headers: { ...req.headers },
      form: parseForm(rawBody),
      rawBody,
      status: 0,
      receivedAt: new Date(),
    };
    this.recorded.push(record);
    const [status, payload] = this.answer(record, req, requestUrl.searchParams);
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
    if (status === 201 && this.options.autoStatusCallbacks) this.track(this.autoStatus(payload as TwilioMessage));
  }

  private answer(record: RecordedTwilioRequest, req: IncomingMessage, query: URLSearchParams): [number, unknown] {
    if (record.operation === 'unknown') return [404, restError(404, 20404)];
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected || record.accountSid !== this.accountSid) return [401, restError(401, 20003)];
    if (record.operation === 'listMessages') return this.listMessages(query);
    const to = first(record.form.To) ?? '';
    const failure = this.failuresTo.get(to)?.shift() ?? this.failures.shift();
    if (failure) {
      if (failure.status === 429) return [429, restError(429, 20429)];
      if (failure.status === 400) return [400, restError(400, failure.code, failure.message)];
      return [failure.status, restError(failure.status, 20500)];
    }
    const from = first(record.form.From);
    const service = first(record.form.MessagingServiceSid);
    if (!to) return [400, restError(400, 21604)];
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return [400, restError(400, 21211, `The 'To' number ${to} is not a valid phone number.`)];
    if (!from && !service) return [400, restError(400, 21603, "A 'From' phone number is required.")];
    const body = first(record.form.Body) ?? '';
    const now = new Date();
    const messageSid = sid('SM');
    const statusCallback = first(record.form.StatusCallback);
    const message: TwilioMessage = {
      sid: messageSid,
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      body,
      date_created: rfc2822(now),
      date_updated: rfc2822(now),
      date_sent: null,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: from ?? '',
      messaging_service_sid: service ?? null,
      num_media: '0',
      num_segments: String(segmentsOf(body)),
      price: null,
      price_unit: 'USD',
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${this.accountSid}/Messages/${messageSid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${messageSid}.json`,
    };
    this.created.push(statusCallback ? { ...message, statusCallback } : message);
    return [201, message];
  }

  /** The Messages list (one page, newest first); `DateSent>`/`DateSent<`/`DateSent` compare `date_sent` (UTC, ISO 8601 in the query). */
  private listMessages(query: URLSearchParams): [number, unknown] {
    const listFailure = this.listFailures.shift();
    if (listFailure === 429) return [429, restError(429, 20429)];
    if (listFailure) return [listFailure, restError(listFailure, 20500)];
    const to = query.get('To');
    const from = query.get('From');
    const after = query.get('DateSent>');
    const before = query.get('DateSent<');
    const on = query.get('DateSent');
    const pageSize = Math.min(1000, Number(query.get('PageSize') ?? 50) || 50);
    const sent = (m: TwilioMessage) => (m.date_sent ? Date.parse(m.date_sent) : undefined);
    const matching = this.created
      .filter((m) => (to ? m.to === to : true) && (from ? m.from === from : true))
      .filter((m) => (after ? (sent(m) ?? -Infinity) >= Date.parse(after) : true) && (before ? (sent(m) ?? Infinity) < Date.parse(before) : true))
      .filter((m) => (on ? m.date_sent !== null && new Date(Date.parse(m.date_sent)).toISOString().slice(0, 10) === on.slice(0, 10) : true))
      .reverse()
      .map(({ statusCallback: _callback, ...m }) => m);
    const uri = `/2010-04-01/Accounts/${this.accountSid}/Messages.json?${query.toString()}`;
    const page: TwilioMessagesPage = {
      messages: matching.slice(0, pageSize),
      end: Math.max(0, Math.min(pageSize, matching.length) - 1),
      first_page_uri: uri,
      next_page_uri: matching.length > pageSize ? `${uri}&Page=1&PageToken=PAstandin` : null,
      page: 0,
      page_size: pageSize,
      previous_page_uri: null,
      start: 0,
      uri,
    };
    return [200, page];
  }

  /** The next Messages list requests answer these statuses (429 code 20429, or a 5xx code 20500), one each. */
  failNextListMessages(...statuses: (429 | 500 | 503)[]): void {
    this.listFailures.push(...statuses);
  }

  private async autoStatus(answered: TwilioMessage): Promise<void> {
    const m = this.created.find((x) => x.sid === answered.sid);
    if (!m?.statusCallback) return;
    await this.sendStatus(m, 'sent');
    const errorCode = this.deliveryFailures.get(m.to);
    await (errorCode === undefined ? this.sendStatus(m, 'delivered') : this.sendStatus(m, 'undelivered', errorCode));
  }

  private track(p: Promise<unknown>): void {
    const guarded = p.catch(() => undefined);
    this.pending.add(guarded);
    void guarded.finally(() => this.pending.delete(guarded));
  }
}
