import { Body, Controller, ForbiddenException, Header, HttpCode, HttpStatus, Inject, Post, Query, Req } from '@nestjs/common';
import { ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { validateRequest } from 'twilio';
import { type StoredTwilioCallback } from './provider-callback.normalizer';
import { InboundService } from './inbound.service';

/** Injection token of what Twilio webhook validation needs (env TWILIO_AUTH_TOKEN, MESSAGING_PUBLIC_BASE_URL). */
export const TWILIO_WEBHOOK_SETTINGS = Symbol('TwilioWebhookSettings');
export interface TwilioWebhookSettings {
  /** The account's auth token (HMAC key of X-Twilio-Signature); null = Twilio not configured, every webhook 403. */
  authToken: string | null;
  /** Public base URL without a trailing slash, e.g. `https://messaging.example.com`. */
  publicBaseUrl: string;
}

/** The parts of the Express request the signature check reads. */
interface SignedRequest {
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Empty TwiML: Twilio sends no reply of its own (our replies go through the send queue). */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Twilio Programmable Messaging webhooks (application/x-www-form-urlencoded, signed; CARRIER-APIS.md §4.2-4.3):
 * - `POST /webhooks/twilio/messaging`: the number's inbound messaging webhook (A MESSAGE COMES IN).
 * - `POST /webhooks/twilio/messaging/status?commandId=…`: the StatusCallback of our sends.
 * `X-Twilio-Signature` is checked with the twilio package's `validateRequest` over `MESSAGING_PUBLIC_BASE_URL` +
 * the path and query as received (behind a proxy the request's own host is not what Twilio signed); a missing or
 * wrong signature gets 403 and nothing is stored. Valid webhooks are stored first (`inbound_callback`, unique per
 * MessageSid + event), then acknowledged with 200 and empty TwiML, then processed (the sweeper retries failures).
 */
@Controller('webhooks/twilio/messaging')
export class TwilioMessagingController {
  constructor(
    private readonly inbound: InboundService,
    @Inject(TWILIO_WEBHOOK_SETTINGS) private readonly settings: TwilioWebhookSettings,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @Header('content-type', 'text/xml; charset=utf-8')
  async onInbound(@Req() req: SignedRequest, @Body() body: unknown): Promise<string> {
    const params = this.verified(req, body);
    const id = await this.inbound.storeTwilio({ kind: 'inbound', params });
    this.processLater(id);
    return EMPTY_TWIML;
  }

  @Post('status')
  @HttpCode(HttpStatus.OK)
  @Header('content-type', 'text/xml; charset=utf-8')
  async onStatus(@Req() req: SignedRequest, @Body() body: unknown, @Query('commandId') commandId: string | undefined): Promise<string> {
    const params = this.verified(req, body);
    const id = await this.inbound.storeTwilio({ kind: 'status', params, ...(commandId ? { commandId } : {}) });
    this.processLater(id);
    return EMPTY_TWIML;
  }

  /** @throws ForbiddenException (403) when the signature is missing, wrong, or Twilio is not configured. */
  private verified(req: SignedRequest, body: unknown): StoredTwilioCallback['params'] {
    const params: StoredTwilioCallback['params'] = {};
    if (typeof body === 'object' && body !== null) {
      for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
        if (typeof v === 'string') params[k] = v;
        else if (Array.isArray(v)) params[k] = v.map(String);
      }
    }
    const signature = req.headers['x-twilio-signature'];
    const url = `${this.settings.publicBaseUrl}${req.originalUrl}`;
    const valid = this.settings.authToken !== null && typeof signature === 'string' && validateRequest(this.settings.authToken, signature, url, params);
    if (!valid) {
      this.log.warn({ webhook: 'twilio-messaging', path: req.originalUrl, signed: typeof signature === 'string' }, 'Twilio webhook with a missing or invalid X-Twilio-Signature rejected');
      throw new ForbiddenException('invalid X-Twilio-Signature');
    }
    return params;
  }

  /** Processes after the response is written; a failure stays stored for the sweeper. */
  private processLater(id: string | undefined): void {
    if (!id) return;
    setImmediate(() => {
      this.inbound.process(id).catch((err: unknown) => this.log.error({ err, callbackId: id }, 'stored Twilio callback failed to process; the sweeper retries it'));
    });
  }
}
