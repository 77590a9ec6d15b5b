import { Inject, Injectable } from '@nestjs/common';
import { type AccessScope, canSeeLocation } from '@textback/auth';
import { consentReviewOpenedV1, consentReviewResolvedV1, createEvent, type LocationConfig } from '@textback/contracts';
import { type ConsentReplyVerdict } from '@textback/opt-out';
import { LocationDirectory } from '@textback/platform';
import { TRANSACTION_RUNNER, type TransactionContext, type TransactionRunner } from '@textback/persistence';
import { CLOCK, type Clock } from '../clock/port/clock';
import { ConsentLedger } from '../consent/consent-ledger.service';
import { OptOutRecorder } from '../consent/opt-out-recorder.service';
import { ConversationStateRepository } from '../conversation/conversation-state.repository';
import { SendQueueWorker } from '../sending/send-queue.worker';
import { MESSAGING_SOURCE } from '../shared/messaging-events';
import { stableUuid } from '../shared/stable-id.util';
import { type ConsentReview, type ConsentReviewDecision, ConsentReviewRepository } from './consent-review.repository';
import { ConsentReviewException, ConsentReviewExceptionCode } from './consent-review.exception';

/** The pause reason automation carries while a caller's consent review is open (conversation_state.paused_reason). */
export const CONSENT_REVIEW_PAUSE = 'consent_review';

/** An ambiguous text to put before a person. */
export interface AmbiguousText {
  phoneE164: string;
  sendingNumberE164: string;
  /** The text exactly as received. */
  text: string;
  verdict: ConsentReplyVerdict;
  rulesVersion: string;
  provider: string;
  providerMessageId: string;
  correlationId: string;
  at: Date;
}

/**
 * The human review queue of texts the opt-out recogniser (@textback/opt-out) found ambiguous. Opening a review
 * pauses automation for that caller at that location (bot replies, follow-ups and first texts are refused
 * `paused`); a staff member resolves it as an opt-out (recorded in the consent ledger with the original text, the
 * rule and who resolved it, and confirmed once) or not (automation resumes). Both publish an event lead-crm shows
 * on the caller's timeline.
 */
@Injectable()
export class ConsentReviewService {
  constructor(
    @Inject(TRANSACTION_RUNNER) private readonly runner: TransactionRunner,
    private readonly reviews: ConsentReviewRepository,
    private readonly consent: ConsentLedger,
    private readonly optOuts: OptOutRecorder,
    private readonly conversations: ConversationStateRepository,
    private readonly directory: LocationDirectory,
    private readonly worker: SendQueueWorker,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Opens a review of `t` (inside the caller's transaction) and pauses automation for the caller at the location.
   * A caller with an open review at the location keeps that one (the pause stays).
   * @returns the review id when opened, null when one was already open.
   */
  async open(tx: TransactionContext, config: LocationConfig, t: AmbiguousText): Promise<string | null> {
    const review: ConsentReview = {
      reviewId: stableUuid('consent-review', t.provider, t.providerMessageId),
      tenantId: config.tenantId,
      locationId: config.locationId,
      phoneE164: t.phoneE164,
      sendingNumberE164: t.sendingNumberE164,
      originalText: t.text,
      rule: t.verdict.rule,
      rulesVersion: t.rulesVersion,
      language: t.verdict.language ?? null,
      providerMessageId: t.providerMessageId,
      correlationId: t.correlationId,
      status: 'open',
      openedAt: t.at,
      decision: null,
      resolvedBy: null,
      resolvedAt: null,
      note: null,
      consentId: null,
    };
    await this.conversations.setPaused(tx.handle, config.locationId, t.phoneE164, CONSENT_REVIEW_PAUSE, t.at);
    if (!(await this.reviews.openIfNone(tx.handle, review))) return null;
    await tx.publish(
      consentReviewOpenedV1,
      createEvent(
        consentReviewOpenedV1,
        {
          id: stableUuid('consent-review-opened', review.reviewId),
          source: MESSAGING_SOURCE,
          tenantId: config.tenantId,
          locationId: config.locationId,
          correlationId: t.correlationId,
          subject: review.reviewId,
          time: t.at,
        },
        { ...this.common(review), openedAt: t.at.toISOString() },
      ),
    );
    return review.reviewId;
  }

  /** Reviews `scope` may see (its tenant; a regional manager's regions; a dispatcher's or agent's locations). */
  async list(
    scope: AccessScope,
    filter: { status?: 'open' | 'resolved'; locationId?: string; limit?: number },
  ): Promise<ConsentReview[]> {
    const limit = filter.limit ?? 50;
    return this.runner.run(async (tx) => {
      const all = await this.reviews.list(tx.handle, scope.tenantId, {
        locationIds: filter.locationId ? [filter.locationId] : 'all',
        status: filter.status ?? 'open',
        limit: 1000,
      });
      const visible: ConsentReview[] = [];
      const seen = new Map<string, boolean>();
      for (const r of all) {
        if (!seen.has(r.locationId)) seen.set(r.locationId, await this.canSee(scope, r, tx));
        if (seen.get(r.locationId)) visible.push(r);
        if (visible.length >= limit) break;
      }
      return visible;
    });
  }

  /**
   * Resolves review `reviewId` as `decision` by the staff user of `scope`. Resolving again with the same decision
   * returns the review unchanged (a retried request); with the other decision it is refused.
   * @throws ConsentReviewException REVIEW_NOT_FOUND (unknown, another tenant's, or out of `scope`),
   *   REVIEW_ALREADY_RESOLVED,
   *   LOCATION_NOT_FOUND (the location's config is gone).
   */
  async resolve(
    scope: AccessScope,
    reviewId: string,
    decision: ConsentReviewDecision,
    note: string | null,
  ): Promise<ConsentReview> {
    let queued = false;
    const resolved = await this.runner.run(async (tx) => {
      const review = await this.reviews.lock(tx.handle, scope.tenantId, reviewId);
      if (!review || !(await this.canSee(scope, review, tx)))
        throw new ConsentReviewException(
          ConsentReviewExceptionCode.REVIEW_NOT_FOUND,
          `consent review ${reviewId} not found`,
        );
      if (review.status === 'resolved') {
        if (review.decision === decision) return review;
        throw new ConsentReviewException(
          ConsentReviewExceptionCode.REVIEW_ALREADY_RESOLVED,
          `consent review ${reviewId} was already resolved as ${review.decision ?? 'unknown'}`,
        );
      }
      const config = await this.directory.get(review.locationId, tx.handle);
      if (!config)
        throw new ConsentReviewException(
          ConsentReviewExceptionCode.LOCATION_NOT_FOUND,
          `location ${review.locationId} has no configuration`,
        );
      const now = this.clock.now();
      let consentId: string | null = null;
      if (decision === 'opt_out') {
        const q = {
          tenantId: review.tenantId,
          locationId: review.locationId,
          phoneE164: review.phoneE164,
          sendingNumberE164: review.sendingNumberE164,
        };
        if (!(await this.consent.isOptedOut(tx, q))) {
          const recorded = await this.optOuts.record(tx, config, {
            phoneE164: review.phoneE164,
            sendingNumberE164: review.sendingNumberE164,
            method: 'manual',
            channel: 'sms',
            ...(review.providerMessageId ? { providerMessageId: review.providerMessageId } : {}),
            correlationId: review.correlationId,
            at: now,
            originalText: review.originalText,
            rule: review.rule,
            rulesVersion: review.rulesVersion,
            ...(review.language ? { language: review.language } : {}),
            reviewId: review.reviewId,
            resolvedBy: scope.userId,
          });
          consentId = recorded.entry.consentId;
          queued = recorded.confirmationQueued;
        }
      }
      const state = await this.conversations.get(tx.handle, review.locationId, review.phoneE164);
      if (state.pausedReason === CONSENT_REVIEW_PAUSE)
        await this.conversations.setPaused(tx.handle, review.locationId, review.phoneE164, null, now);
      const done: ConsentReview = {
        ...review,
        status: 'resolved',
        decision,
        resolvedBy: scope.userId,
        resolvedAt: now,
        note,
        consentId,
      };
      await this.reviews.resolve(tx.handle, review.tenantId, review.reviewId, {
        decision,
        resolvedBy: scope.userId,
        resolvedAt: now,
        note,
        consentId,
      });
      await tx.publish(
        consentReviewResolvedV1,
        createEvent(
          consentReviewResolvedV1,
          {
            id: stableUuid('consent-review-resolved', review.reviewId),
            source: MESSAGING_SOURCE,
            tenantId: review.tenantId,
            locationId: review.locationId,
            correlationId: review.correlationId,
            subject: review.reviewId,
            time: now,
          },
          {
            ...this.common(review),
            decision,
            resolvedBy: scope.userId,
            resolvedAt: now.toISOString(),
            ...(consentId ? { consentId } : {}),
            ...(note ? { note } : {}),
          },
        ),
      );
      return done;
    });
    if (queued) this.worker.nudge();
    return resolved;
  }

  private common(r: ConsentReview) {
    return {
      reviewId: r.reviewId,
      phoneE164: r.phoneE164,
      sendingNumberE164: r.sendingNumberE164,
      originalText: r.originalText.slice(0, 2000),
      rule: r.rule,
      rulesVersion: r.rulesVersion,
      ...(r.language ? { language: r.language } : {}),
      ...(r.providerMessageId ? { providerMessageId: r.providerMessageId } : {}),
    };
  }

  private async canSee(scope: AccessScope, r: ConsentReview, tx: TransactionContext): Promise<boolean> {
    const config = await this.directory.get(r.locationId, tx.handle);
    return canSeeLocation(scope, {
      tenantId: r.tenantId,
      locationId: r.locationId,
      regionId: config?.regionId ?? null,
    });
  }
}
