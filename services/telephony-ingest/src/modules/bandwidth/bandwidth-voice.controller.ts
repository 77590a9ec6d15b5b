import { Body, Controller, NotFoundException, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CallLifecycleService } from '../calls/call-lifecycle.service';
import { sendReply, type WebhookHttpResponse } from '../calls/http-exchange.types';
import { MalformedWebhookFilter } from '../calls/malformed-webhook.filter';
import { type BandwidthAuthenticatedRequest, BandwidthBasicAuthGuard } from './bandwidth-basic-auth.guard';
import { BandwidthVoiceAdapter } from './bandwidth-voice.adapter';

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
    private readonly adapter: BandwidthVoiceAdapter,
  ) {}

  @Post(':hook')
  async callback(@Param('hook') hook: string, @Body() body: unknown, @Req() req: BandwidthAuthenticatedRequest, @Res() res: WebhookHttpResponse): Promise<void> {
    if (!this.adapter.isHook(hook)) throw new NotFoundException(`no Bandwidth callback at ${hook}`);
    const outcome = await this.lifecycle.handle(this.adapter.parse(hook, body, new Date().toISOString()));
    const credential = req.bandwidthCredential;
    sendReply(res, this.adapter.render(outcome.instruction, credential ? { username: credential.username, password: credential.password } : null));
  }
}
