// Typed client of the console's API (same origin; the session is an HttpOnly cookie the page never sees).
import type { ConversationDetail, ConversationSource, InboxFilter, InboxRow, VisibleLocation } from '../../src/modules/inbox/conversation.types';
import type { SignInOptionsResponseDto } from '../../src/modules/oidc/dto/sign-in-options.response.dto';
import type { RoiSummary } from '../../src/modules/reports/roi-summary.types';
import type { SlotChoice } from '../../src/modules/actions/slot-choice.types';

export type { SlotChoice } from '../../src/modules/actions/slot-choice.types';

export type { RoiMeasures, RoiSummary } from '../../src/modules/reports/roi-summary.types';
export type { ConversationDetail, ConversationSource, DispatchSummary, InboxFilter, InboxRow, TimelineEntry, VisibleLocation } from '../../src/modules/inbox/conversation.types';
export type * from '../../src/modules/settings/location-settings.types';
import type { LastCall, LocationSettings, LocationSettingsPage } from '../../src/modules/settings/location-settings.types';
import type { IdentityProviderPage } from '../../src/modules/oidc/identity-provider.types';
import type { ConsentReviewDecision, ConsentReviewRow } from '../../src/modules/consent-reviews/consent-review.types';

export type { ConsentReviewDecision, ConsentReviewRow } from '../../src/modules/consent-reviews/consent-review.types';

export type { IdentityProviderChange, IdentityProviderPage } from '../../src/modules/oidc/identity-provider.types';

/** The signed-in user as `GET /api/session` returns them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: 'owner' | 'regional_manager' | 'location_manager' | 'dispatcher';
}

/** An API answer other than 2xx: its status and message (shown to the user as is). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Each problem the API named (a refused settings save), else empty. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

let csrfToken = '';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) {
    const text = await res.text();
    let message = text || res.statusText;
    let problems: string[] = [];
    try {
      const parsed = JSON.parse(text) as { message?: unknown; problems?: unknown };
      if (parsed.message !== undefined) message = Array.isArray(parsed.message) ? parsed.message.join('; ') : String(parsed.message);
      if (Array.isArray(parsed.problems)) problems = parsed.problems.map((p) => String(p));
    } catch {
      // plain text
    }
    throw new ApiError(res.status, message, problems);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

async function opened(promise: Promise<{ user: SessionUser; csrfToken: string }>): Promise<SessionUser> {
  const session = await promise;
  csrfToken = session.csrfToken;
  return session.user;
}

export const api = {
  /** The current session's user, or null when signed out. */
  async session(): Promise<SessionUser | null> {
    try {
      return await opened(call('GET', '/api/session'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  /** Whether single sign-on (OpenID Connect) is offered, and its button's label and start URL. */
  signInOptions: (tenantSlug?: string) => call<SignInOptionsResponseDto>('GET', `/api/sign-in-options${tenantSlug ? `?tenant=${encodeURIComponent(tenantSlug)}` : ''}`),
  signIn: (email: string, password: string) => opened(call('POST', '/api/session', { email, password })),
  acceptInvitation: (email: string, code: string, password: string) => opened(call('POST', '/api/invitations/accept', { email, code, password })),
  signOut: () => call<void>('DELETE', '/api/session'),
  locations: () => call<{ locations: VisibleLocation[] }>('GET', '/api/locations'),
  conversations(filter: { locationId?: string; status?: InboxFilter; source?: ConversationSource }): Promise<{ items: InboxRow[] }> {
    const q = new URLSearchParams();
    if (filter.locationId) q.set('locationId', filter.locationId);
    if (filter.status) q.set('status', filter.status);
    if (filter.source) q.set('source', filter.source);
    return call('GET', `/api/conversations${q.size > 0 ? `?${q.toString()}` : ''}`);
  },
  /** The dispatch queue: unacknowledged pages and open urgent conversations, most pressing first. */
  dispatchQueue: () => call<{ items: InboxRow[] }>('GET', '/api/dispatch'),
  /** The conversation of a dispatch (a page text's link). */
  dispatchConversation: (dispatchId: string) => call<{ conversationId: string }>('GET', `/api/dispatches/${encodeURIComponent(dispatchId)}`),
  acknowledgePage: (id: string) => call<void>('POST', `/api/conversations/${encodeURIComponent(id)}/acknowledge-page`),
  conversation: (id: string) => call<ConversationDetail>('GET', `/api/conversations/${encodeURIComponent(id)}`),
  takeOver: (id: string) => call<void>('POST', `/api/conversations/${encodeURIComponent(id)}/takeover`),
  release: (id: string) => call<void>('POST', `/api/conversations/${encodeURIComponent(id)}/release`),
  reply: (id: string, body: string, requestId: string) => call<{ commandId: string }>('POST', `/api/conversations/${encodeURIComponent(id)}/replies`, { body, requestId }),
  addNote: (id: string, body: string) => call<void>('POST', `/api/conversations/${encodeURIComponent(id)}/notes`, { body }),
  locationSettings: (locationId: string) => call<LocationSettingsPage>('GET', `/api/locations/${encodeURIComponent(locationId)}/settings`),
  saveLocationSettings: (locationId: string, expectedRevision: number, settings: LocationSettings) =>
    call<{ outcome: 'updated' | 'unchanged'; page: LocationSettingsPage }>('PUT', `/api/locations/${encodeURIComponent(locationId)}/settings`, { expectedRevision, settings }),
  lastCall: (locationId: string) => call<{ call: LastCall | null }>('GET', `/api/locations/${encodeURIComponent(locationId)}/last-call`),
  /** Free slots at the conversation's location and the caller's upcoming booking. */
  slots: (id: string) => call<SlotChoice>('GET', `/api/conversations/${encodeURIComponent(id)}/slots`),
  /** Books the caller into the slot starting at `startAt`, or moves their upcoming booking there. */
  book: (id: string, startAt: string, requestId: string) => call<{ bookingId: string; rescheduled: boolean }>('POST', `/api/conversations/${encodeURIComponent(id)}/booking`, { startAt, requestId }),
  /** Schedules a callback at `at` (RFC 3339), or in the location's next staffed window without it. */
  scheduleCallback: (id: string, at: string | undefined, requestId: string) => call<{ taskId: string }>('POST', `/api/conversations/${encodeURIComponent(id)}/callback`, { requestId, ...(at ? { at } : {}) }),
  close: (id: string, outcome: { outcome: 'won' | 'lost'; actualValueCents?: number; reason?: string }) => call<void>('POST', `/api/conversations/${encodeURIComponent(id)}/outcome`, outcome),
  /** The tenant's own identity provider (owners). */
  identityProvider: () => call<IdentityProviderPage>('GET', '/api/identity-provider'),
  /** Declares or replaces it (the rules of `textback sso set`; 400 lists each problem). */
  setIdentityProvider: (provider: Record<string, unknown>) => call<IdentityProviderPage>('PUT', '/api/identity-provider', { provider }),
  removeIdentityProvider: () => call<IdentityProviderPage>('DELETE', '/api/identity-provider'),
  /** The opt-out review queue: open reviews (oldest first) or resolved ones, of the user's locations. */
  consentReviews: (status: 'open' | 'resolved') => call<{ items: ConsentReviewRow[] }>('GET', `/api/consent-reviews?status=${status}`),
  /** Decides one review (409 when it was already decided the other way). */
  resolveConsentReview: (reviewId: string, decision: ConsentReviewDecision, note?: string) =>
    call<ConsentReviewRow>('POST', `/api/consent-reviews/${encodeURIComponent(reviewId)}/resolve`, { decision, ...(note ? { note } : {}) }),
  roi(range: { from: string; to: string; locationId?: string }): Promise<RoiSummary> {
    const q = new URLSearchParams({ from: range.from, to: range.to });
    if (range.locationId) q.set('locationId', range.locationId);
    return call('GET', `/api/reports/roi?${q.toString()}`);
  },
};

/** The inbox's first answers (its list and the dispatch queue) and the user's locations. */
type BootRequests = { inbox: Promise<[{ items: InboxRow[] }, { items: InboxRow[] }]>; locations: Promise<{ locations: VisibleLocation[] }> };
let boot: Partial<BootRequests> = {};

/**
 * Starts the inbox's requests as the script starts, beside the session's (preloaded by index.html), so the first
 * paint of a signed-in inbox waits for one round of requests rather than the session, then the inbox: no waterfall.
 * Only on the inbox's URL. A signed-out browser gets 401s here, which are dropped: {@link takeBootRequest} falls back
 * to a fresh request (the answers are used at most once, so nothing fetched before signing in is ever shown after).
 */
export function startBootRequests(): void {
  if (window.location.pathname !== '/') return;
  boot = { inbox: Promise.all([api.conversations({}), api.dispatchQueue()]), locations: api.locations() };
  for (const p of Object.values(boot)) p.catch(() => undefined);
}

/** The boot request `key` once (then forgotten), or a fresh one from `fresh` when there is none or it failed. */
export function takeBootRequest<K extends keyof BootRequests, T extends Awaited<BootRequests[K]>>(key: K, fresh: () => Promise<T>): Promise<T> {
  const early = boot[key] as Promise<T> | undefined;
  delete boot[key];
  return early ? early.catch(() => fresh()) : fresh();
}
