import { CallsApi, Configuration } from 'bandwidth-sdk';
import { type PageCallRequest, type VoicePager } from './voice-pager';

/** Bandwidth settings of page calls (a Voice V2 application and API credentials). */
export interface BandwidthVoiceSettings {
  accountId: string;
  username: string;
  password: string;
  applicationId: string;
  /** Override of `https://voice.bandwidth.com/api/v2` (a local stand-in in tests). */
  basePath?: string;
}

/**
 * Places page calls with bandwidth-sdk 8.1.4 `CallsApi.createCall` (`POST
 * /accounts/{accountId}/calls`, 201 with the call; see shared/reference/carrier/bandwidth/
 * voice-create-call-response.json). Bandwidth then POSTs the answer webhook to `answerUrl`,
 * which serves BXML. Requests time out after 10 s (the timer retries).
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
      });
      return res.data.callId ?? '';
    } catch (err) {
      throw carrierError(err);
    }
  }
}

/**
 * A short error from an AxiosError (status and the carrier's error body, e.g. voice-error-429.json)
 * so logs never carry the request config with its credentials.
 */
function carrierError(err: unknown): Error {
  const e = err as { response?: { status?: number; data?: unknown }; code?: string; message?: string };
  const detail = e.response ? `HTTP ${e.response.status ?? '?'} ${JSON.stringify(e.response.data ?? null).slice(0, 300)}` : `${e.code ?? 'error'}: ${e.message ?? String(err)}`;
  return new Error(`Bandwidth createCall failed: ${detail}`);
}
