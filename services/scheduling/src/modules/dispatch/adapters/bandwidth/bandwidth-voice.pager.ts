import { CallsApi, Configuration } from 'bandwidth-sdk';
import { type CarrierCall, PageCallError, type PageCallRequest, type VoicePager } from '../../port/voice-pager';

/** Bandwidth settings of page calls (a Voice V2 application and API credentials). */
export interface BandwidthVoiceSettings {
  accountId: string;
  username: string;
  password: string;
  applicationId: string;
  /** Override of `https://voice.bandwidth.com/api/v2` (a local stand-in in tests). */
  basePath?: string;
  /** Basic-auth pair Bandwidth sends on the call's answer webhook (createCall `username`/`password`). */
  callbackCredential?: { username: string; password: string };
}

/**
 * Places page calls with bandwidth-sdk 8.1.4 `CallsApi.createCall` (`POST
 * /accounts/{accountId}/calls`, 201 with the call; see shared/reference/carrier/bandwidth/
 * voice-create-call-response.json) with the page id as `tag`. Bandwidth then POSTs the answer
 * webhook to `answerUrl` (with the callback credential as Basic auth), which serves BXML. Finds
 * calls again with `CallsApi.listCalls` (`GET /accounts/{accountId}/calls?to&from&minStartTime`;
 * its call states carry no tag). Requests time out after 10 s.
 */
export class BandwidthVoicePager implements VoicePager {
  readonly enabled = true;
  private readonly calls: CallsApi;

  constructor(private readonly settings: BandwidthVoiceSettings) {
    this.calls = new CallsApi(new Configuration({ username: settings.username, password: settings.password, baseOptions: { timeout: 10_000 }, ...(settings.basePath ? { basePath: settings.basePath } : {}) }));
  }

  async placeCall(request: PageCallRequest): Promise<string> {
    try {
      const res = await this.calls.createCall(this.settings.accountId, {
        to: request.to,
        from: request.from,
        applicationId: this.settings.applicationId,
        answerUrl: request.answerUrl,
        answerMethod: 'POST',
        callTimeout: 30,
        tag: request.tag,
        ...(this.settings.callbackCredential ? { username: this.settings.callbackCredential.username, password: this.settings.callbackCredential.password } : {}),
      });
      if (!res.data.callId) throw new PageCallError('unknown', 'Bandwidth createCall answered without a callId');
      return res.data.callId;
    } catch (err) {
      throw err instanceof PageCallError ? err : carrierError('createCall', err);
    }
  }

  async findCalls(query: { to: string; from: string; since: Date }): Promise<CarrierCall[]> {
    try {
      const res = await this.calls.listCalls(this.settings.accountId, query.to, query.from, query.since.toISOString(), undefined, undefined, 1000);
      return res.data
        .filter((c): c is typeof c & { callId: string } => typeof c.callId === 'string')
        .map((c) => {
          const at = c.enqueuedTime ?? c.startTime;
          return { callId: c.callId, createdAt: at ? new Date(at) : null };
        });
    } catch (err) {
      throw carrierError('listCalls', err);
    }
  }
}

/**
 * A short error from an AxiosError (status and the carrier's error body, e.g. voice-error-429.json)
 * so logs never carry the request config with its credentials. A 4xx answer means the carrier
 * did not act (`refused`); a 5xx or no answer at all leaves the outcome `unknown`.
 */
function carrierError(operation: string, err: unknown): PageCallError {
  const e = err as { response?: { status?: number; data?: unknown }; code?: string; message?: string };
  if (e.response) {
    const status = e.response.status ?? 0;
    return new PageCallError(status >= 400 && status < 500 ? 'refused' : 'unknown', `Bandwidth ${operation} failed: HTTP ${status || '?'} ${JSON.stringify(e.response.data ?? null).slice(0, 300)}`);
  }
  return new PageCallError('unknown', `Bandwidth ${operation} failed: ${e.code ?? 'error'}: ${e.message ?? String(err)}`);
}
