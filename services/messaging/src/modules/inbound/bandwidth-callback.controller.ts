import { timingSafeEqual } from 'node:crypto';
import { Body, Controller, Headers, HttpCode, HttpException, HttpStatus, Inject, Post } from '@nestjs/common';
import { ROOT_LOGGER } from '@textback/platform';
import { type Logger } from 'pino';
import { bandwidthCallbackBodySchema } from './bandwidth-callback.schema';
import { InboundService } from './inbound.service';

/** Injection token of the Basic credentials Bandwidth sends on messaging callbacks. */
export const BANDWIDTH_CALLBACK_CREDENTIALS = Symbol('BandwidthCallbackCredentials');
export interface BandwidthCallbackCredentials {
  username: string;
  password: string;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Bandwidth messaging callback endpoint (the application's Inbound- and OutboundCallbackUrl): a JSON array of
 * events with HTTP Basic auth (api-docs messaging/webhooks.mdx, account/applications.mdx). Wrong credentials get
 * 401; a body that is not an array of events gets 400 and is logged; valid events are stored first, then 204 is
 * returned, then they are processed (a failure there is retried by the sweeper, never lost).
 */
@Controller('webhooks/bandwidth')
export class BandwidthCallbackController {
  constructor(
    private readonly inbound: InboundService,
    @Inject(BANDWIDTH_CALLBACK_CREDENTIALS) private readonly credentials: BandwidthCallbackCredentials,
    @Inject(ROOT_LOGGER) private readonly log: Logger,
  ) {}

  @Post('messaging')
  @HttpCode(HttpStatus.NO_CONTENT)
  async onMessagingCallback(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<void> {
    const expected = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
    if (!authorization || !safeEqual(authorization, expected)) {
      this.log.warn({ webhook: 'bandwidth-messaging' }, 'callback rejected: bad or missing Basic credentials');
      throw new HttpException({ error: 'unauthorized' }, HttpStatus.UNAUTHORIZED);
    }
    const parsed = bandwidthCallbackBodySchema.safeParse(body);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 5);
      this.log.warn({ webhook: 'bandwidth-messaging', problems }, 'malformed callback rejected');
      throw new HttpException({ error: 'malformed callback', problems }, HttpStatus.BAD_REQUEST);
    }
    const ids = await this.inbound.storeBandwidth(parsed.data);
    for (const id of ids) {
      try {
        await this.inbound.process(id);
      } catch (err) {
        this.log.error({ err, callbackId: id }, 'stored callback failed to process; the sweeper retries it');
      }
    }
  }
}
