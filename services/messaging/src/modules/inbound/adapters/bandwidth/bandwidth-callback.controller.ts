import { timingSafeEqual } from 'node:crypto';
import { Controller, Headers, HttpException, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { type RawBodyRequest, RawWebhookStore, ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { type IntakeResult, MessagingWebhookIntake } from '../../messaging-webhook-intake.service';

/** Injection token of the Basic credentials Bandwidth sends on messaging callbacks. */
export const BANDWIDTH_CALLBACK_CREDENTIALS = Symbol('BandwidthCallbackCredentials');
export interface BandwidthCallbackCredentials {
  username: string;
  password: string;
}

/** The parts of the Express request and response this controller uses. */
interface CallbackRequest extends RawBodyRequest {
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}
interface CallbackResponse {
  status(code: number): CallbackResponse;
  type(contentType: string): CallbackResponse;
  send(body: string): void;
  end(): void;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The body's bytes: as captured raw, else (an app without the capture) the parsed body re-serialized. */
export function rawBytesOf(req: CallbackRequest): Buffer {
  if (req.rawBody) return req.rawBody;
  if (Buffer.isBuffer(req.body)) return req.body;
  return Buffer.from(req.body === undefined ? '' : JSON.stringify(req.body), 'utf8');
}

/**
 * Bandwidth messaging callback endpoint (the application's Inbound- and OutboundCallbackUrl): a JSON array of
 * events with HTTP Basic auth (api-docs messaging/webhooks.mdx, account/applications.mdx). Wrong credentials get 401
 * and nothing is stored. Otherwise the exact body bytes are stored first (`raw_webhook`), then each event is
 * validated and applied on its own ({@link MessagingWebhookIntake}): 204 once stored, whatever some events lacked
 * (those are kept with their error for replay); 400 only when the body is not a JSON array of events at all.
 * Bodies over CARRIER_WEBHOOK_BODY_LIMIT_BYTES get 413.
 */
@Controller('webhooks/bandwidth')
export class BandwidthCallbackController {
  constructor(
    private readonly intake: MessagingWebhookIntake,
    private readonly raw: RawWebhookStore,
    @Inject(BANDWIDTH_CALLBACK_CREDENTIALS) private readonly credentials: BandwidthCallbackCredentials,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  @Post('messaging')
  async onMessagingCallback(@Headers('authorization') authorization: string | undefined, @Req() req: CallbackRequest, @Res() res: CallbackResponse): Promise<void> {
    const expected = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    if (!authorization || !safeEqual(authorization, expected)) {
      this.log.warn({ webhook: 'bandwidth-messaging' }, 'callback rejected: bad or missing Basic credentials');
      throw new HttpException({ error: 'unauthorized' }, HttpStatus.UNAUTHORIZED);
    }
    const body = rawBytesOf(req);
    const rawId = await this.raw.store('bandwidth', req.originalUrl, req.headers, body);
    let result: IntakeResult;
    try {
      result = await this.intake.applyBandwidth(rawId, body);
    } catch (err) {
      // Stored raw: the sweeper replays it (bounded); the carrier must not resend what we kept.
      await this.raw.failed(rawId, 'bandwidth', err);
      this.log.error({ err, rawWebhookId: rawId }, 'messaging callback stored raw but not applied; replay queued');
      res.status(204).end();
      return;
    }
    if (result.status === 400) {
      res.status(400).type('application/json').send(JSON.stringify({ statusCode: 400, error: 'malformed callback', message: result.error }));
      return;
    }
    // Processed before answering (well inside Bandwidth's 10 s): a failure stays stored for the sweeper.
    await this.intake.processAll(result.callbackIds);
    res.status(204).end();
  }
}
