import { Body, Controller, Inject, NotFoundException, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { TELEPHONY_INGEST_CONFIG, type TelephonyIngestConfig } from '../../config/telephony-ingest.config';
import { CallLifecycleService } from '../calls/call-lifecycle.service';
import { sendReply, type WebhookHttpResponse } from '../calls/http-exchange.types';
import { MalformedWebhookFilter } from '../calls/malformed-webhook.filter';
import { renderTwiml } from './twiml.factory';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { parseTwilioWebhook, type TwilioVoiceHook } from './twilio-voice.mapper';

const HOOKS: readonly TwilioVoiceHook[] = ['incoming', 'dial-action', 'status', 'record-action', 'recording-status'];

function isHook(hook: string): hook is TwilioVoiceHook {
  return (HOOKS as readonly string[]).includes(hook);
}

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
    @Inject(TELEPHONY_INGEST_CONFIG) private readonly config: TelephonyIngestConfig,
  ) {}

  @Post(':hook')
  async webhook(@Param('hook') hook: string, @Body() body: unknown, @Res() res: WebhookHttpResponse): Promise<void> {
    if (!isHook(hook)) throw new NotFoundException(`no Twilio webhook at ${hook}`);
    const outcome = await this.lifecycle.handle(parseTwilioWebhook(hook, body, new Date().toISOString()));
    sendReply(res, renderTwiml(outcome.instruction, this.config.publicBaseUrl));
  }
}
