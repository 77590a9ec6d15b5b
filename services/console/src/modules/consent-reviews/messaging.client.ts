import { Inject, Injectable } from '@nestjs/common';
import { type ConsoleUser } from '../accounts/console-role.types';
import { requestAsUser } from '../actions/staff-api.request';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings';
import { type ConsentReviewDecision, type ConsentReviewRow } from './consent-review.types';

/** A review as messaging's staff API answers it (the fields the console shows). */
export type MessagingConsentReview = Omit<ConsentReviewRow, 'locationName'>;

/**
 * messaging's staff API of the opt-out review queue (`/v1/consent-reviews`), called on behalf of the signed-in user
 * ({@link requestAsUser}): messaging scopes the reviews to the locations the user's role sees, records an `opt_out`
 * decision in the consent ledger with the user as the one who decided, and closes lead-crm's needs-review tasks.
 */
@Injectable()
export class MessagingClient {
  constructor(@Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings) {}

  /** `GET /v1/consent-reviews?status&locationId&limit=200` as the user. @throws StaffApiRefusal. */
  async consentReviews(user: ConsoleUser, filter: { status: 'open' | 'resolved'; locationId?: string }): Promise<MessagingConsentReview[]> {
    const q = new URLSearchParams({ status: filter.status, limit: '200' });
    if (filter.locationId) q.set('locationId', filter.locationId);
    const answer = (await requestAsUser(this.settings, 'messaging', this.settings.messagingUrl, user, 'GET', `/v1/consent-reviews?${q.toString()}`)) as { reviews: MessagingConsentReview[] };
    return answer.reviews;
  }

  /**
   * `POST /v1/consent-reviews/<id>/resolve` as the user.
   * @throws StaffApiRefusal: 404 unknown or not theirs, 409 already resolved the other way.
   */
  async resolveConsentReview(user: ConsoleUser, reviewId: string, decision: ConsentReviewDecision, note?: string): Promise<MessagingConsentReview> {
    const path = `/v1/consent-reviews/${encodeURIComponent(reviewId)}/resolve`;
    return (await requestAsUser(this.settings, 'messaging', this.settings.messagingUrl, user, 'POST', path, { decision, ...(note ? { note } : {}) })) as MessagingConsentReview;
  }
}
