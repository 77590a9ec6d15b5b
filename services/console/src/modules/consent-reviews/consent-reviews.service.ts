import { Injectable } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { InboxService } from '../inbox/inbox.service';
import { type ConsentReviewDecision, type ConsentReviewRow } from './consent-review.types';
import { MessagingClient, type MessagingConsentReview } from './messaging.client';

/**
 * The console's view of messaging's opt-out review queue: the reviews the user's role sees (messaging scopes them),
 * each with its location's name, and resolving one as the user.
 */
@Injectable()
export class ConsentReviewsService {
  constructor(
    private readonly messaging: MessagingClient,
    private readonly inbox: InboxService,
  ) {}

  /** Open (oldest first) or resolved reviews, at most 200. @throws StaffApiRefusal when messaging refuses or is down. */
  async list(user: ConsoleUser, filter: { status: 'open' | 'resolved'; locationId?: string }): Promise<ConsentReviewRow[]> {
    const [reviews, locations] = await Promise.all([this.messaging.consentReviews(user, filter), this.inbox.visibleLocations(user)]);
    const names = new Map(locations.map((l) => [l.locationId, l.name]));
    return reviews.map((r) => row(r, names));
  }

  /** Resolves one review as the user. @throws StaffApiRefusal (404 not theirs, 409 decided the other way). */
  async resolve(user: ConsoleUser, reviewId: string, decision: ConsentReviewDecision, note?: string): Promise<ConsentReviewRow> {
    const [review, locations] = await Promise.all([this.messaging.resolveConsentReview(user, reviewId, decision, note), this.inbox.visibleLocations(user)]);
    return row(review, new Map(locations.map((l) => [l.locationId, l.name])));
  }
}

function row(r: MessagingConsentReview, names: ReadonlyMap<string, string>): ConsentReviewRow {
  return {
    reviewId: r.reviewId,
    locationId: r.locationId,
    locationName: names.get(r.locationId) ?? 'Unknown location',
    phoneE164: r.phoneE164,
    sendingNumberE164: r.sendingNumberE164,
    originalText: r.originalText,
    rule: r.rule,
    language: r.language,
    status: r.status,
    openedAt: r.openedAt,
    decision: r.decision,
    resolvedBy: r.resolvedBy,
    resolvedAt: r.resolvedAt,
    note: r.note,
  };
}
