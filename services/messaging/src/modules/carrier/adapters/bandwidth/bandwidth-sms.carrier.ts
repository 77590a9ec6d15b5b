import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Configuration, ListMessageDirectionEnum, type ListMessageItem, MessagesApi, type MessageRequest, type MessagesList } from 'bandwidth-sdk';
import { type CarrierLookupRequest, type CarrierLookupResult, type CarrierSendRequest, type CarrierSendResult, type SmsCarrier } from '../../port/sms-carrier.port';

/** Connections to the carrier are kept alive and reused (a new TCP/TLS connection per request costs more than the request). */
const KEEP_ALIVE_HTTP = new HttpAgent({ keepAlive: true, maxSockets: 64 });
const KEEP_ALIVE_HTTPS = new HttpsAgent({ keepAlive: true, maxSockets: 64 });

/** Settings of the Bandwidth messaging client. */
export interface BandwidthMessagingSettings {
  accountId: string;
  username: string;
  password: string;
  applicationId: string;
  /** Server URL override (`Configuration.basePath`), e.g. `https://messaging.bandwidth.com/api/v2` or a stand-in. */
  baseUrl: string;
  timeoutMs: number;
}

/**
 * Sends texts through bandwidth-sdk 8.1.4 `MessagesApi.createMessage` (`POST /users/{accountId}/messages`,
 * 202 + message; bandwidth.yml). `configuration.basePath` overrides the SDK's per-operation production URL
 * (common.ts `createRequestFunction` prefers it). 429 (`max-message-queue-size-exceeded`, no Retry-After) and 5xx
 * are retryable; other 4xx are rejections carrying the body's `type` as error code.
 */
export class BandwidthSmsCarrier implements SmsCarrier {
  private readonly api: MessagesApi;

  constructor(private readonly settings: BandwidthMessagingSettings) {
    this.api = new MessagesApi(
      new Configuration({ username: settings.username, password: settings.password, basePath: settings.baseUrl, baseOptions: { timeout: settings.timeoutMs, httpAgent: KEEP_ALIVE_HTTP, httpsAgent: KEEP_ALIVE_HTTPS } }),
    );
  }

  async send(request: CarrierSendRequest): Promise<CarrierSendResult> {
    const body: MessageRequest = {
      applicationId: this.settings.applicationId,
      to: new Set([request.to]),
      from: request.from,
      text: request.body,
      tag: request.tag,
      ...(request.expiresAt ? { expiration: request.expiresAt.toISOString() } : {}),
    };
    try {
      const res = await this.api.createMessage(this.settings.accountId, body);
      return { kind: 'accepted', provider: 'bandwidth', providerMessageId: String(res.data.id), ...(res.data.segmentCount ? { segments: res.data.segmentCount } : {}) };
    } catch (err) {
      const http = err as { isAxiosError?: boolean; message?: string; response?: { status?: number; data?: unknown } };
      if (http?.isAxiosError) {
        const status = http.response?.status ?? 0;
        const data = http.response?.data as { type?: string; description?: string } | undefined;
        const detail = data?.description ?? http.message ?? 'carrier error';
        if (status === 0 || status === 429 || status >= 500) return { kind: 'retryable', status, detail };
        return { kind: 'rejected', status, errorCode: data?.type ?? `http-${status}`, detail };
      }
      throw err;
    }
  }

  /**
   * Asks Bandwidth's List Messages API (bandwidth-sdk `MessagesApi.listMessages` = `GET /users/{accountId}/messages`,
   * operationId `listMessages` in bandwidth-openapi.yml) for outbound messages `sourceTn` = from, `destinationTn` = to,
   * `fromDateTime` = `sentAfter` (ISO 8601 UTC, the message receive time; Bandwidth searches at most 14 days).
   * The listing's items (`listMessageItem`) carry no `tag` and no text, so the match is {@link matchListedMessage}:
   * OUTBOUND, same numbers, received at or after `sentAfter`, same segment count. 429 (`rate_limit_exceeded`), 5xx,
   * network errors and any other non-200 answer are `unknown`.
   */
  async findSent(request: CarrierLookupRequest): Promise<CarrierLookupResult> {
    try {
      const res = await this.api.listMessages(
        this.settings.accountId, undefined, request.from, request.to, undefined, ListMessageDirectionEnum.Outbound, undefined, undefined, undefined,
        request.sentAfter.toISOString(), undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined,
        undefined, undefined, undefined, undefined, 'receiveTime:asc', undefined, 100,
      );
      return matchListedMessage(res.data, request);
    } catch (err) {
      const http = err as { message?: string; response?: { status?: number; data?: { description?: string } } };
      return { kind: 'unknown', reason: `bandwidth listMessages: ${http.response?.status ?? 0} ${http.response?.data?.description ?? http.message ?? String(err)}` };
    }
  }
}

/**
 * The text of `request` in a Bandwidth `messagesList` page: the first OUTBOUND item from `request.from` to
 * `request.to` with `receiveTime` at or after `request.sentAfter` and `segmentCount` equal to `request.segments`.
 * Without a tag in the listing, two texts of the same length to the same caller within the window cannot be told
 * apart: the earliest is taken (our send queue texts one caller from one number once per missed call). A page that
 * says more messages follow (`pageInfo.nextPage`) and holds no match is `unknown` (not an authoritative absence).
 */
export function matchListedMessage(list: MessagesList, request: Pick<CarrierLookupRequest, 'from' | 'to' | 'segments' | 'sentAfter'>): CarrierLookupResult {
  const items: ListMessageItem[] = list.messages ?? [];
  const hit = items.find(
    (m) =>
      m.messageDirection === ListMessageDirectionEnum.Outbound &&
      m.sourceTn === request.from &&
      m.destinationTn === request.to &&
      m.receiveTime !== undefined &&
      Date.parse(m.receiveTime) >= request.sentAfter.getTime() &&
      (m.segmentCount === undefined || m.segmentCount === request.segments),
  );
  if (hit?.messageId) return { kind: 'found', provider: 'bandwidth', providerMessageId: hit.messageId, ...(hit.segmentCount ? { segments: hit.segmentCount } : {}) };
  if (list.pageInfo?.nextPage) return { kind: 'unknown', reason: 'bandwidth listMessages: no match on the first page and more pages follow' };
  return { kind: 'not_found' };
}
