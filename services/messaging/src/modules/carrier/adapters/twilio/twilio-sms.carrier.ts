import { Agent as HttpAgent } from 'node:http';
import { Twilio, RequestClient } from 'twilio';
import { type CarrierLookupRequest, type CarrierLookupResult, type CarrierSendRequest, type CarrierSendResult, type SmsCarrier } from '../../port/sms-carrier.port';

/** Twilio's production REST origin (the twilio package builds every API URL on it). */
export const TWILIO_PRODUCTION_API = 'https://api.twilio.com';

/** Settings of the Twilio messaging client. */
export interface TwilioMessagingSettings {
  accountSid: string;
  authToken: string;
  /** Origin replacing `https://api.twilio.com` (scheme, host, port, optional path prefix), e.g. a stand-in. */
  apiBaseUrl: string;
  /**
   * Public base URL of this service as Twilio reaches it; status callbacks go to
   * `{publicBaseUrl}/webhooks/twilio/messaging/status?commandId=…`.
   */
  publicBaseUrl: string;
  timeoutMs: number;
}

/**
 * The twilio package's own RequestClient (axios, Basic auth, form encoding, its headers) with only the origin of
 * each URL rewritten from `https://api.twilio.com` to `baseUrl`; the path, query and body stay Twilio's. twilio-node
 * 6.x has no base-URL option (only edge/region, which rename the host under twilio.com), but accepts any
 * `httpClient` (ClientOpts.httpClient), which is what this is.
 */
export class BaseUrlRequestClient extends RequestClient {
  constructor(baseUrl: string, opts: ConstructorParameters<typeof RequestClient>[0] = {}) {
    super(opts);
    const base = baseUrl.replace(/\/+$/, '');
    // The package only configures an https agent; keep connections alive for an http stand-in too.
    if (base.startsWith('http:')) (this as unknown as { axios: { defaults: { httpAgent: HttpAgent } } }).axios.defaults.httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
    const send = this.request.bind(this);
    this.request = ((o: Parameters<RequestClient['request']>[0]) =>
      send({ ...o, uri: o.uri.startsWith(TWILIO_PRODUCTION_API) ? `${base}${o.uri.slice(TWILIO_PRODUCTION_API.length)}` : o.uri })) as RequestClient['request'];
  }
}

/**
 * Sends texts through the twilio package (`client.messages.create` = `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form fields To/From/Body/StatusCallback/ValidityPeriod; 201 + Message resource; CARRIER-APIS.md §4.2).
 * Twilio has no idempotency key: the caller persists the send first (`outbound_message`, unique command id) and the
 * command id rides in the StatusCallback query so callbacks find the row even before the Message SID is stored.
 * 429 (code 20429) and 5xx and network errors are retryable; other 4xx are rejections carrying Twilio's error code
 * (e.g. 21610 unsubscribed recipient, 21211 invalid To).
 */
export class TwilioSmsCarrier implements SmsCarrier {
  private readonly client: Twilio;

  constructor(private readonly settings: TwilioMessagingSettings) {
    const httpClient = settings.apiBaseUrl.replace(/\/+$/, '') === TWILIO_PRODUCTION_API ? new RequestClient({ timeout: settings.timeoutMs }) : new BaseUrlRequestClient(settings.apiBaseUrl, { timeout: settings.timeoutMs });
    this.client = new Twilio(settings.accountSid, settings.authToken, { httpClient, autoRetry: false });
  }

  /** The StatusCallback URL of a send (our command id in the query). */
  statusCallbackOf(commandId: string): string {
    return `${this.settings.publicBaseUrl.replace(/\/+$/, '')}/webhooks/twilio/messaging/status?commandId=${encodeURIComponent(commandId)}`;
  }

  async send(request: CarrierSendRequest): Promise<CarrierSendResult> {
    // ValidityPeriod: seconds Twilio may keep the message queued (1..36000); our time-to-live when there is one.
    const validity = request.expiresAt ? Math.min(36_000, Math.max(1, Math.floor((request.expiresAt.getTime() - Date.now()) / 1000))) : undefined;
    try {
      const m = await this.client.messages.create({
        to: request.to,
        from: request.from,
        body: request.body,
        statusCallback: this.statusCallbackOf(request.tag),
        ...(validity !== undefined ? { validityPeriod: validity } : {}),
      });
      const segments = Number(m.numSegments);
      return { kind: 'accepted', provider: 'twilio', providerMessageId: m.sid, ...(Number.isInteger(segments) && segments > 0 ? { segments } : {}) };
    } catch (err) {
      const rest = err as { status?: number; code?: number; message?: string; isAxiosError?: boolean };
      if (typeof rest?.status === 'number' && !rest.isAxiosError) {
        const status = rest.status;
        const detail = rest.message ?? 'carrier error';
        if (status === 429 || status >= 500) return { kind: 'retryable', status, detail };
        return { kind: 'rejected', status, errorCode: rest.code !== undefined ? String(rest.code) : `http-${status}`, detail };
      }
      // Connection refused, reset, timeout: the request may not have reached Twilio; retried with backoff.
      return { kind: 'retryable', status: 0, detail: String(rest?.message ?? err) };
    }
  }

  /**
   * Asks Twilio's Messages list (`client.messages.list` = `GET /2010-04-01/Accounts/{AccountSid}/Messages.json?To=&From=`,
   * newest first, one page of up to 50; CARRIER-APIS.md §4.2, twilio_api_v2010.json `ListMessage`). No `DateSent>=`
   * filter: a message still `queued`/`accepted` has no `date_sent` yet and would be filtered out. Twilio's Message
   * resource carries neither our StatusCallback nor any idempotency key, so the match is {@link matchTwilioMessage}.
   * Any error answer or network failure is `unknown`.
   */
  async findSent(request: CarrierLookupRequest): Promise<CarrierLookupResult> {
    try {
      const page = await this.client.messages.page({ to: request.to, from: request.from, pageSize: 50 });
      const listed = page.instances.map((m) => ({ sid: m.sid, body: m.body, to: m.to, from: m.from, direction: m.direction, dateCreated: m.dateCreated, numSegments: m.numSegments }));
      return matchTwilioMessage(listed, request, Boolean(page.nextPageUrl));
    } catch (err) {
      const rest = err as { status?: number; message?: string };
      return { kind: 'unknown', reason: `twilio messages list: ${rest?.status ?? 0} ${rest?.message ?? String(err)}` };
    }
  }
}

/** The fields of a listed Twilio Message the match reads (twilio-node `MessageInstance`). */
export interface ListedTwilioMessage {
  sid: string;
  body: string;
  to: string;
  from: string;
  direction: string;
  /** Parsed from the resource's RFC 2822 `date_created` (second precision, UTC). */
  dateCreated: Date;
  numSegments: string;
}

/**
 * The text of `request` in a page of Twilio Messages: an outbound message (`outbound-api`) from `request.from` to
 * `request.to` with exactly our body, created at or after `request.sentAfter` truncated to the second (Twilio's dates
 * have second precision). Identical bodies to one caller within the window cannot be told apart; the oldest is taken.
 * No match while more pages follow (`morePages`) is `unknown`.
 */
export function matchTwilioMessage(listed: ListedTwilioMessage[], request: Pick<CarrierLookupRequest, 'from' | 'to' | 'body' | 'sentAfter'>, morePages: boolean): CarrierLookupResult {
  const since = Math.floor(request.sentAfter.getTime() / 1000) * 1000;
  const hits = listed.filter((m) => m.direction.startsWith('outbound') && m.from === request.from && m.to === request.to && m.body === request.body && m.dateCreated.getTime() >= since);
  const hit = hits.sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime())[0];
  if (hit) {
    const segments = Number(hit.numSegments);
    return { kind: 'found', provider: 'twilio', providerMessageId: hit.sid, ...(Number.isInteger(segments) && segments > 0 ? { segments } : {}) };
  }
  if (morePages) return { kind: 'unknown', reason: 'twilio messages list: no match on the first page and more pages follow' };
  return { kind: 'not_found' };
}
