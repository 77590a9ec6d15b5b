import { Body, Controller, NotFoundException, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { CallLifecycleService } from '../calls/call-lifecycle.service';
import { sendReply, type WebhookHttpResponse } from '../calls/http-exchange.types';
import { MalformedWebhookFilter } from '../calls/malformed-webhook.filter';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { TwilioVoiceAdapter } from './twilio-voice.adapter';

/**
 * Twilio voice webhooks: `POST /twilio/voice/{incoming|dial-action|status|record-action|recording-status}`,
 * form-encoded. X-Twilio-Signature is required (403 otherwise); malformed → 400. TwiML answers
 * (`text/xml`) for incoming, dial-action and record-action; 204 for status callbacks.
 */
@Controller('twilio/voice')
@UseGuards(TwilioSignatureGuard)
@UseFilters(MalformedWebhookFilter)
export class TwilioVoiceController {
  constructor(
    private readonly lifecycle: CallLifecycleService,
    private readonly adapter: TwilioVoiceAdapter,
  ) {}

  @Post(':hook')
  async webhook(@Param('hook') hook: string, @Body() body: unknown, @Res() res: WebhookHttpResponse): Promise<void> {
    if (!this.adapter.isHook(hook)) throw new NotFoundException(`no Twilio webhook at ${hook}`);
    const outcome = await this.lifecycle.handle(this.adapter.parse(hook, body, new Date().toISOString()));
    sendReply(res, this.adapter.render(outcome.instruction));
  }
}
