import { Controller, ForbiddenException, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { parseFormWebhookBody, type RawBodyRequest, RawWebhookStore, ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { validateRequest } from 'twilio';
import { rawBytesOf } from '../bandwidth/bandwidth-callback.controller';
import { type IntakeResult, MessagingWebhookIntake } from '../../messaging-webhook-intake.service';
import { type StoredTwilioCallback } from '../../provider-callback.normalizer';

/** Injection token of what Twilio webhook validation needs (env TWILIO_AUTH_TOKEN, MESSAGING_PUBLIC_BASE_URL). */
export const TWILIO_WEBHOOK_SETTINGS = Symbol('TwilioWebhookSettings');
export interface TwilioWebhookSettings {
  /** The account's auth token (HMAC key of X-Twilio-Signature); null = Twilio not configured, every webhook 403. */
  authToken: string | null;
  /** Public base URL without a trailing slash, e.g. `https://messaging.example.com`. */
  publicBaseUrl: string;
}

/** The parts of the Express request and response this controller uses. */
interface SignedRequest extends RawBodyRequest {
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}
interface TwimlResponse {
  status(code: number): TwimlResponse;
  type(contentType: string): TwimlResponse;
  send(body: string): void;
}

/** Empty TwiML: Twilio sends no reply of its own (our replies go through the send queue). */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Twilio Programmable Messaging webhooks (application/x-www-form-urlencoded, signed; CARRIER-APIS.md §4.2-4.3):
 * - `POST /webhooks/twilio/messaging`: the number's inbound messaging webhook (A MESSAGE COMES IN).
 * - `POST /webhooks/twilio/messaging/status?commandId=…`: the StatusCallback of our sends.
 * The form is decoded from the raw body bytes (UTF-8). `X-Twilio-Signature` is checked with the twilio package's
 * `validateRequest` over `MESSAGING_PUBLIC_BASE_URL` + the path and query as received (behind a proxy the request's own
 * host is not what Twilio signed); a missing or wrong signature gets 403 and nothing is stored. A signed request is
 * stored raw first (`raw_webhook`), then its event is validated and stored (`inbound_callback`, unique per MessageSid
 * + event) and acknowledged with 200 and empty TwiML, then processed (the sweeper retries failures); an event lacking
 * required params gets 400 and is kept with its error for replay.
 */
@Controller('webhooks/twilio/messaging')
export class TwilioMessagingController {
  constructor(
    private readonly intake: MessagingWebhookIntake,
    private readonly raw: RawWebhookStore,
    @Inject(TWILIO_WEBHOOK_SETTINGS) private readonly settings: TwilioWebhookSettings,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  @Post()
  async onInbound(@Req() req: SignedRequest, @Res() res: TwimlResponse): Promise<void> {
    await this.handle(req, res, 'inbound', undefined);
  }

  @Post('status')
  async onStatus(@Req() req: SignedRequest, @Res() res: TwimlResponse, @Query('commandId') commandId: unknown): Promise<void> {
    await this.handle(req, res, 'status', typeof commandId === 'string' ? commandId : undefined);
  }

  private async handle(req: SignedRequest, res: TwimlResponse, kind: StoredTwilioCallback['kind'], commandId: string | undefined): Promise<void> {
    const body = rawBytesOf(req);
    const params = req.rawBody || Buffer.isBuffer(req.body) ? parseFormWebhookBody(body) : formOf(req.body);
    this.verify(req, params);
    const rawId = await this.raw.store('twilio', req.originalUrl, req.headers, body);
    let result: IntakeResult;
    try {
      result = await this.intake.applyTwilio(rawId, kind, params, commandId);
    } catch (err) {
      // Stored raw: the sweeper replays it (bounded); the carrier must not resend what we kept.
      await this.raw.failed(rawId, 'twilio', err);
      this.log.error({ err, rawWebhookId: rawId }, 'Twilio messaging webhook stored raw but not applied; replay queued');
      res.status(200).type('text/xml; charset=utf-8').send(EMPTY_TWIML);
      return;
    }
    if (result.status === 400) {
      res.status(400).type('application/json').send(JSON.stringify({ statusCode: 400, error: 'malformed webhook', message: result.error }));
      return;
    }
    res.status(200).type('text/xml; charset=utf-8').send(EMPTY_TWIML);
    setImmediate(() => void this.intake.processAll(result.callbackIds));
  }

  /** @throws ForbiddenException (403) when the signature is missing, wrong, or Twilio is not configured. */
  private verify(req: SignedRequest, params: StoredTwilioCallback['params']): void {
    const signature = req.headers['x-twilio-signature'];
    const url = `${this.settings.publicBaseUrl}${req.originalUrl}`;
    const valid = this.settings.authToken !== null && typeof signature === 'string' && validateRequest(this.settings.authToken, signature, url, params);
    if (!valid) {
      this.log.warn({ webhook: 'twilio-messaging', path: req.originalUrl, signed: typeof signature === 'string' }, 'Twilio webhook with a missing or invalid X-Twilio-Signature rejected');
      throw new ForbiddenException('invalid X-Twilio-Signature');
    }
  }
}

/** String and string-list values of an already parsed form (apps without the raw capture). */
function formOf(body: unknown): StoredTwilioCallback['params'] {
  const params: StoredTwilioCallback['params'] = {};
  if (typeof body === 'object' && body !== null) {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string') params[k] = v;
      else if (Array.isArray(v)) params[k] = v.map(String);
    }
  }
  return params;
}
