import { Body, Controller, Inject, NotFoundException, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { TELEPHONY_INGEST_CONFIG, type TelephonyIngestConfig } from '../../config/telephony-ingest.config';
import { CallLifecycleService } from '../calls/call-lifecycle.service';
import { sendReply, type WebhookHttpResponse } from '../calls/http-exchange.types';
import { MalformedWebhookFilter } from '../calls/malformed-webhook.filter';
import { type BandwidthAuthenticatedRequest, BandwidthBasicAuthGuard } from './bandwidth-basic-auth.guard';
import { BANDWIDTH_HOOK_PATHS, renderBxml } from './bandwidth-bxml.factory';
import { parseBandwidthCallback } from './bandwidth-voice.mapper';

/** URL segments accepted under `/bandwidth/voice/`: the application's two URLs and the verb URLs our BXML names. */
const HOOKS = new Set<string>(['initiate', 'status', 'redirect', ...Object.values(BANDWIDTH_HOOK_PATHS)]);

/**
 * Bandwidth Voice callbacks: `POST /bandwidth/voice/{initiate|status|transfer-answer|transfer-complete|
 * transfer-disconnect|record-complete|recording-available|redirect}` with a JSON body. Basic auth
 * (401 otherwise); malformed body → 400; the body's `eventType` decides the handling. BXML
 * callbacks get `200 application/xml`, asynchronous ones `204` — after the webhook is stored.
 */
@Controller('bandwidth/voice')
@UseGuards(BandwidthBasicAuthGuard)
@UseFilters(MalformedWebhookFilter)
export class BandwidthVoiceController {
  constructor(
    private readonly lifecycle: CallLifecycleService,
    @Inject(TELEPHONY_INGEST_CONFIG) private readonly config: TelephonyIngestConfig,
  ) {}

  @Post(':hook')
  async callback(@Param('hook') hook: string, @Body() body: unknown, @Req() req: BandwidthAuthenticatedRequest, @Res() res: WebhookHttpResponse): Promise<void> {
    if (!HOOKS.has(hook)) throw new NotFoundException(`no Bandwidth callback at ${hook}`);
    const outcome = await this.lifecycle.handle(parseBandwidthCallback(body));
    const credential = req.bandwidthCredential;
    sendReply(res, renderBxml(outcome.instruction, this.config.publicBaseUrl, credential ? { username: credential.username, password: credential.password } : null));
  }
}
