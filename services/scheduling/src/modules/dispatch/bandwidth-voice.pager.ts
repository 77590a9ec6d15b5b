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
  }
}
