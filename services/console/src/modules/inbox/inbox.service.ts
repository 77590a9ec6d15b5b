import { Injectable } from '@nestjs/common';
import { type ConsoleUser, userCanSeeLocation } from '../accounts/console-role.types';
import { ConsoleUserRepository } from '../accounts/console-user.repository';
import { type ConversationDetail, type InboxFilter, type InboxRow, type VisibleLocation } from './conversation.types';
import { ConversationRepository } from './conversation.repository';

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
   * Conversations newest activity first. A `locationId` the user may not see gives an empty list, never
   * another location's rows.
   */
  async list(user: ConsoleUser, filter: { locationId?: string; status?: InboxFilter; before?: Date; limit?: number }): Promise<InboxRow[]> {
    const visible = (await this.visibleLocations(user)).map((l) => l.locationId);
    const locations = filter.locationId ? visible.filter((id) => id === filter.locationId) : visible;
    if (locations.length === 0) return [];
    return this.conversations.list(user.tenantId, locations, { ...(filter.status ? { status: filter.status } : {}), ...(filter.before ? { before: filter.before } : {}), limit: filter.limit ?? 100 });
  }

  /** One conversation with its timeline (staff senders by name), or null when absent or outside the user's locations. */
  async detail(user: ConsoleUser, id: string): Promise<ConversationDetail | null> {
    const row = await this.conversations.find(user.tenantId, id);
    if (!row || !(await this.mayAccess(user, row.locationId))) return null;
    const timeline = await this.conversations.timeline(id);
    const staffIds = [...new Set(timeline.flatMap((e) => (e.actor?.startsWith('staff:') ? [e.actor.slice('staff:'.length)] : [])))];
    const names = await this.users.namesOf(user.tenantId, staffIds);
    return { ...row, timeline: timeline.map((e) => ({ ...e, actorName: e.actor?.startsWith('staff:') ? (names.get(e.actor.slice('staff:'.length)) ?? 'Staff') : null })) };
  }

  /** Whether `user` may see conversations at `locationId`. */
  async mayAccess(user: ConsoleUser, locationId: string): Promise<boolean> {
    return (await this.visibleLocations(user)).some((l) => l.locationId === locationId);
  }
}
