import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Configuration, MessagesApi, type MessageRequest } from 'bandwidth-sdk';
import { type CarrierSendRequest, type CarrierSendResult, type SmsCarrier } from './sms-carrier.port';

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
}
