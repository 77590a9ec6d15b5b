import { Controller, NotFoundException, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { type RawBodyRequest } from '@textback/platform';
import { sendReply, type WebhookHttpRequest, type WebhookHttpResponse } from '../../http-exchange.types';
import { MalformedWebhookFilter } from '../../malformed-webhook.filter';
import { VoiceWebhookIntake } from '../../voice-webhook-intake.service';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { TwilioVoiceAdapter } from './twilio-voice.adapter';

/**
 * Twilio voice webhooks: `POST /twilio/voice/{incoming|dial-action|status|record-action|recording-status}`,
 * form-encoded (read raw, decoded as UTF-8). X-Twilio-Signature is required (403 otherwise); over
 * CARRIER_WEBHOOK_BODY_LIMIT_BYTES → 413; malformed → 400 and kept raw, except an incoming call that can still be forwarded
 * ({@link VoiceWebhookIntake}). TwiML answers (`text/xml`) for incoming, dial-action and record-action; 204 for
 * status callbacks.
 *
 * `POST /twilio/voice/fallback` is the number's Voice Fallback URL (`VoiceFallbackUrl`: Twilio requests it with the
 * incoming-call parameters plus `ErrorCode`/`ErrorUrl` when the Voice URL fails or times out): answered from the
 * location configuration in memory and spooled (as `incoming`), with no database or Kafka at all.
 */
@Controller('twilio/voice')
@UseGuards(TwilioSignatureGuard)
@UseFilters(MalformedWebhookFilter)
export class TwilioVoiceController {
  constructor(
    private readonly intake: VoiceWebhookIntake,
    private readonly adapter: TwilioVoiceAdapter,
  ) {}

  // Declared before ':hook' so that Express matches it first.
  @Post('fallback')
  async fallback(@Req() req: WebhookHttpRequest & RawBodyRequest, @Res() res: WebhookHttpResponse): Promise<void> {
    sendReply(res, await this.intake.answerFallback(this.adapter, 'incoming', req, undefined));
  }

  @Post(':hook')
  async webhook(@Param('hook') hook: string, @Req() req: WebhookHttpRequest & RawBodyRequest, @Res() res: WebhookHttpResponse): Promise<void> {
    if (!this.adapter.isHook(hook)) throw new NotFoundException(`no Twilio webhook at ${hook}`);
    sendReply(res, await this.intake.receive(this.adapter, hook, req, undefined));
  }
}
