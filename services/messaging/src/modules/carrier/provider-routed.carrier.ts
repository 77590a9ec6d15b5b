import { type CarrierLookupRequest, type CarrierLookupResult, type CarrierSendRequest, type CarrierSendResult, type SmsCarrier, type SmsProvider } from './port/sms-carrier.port';

/**
 * The {@link SmsCarrier} the send queue uses: hands each send to the provider named in `request.provider` (the
 * sending number's `provider` in the location config; Bandwidth when absent). A provider without credentials
 * configured rejects the send with error code `provider_not_configured` (it is not retried).
 */
export class ProviderRoutedSmsCarrier implements SmsCarrier {
  constructor(private readonly carriers: Partial<Record<SmsProvider, SmsCarrier>>) {}

  async send(request: CarrierSendRequest): Promise<CarrierSendResult> {
    const provider = request.provider ?? 'bandwidth';
    const carrier = this.carriers[provider];
    if (!carrier) return { kind: 'rejected', status: 0, errorCode: 'provider_not_configured', detail: `no ${provider} credentials configured for messaging` };
    return carrier.send(request);
  }

  async findSent(request: CarrierLookupRequest): Promise<CarrierLookupResult> {
    const provider = request.provider ?? 'bandwidth';
    const carrier = this.carriers[provider];
    if (!carrier) return { kind: 'unknown', reason: `no ${provider} credentials configured for messaging` };
    return carrier.findSent(request);
  }
}
