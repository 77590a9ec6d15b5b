import { Controller, NotFoundException, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { type RawBodyRequest } from '@textback/platform';
import { sendReply, type WebhookHttpResponse } from '../../http-exchange.types';
import { MalformedWebhookFilter } from '../../malformed-webhook.filter';
import { VoiceWebhookIntake } from '../../voice-webhook-intake.service';
import { type BandwidthAuthenticatedRequest, BandwidthBasicAuthGuard } from './bandwidth-basic-auth.guard';
import { BandwidthVoiceAdapter } from './bandwidth-voice.adapter';

/**
 * Bandwidth Voice callbacks: `POST /bandwidth/voice/{initiate|status|transfer-answer|transfer-complete|
 * transfer-disconnect|record-complete|recording-available|redirect}` with a JSON body (read raw, decoded as UTF-8 or
 * by its BOM). Basic auth (401 otherwise); over CARRIER_WEBHOOK_BODY_LIMIT_BYTES → 413; the body's `eventType` decides the
 * handling. BXML callbacks get `200 application/xml`, asynchronous ones `204` — after the webhook is stored with its
 * exact bytes. Malformed → 400 and kept raw, except a first webhook that can still be forwarded
 * ({@link VoiceWebhookIntake}).
 *
 * `POST /bandwidth/voice/fallback/<hook>` is the same callback on its fallback URL (the application's
 * `CallInitiatedFallbackUrl` = `.../fallback/initiate`; the `*FallbackUrl` attributes of our BXML): answered from the
 * location configuration in memory and spooled, with no database or Kafka at all.
 */
@Controller('bandwidth/voice')
@UseGuards(BandwidthBasicAuthGuard)
@UseFilters(MalformedWebhookFilter)
export class BandwidthVoiceController {
  constructor(
    private readonly intake: VoiceWebhookIntake,
    private readonly adapter: BandwidthVoiceAdapter,
  ) {}

  @Post('fallback/:hook')
  async fallback(@Param('hook') hook: string, @Req() req: BandwidthAuthenticatedRequest & RawBodyRequest, @Res() res: WebhookHttpResponse): Promise<void> {
    if (!this.adapter.isHook(hook)) throw new NotFoundException(`no Bandwidth fallback callback at ${hook}`);
    const credential = req.bandwidthCredential;
    const auth = credential ? { username: credential.username, password: credential.password } : null;
    sendReply(res, await this.intake.answerFallback(this.adapter, hook, req, auth));
  }

  @Post(':hook')
  async callback(@Param('hook') hook: string, @Req() req: BandwidthAuthenticatedRequest & RawBodyRequest, @Res() res: WebhookHttpResponse): Promise<void> {
    if (!this.adapter.isHook(hook)) throw new NotFoundException(`no Bandwidth callback at ${hook}`);
    const credential = req.bandwidthCredential;
    const auth = credential ? { username: credential.username, password: credential.password } : null;
    sendReply(res, await this.intake.receive(this.adapter, hook, req, auth));
  }
}
