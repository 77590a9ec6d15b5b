import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Configuration, PhoneNumberLookupApi } from 'bandwidth-sdk';
import { type LineType, type LineTypeAnswer, type LineTypeLookup } from '../../port/sms-carrier.port';

/** Connections to the carrier are kept alive and reused (a new TCP/TLS connection per request costs more than the request). */
const KEEP_ALIVE_HTTP = new HttpAgent({ keepAlive: true, maxSockets: 64 });
const KEEP_ALIVE_HTTPS = new HttpsAgent({ keepAlive: true, maxSockets: 64 });

/** Settings of the Bandwidth number lookup client. */
export interface BandwidthLookupSettings {
  accountId: string;
  username: string;
  password: string;
  /** Server URL override, e.g. `https://api.bandwidth.com/v2` or a stand-in. */
  baseUrl: string;
  timeoutMs: number;
}

const LINE_TYPES: Record<string, LineType> = { MOBILE: 'mobile', FIXED: 'landline', VOIP: 'voip', 'VOIP-FIXED': 'voip_fixed' };

/**
 * Line type through bandwidth-sdk `PhoneNumberLookupApi.createSyncLookup` (`POST /accounts/{accountId}/phoneNumberLookup`,
 * bandwidth.yml; CARRIER-APIS.md §2.7). FIXED, or DNI `latestMessageDeliveryStatus: NOT_ENABLED`, is not textable;
 * VOIP kinds are attempted (the delivery callback teaches us otherwise).
 */
export class BandwidthLineTypeLookup implements LineTypeLookup {
  private readonly api: PhoneNumberLookupApi;

  constructor(private readonly settings: BandwidthLookupSettings) {
    this.api = new PhoneNumberLookupApi(
      new Configuration({ username: settings.username, password: settings.password, basePath: settings.baseUrl, baseOptions: { timeout: settings.timeoutMs, httpAgent: KEEP_ALIVE_HTTP, httpsAgent: KEEP_ALIVE_HTTPS } }),
    );
  }

  async lookup(e164: string): Promise<LineTypeAnswer | undefined> {
    const res = await this.api.createSyncLookup(this.settings.accountId, { phoneNumbers: [e164] });
    const result = res.data.data?.results?.find((r) => r.phoneNumber === e164);
    if (!result) return undefined;
    const lineType = LINE_TYPES[String(result.lineType ?? '')] ?? 'unknown';
    const notEnabled = String((result as { latestMessageDeliveryStatus?: string }).latestMessageDeliveryStatus ?? '') === 'NOT_ENABLED';
    return { lineType, textable: lineType !== 'landline' && !notEnabled };
  }
}
