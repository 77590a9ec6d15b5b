import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { type AccessScope, CurrentScope, JwtAuthGuard } from '@textback/auth';
import { ConsentReviewExceptionFilter } from './consent-review-exception.filter';
import { type ConsentReview } from './consent-review.repository';
import { ConsentReviewService } from './consent-review.service';
import { type ConsentReviewResponseDto } from './dto/consent-review.response.dto';
import { ListConsentReviewsRequestDto } from './dto/list-consent-reviews.request.dto';
import { ResolveConsentReviewRequestDto } from './dto/resolve-consent-review.request.dto';

/**
 * Staff API of the opt-out review queue. `Authorization: Bearer <JWT>` (401 without a valid one); a staff member sees
 * and resolves the reviews of the locations their role sees (owner/admin: the tenant; regional manager: their
 * regions; dispatcher/agent: their locations). A review out of scope answers 404.
 */
@Controller('v1/consent-reviews')
@UseGuards(JwtAuthGuard)
@UseFilters(ConsentReviewExceptionFilter)
export class ConsentReviewController {
  constructor(private readonly reviews: ConsentReviewService) {}

  /**
   * 200 `{ reviews: [...] }`: open reviews by default (oldest first), or `?status=resolved`; `?locationId=`,
   * `?limit=` (1-200).
   */
  @Get()
  async list(
    @CurrentScope() scope: AccessScope,
    @Query() query: ListConsentReviewsRequestDto,
  ): Promise<{ reviews: ConsentReviewResponseDto[] }> {
    const reviews = await this.reviews.list(scope, {
      ...(query.status ? { status: query.status } : {}),
      ...(query.locationId ? { locationId: query.locationId } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
    });
    return { reviews: reviews.map(toResponse) };
  }

  /** 200 with the resolved review; 404 unknown or out of scope; 409 already resolved with the other decision. */
  @Post(':reviewId/resolve')
  @HttpCode(200)
  async resolve(
    @CurrentScope() scope: AccessScope,
    @Param('reviewId', ParseUUIDPipe) reviewId: string,
    @Body() body: ResolveConsentReviewRequestDto,
  ): Promise<ConsentReviewResponseDto> {
    return toResponse(await this.reviews.resolve(scope, reviewId, body.decision, body.note ?? null));
  }
}

function toResponse(r: ConsentReview): ConsentReviewResponseDto {
  return {
    reviewId: r.reviewId,
    locationId: r.locationId,
    phoneE164: r.phoneE164,
    sendingNumberE164: r.sendingNumberE164,
    originalText: r.originalText,
    rule: r.rule,
    rulesVersion: r.rulesVersion,
    language: r.language,
    status: r.status,
    openedAt: r.openedAt.toISOString(),
    decision: r.decision,
    resolvedBy: r.resolvedBy,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    note: r.note,
    consentId: r.consentId,
  };
}
