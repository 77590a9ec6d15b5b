import { type ArgumentsHost, Body, Catch, Controller, type ExceptionFilter, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseFilters, UseGuards } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { SessionGuard, SignedInUser } from '../accounts/session.guard';
import { StaffApiRefusal } from '../actions/staff-api.request';
import { type ConsentReviewRow } from './consent-review.types';
import { ConsentReviewsService } from './consent-reviews.service';
import { ConsentReviewResolveRequestDto } from './dto/consent-review-resolve.request.dto';
import { ConsentReviewsListRequestDto } from './dto/consent-reviews-list.request.dto';

/** messaging's refusals passed on with their status: `{ statusCode, error: 'messaging_refused', message }`. */
@Catch(StaffApiRefusal)
export class MessagingRefusalFilter implements ExceptionFilter {
  catch(exception: StaffApiRefusal, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    res.status(exception.status).json({ statusCode: exception.status, error: exception.code, message: exception.message });
  }
}

/**
 * The opt-out review queue (messaging's `/v1/consent-reviews`) for the console's screen: session required, and the
 * CSRF token to resolve. Every role sees the reviews of its locations (messaging scopes them) and may resolve them.
 */
@UseGuards(SessionGuard)
@UseFilters(MessagingRefusalFilter)
@Controller('api/consent-reviews')
export class ConsentReviewsController {
  constructor(private readonly reviews: ConsentReviewsService) {}

  /** 200 `{ items }`: open reviews oldest first (default), or `?status=resolved`; `?locationId=`. */
  @Get()
  async list(@SignedInUser() user: ConsoleUser, @Query() query: ConsentReviewsListRequestDto): Promise<{ items: ConsentReviewRow[] }> {
    return { items: await this.reviews.list(user, { status: query.status ?? 'open', ...(query.locationId ? { locationId: query.locationId } : {}) }) };
  }

  /** 200 with the resolved review; 404 unknown or not the user's; 409 already resolved the other way; 502 messaging down. */
  @Post(':reviewId/resolve')
  @HttpCode(200)
  resolve(@SignedInUser() user: ConsoleUser, @Param('reviewId', ParseUUIDPipe) reviewId: string, @Body() body: ConsentReviewResolveRequestDto): Promise<ConsentReviewRow> {
    return this.reviews.resolve(user, reviewId, body.decision, body.note);
  }
}
