import { Injectable } from '@nestjs/common';
import { type ConsoleUser, userCanSeeLocation } from '../accounts/console-role.types';
import { ConsoleUserRepository } from '../accounts/console-user.repository';
import { type ConversationDetail, type ConversationSource, type InboxFilter, type InboxRow, isUserId, type VisibleLocation } from './conversation.types';
import { ConversationRepository } from './conversation.repository';

/** Most rows of the dispatch queue. */
export const DISPATCH_QUEUE_LIMIT = 50;

/** Console user ids among the rows' acknowledgers (an acknowledgement by text names the on-call person instead). */
function acknowledgerIds(rows: readonly InboxRow[]): string[] {
  return [...new Set(rows.flatMap((r) => (r.dispatch?.acknowledgedBy && isUserId(r.dispatch.acknowledgedBy) ? [r.dispatch.acknowledgedBy] : [])))];
}

/** The row with its acknowledger's name: a console user's name, else the name scheduling recorded (an on-call person). */
function nameAcknowledger<T extends InboxRow>(row: T, names: ReadonlyMap<string, string>): T {
  const by = row.dispatch?.acknowledgedBy;
  if (!row.dispatch || !by) return row;
  return { ...row, dispatch: { ...row.dispatch, acknowledgedByName: isUserId(by) ? (names.get(by) ?? 'Staff') : by } };
}

/** The inbox as one user may see it: only conversations at the locations their role allows. */
@Injectable()
export class InboxService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly users: ConsoleUserRepository,
  ) {}

  /** Locations `user` may see, by name. */
  async visibleLocations(user: ConsoleUser): Promise<VisibleLocation[]> {
    const all = await this.conversations.locationsOf(user.tenantId);
    return all.filter((l) => userCanSeeLocation(user, { tenantId: user.tenantId, locationId: l.locationId, regionId: l.regionId }));
  }

  /**
   * Conversations newest activity first, optionally only of one status and one lead source. A `locationId` the user may not see gives an empty list, never
   * another location's rows.
   */
  async list(user: ConsoleUser, filter: { locationId?: string; status?: InboxFilter; source?: ConversationSource; before?: Date; limit?: number }): Promise<InboxRow[]> {
    const visible = (await this.visibleLocations(user)).map((l) => l.locationId);
    const locations = filter.locationId ? visible.filter((id) => id === filter.locationId) : visible;
    if (locations.length === 0) return [];
    return this.withAcknowledgerNames(user, await this.conversations.list(user.tenantId, locations, { ...(filter.status ? { status: filter.status } : {}), ...(filter.source ? { source: filter.source } : {}), ...(filter.before ? { before: filter.before } : {}), limit: filter.limit ?? 100 }));
  }

  /**
   * The dispatch queue at the user's locations: unacknowledged pages and open urgent conversations, the most
   * pressing first (see `DISPATCH_OPEN_SQL` and `DISPATCH_ORDER_SQL`), at most `limit`.
   */
  async dispatchQueue(user: ConsoleUser, limit = DISPATCH_QUEUE_LIMIT): Promise<InboxRow[]> {
    const locations = (await this.visibleLocations(user)).map((l) => l.locationId);
    if (locations.length === 0) return [];
    return this.withAcknowledgerNames(user, await this.conversations.dispatchQueue(user.tenantId, locations, limit));
  }

  /** The conversation a dispatch (scheduling's id, as in a page text's link) is about, or null when absent or not the user's. */
  async conversationOfDispatch(user: ConsoleUser, dispatchId: string): Promise<string | null> {
    const id = await this.conversations.findIdByDispatch(user.tenantId, dispatchId);
    if (!id) return null;
    const row = await this.conversations.find(user.tenantId, id);
    return row && (await this.mayAccess(user, row.locationId)) ? id : null;
  }

  /** One conversation with its timeline (staff senders by name), or null when absent or outside the user's locations. */
  async detail(user: ConsoleUser, id: string): Promise<ConversationDetail | null> {
    const row = await this.conversations.find(user.tenantId, id);
    if (!row || !(await this.mayAccess(user, row.locationId))) return null;
    const timeline = await this.conversations.timeline(id);
    const staffIds = [...new Set(timeline.flatMap((e) => (e.actor?.startsWith('staff:') ? [e.actor.slice('staff:'.length)] : [])))];
    const names = await this.users.namesOf(user.tenantId, [...staffIds, ...acknowledgerIds([row])]);
    return { ...nameAcknowledger(row, names), timeline: timeline.map((e) => ({ ...e, actorName: e.actor?.startsWith('staff:') ? (names.get(e.actor.slice('staff:'.length)) ?? 'Staff') : null })) };
  }

  private async withAcknowledgerNames(user: ConsoleUser, rows: InboxRow[]): Promise<InboxRow[]> {
    const ids = acknowledgerIds(rows);
    if (ids.length === 0) return rows;
    const names = await this.users.namesOf(user.tenantId, ids);
    return rows.map((r) => nameAcknowledger(r, names));
  }

  /** Whether `user` may see conversations at `locationId`. */
  async mayAccess(user: ConsoleUser, locationId: string): Promise<boolean> {
    return (await this.visibleLocations(user)).some((l) => l.locationId === locationId);
  }
}
