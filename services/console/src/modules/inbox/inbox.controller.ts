import { Controller, Get, MessageEvent, NotFoundException, Param, ParseUUIDPipe, Query, Sse, UseGuards } from '@nestjs/common';
import { filter, from, interval, map, merge, mergeMap, type Observable } from 'rxjs';
import { type ConsoleUser } from '../accounts/console-role.types';
import { SessionGuard, SignedInUser } from '../accounts/session.guard';
import { type ConversationDetail, type InboxRow, type VisibleLocation } from './conversation.types';
import { InboxListRequestDto } from './dto/inbox-list.request.dto';
import { InboxChangeFeed } from './inbox-change.feed';
import { InboxService } from './inbox.service';

/** Seconds between keep-alive events on the live stream (proxies close idle connections, often after 60 s). */
export const KEEP_ALIVE_SECONDS = 25;

/** How long a live stream trusts the user's list of visible locations, milliseconds. */
export const VISIBLE_LOCATIONS_TTL_MS = 30_000;

/** The inbox: locations, conversations, one conversation, and the live stream of changes (server-sent events). */
@UseGuards(SessionGuard)
@Controller('api')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly feed: InboxChangeFeed,
  ) {}

  @Get('locations')
  async locations(@SignedInUser() user: ConsoleUser): Promise<{ locations: VisibleLocation[] }> {
    return { locations: await this.inbox.visibleLocations(user) };
  }

  @Get('conversations')
  async list(@SignedInUser() user: ConsoleUser, @Query() q: InboxListRequestDto): Promise<{ items: InboxRow[] }> {
    return { items: await this.inbox.list(user, { ...(q.locationId ? { locationId: q.locationId } : {}), ...(q.status ? { status: q.status } : {}), ...(q.source ? { source: q.source } : {}), ...(q.before ? { before: new Date(q.before) } : {}), ...(q.limit ? { limit: q.limit } : {}) }) };
  }

  /** The dispatch queue: unacknowledged pages and open urgent conversations at the user's locations, most pressing first. */
  @Get('dispatch')
  async dispatchQueue(@SignedInUser() user: ConsoleUser): Promise<{ items: InboxRow[] }> {
    return { items: await this.inbox.dispatchQueue(user) };
  }

  /** The conversation of a dispatch (the page text's link `/dispatches/<id>` lands here); 404 when absent or not the user's. */
  @Get('dispatches/:dispatchId')
  async dispatchConversation(@SignedInUser() user: ConsoleUser, @Param('dispatchId', ParseUUIDPipe) dispatchId: string): Promise<{ conversationId: string }> {
    const conversationId = await this.inbox.conversationOfDispatch(user, dispatchId);
    if (!conversationId) throw new NotFoundException('no such page, or not at your locations');
    return { conversationId };
  }

  @Get('conversations/:id')
  async detail(@SignedInUser() user: ConsoleUser, @Param('id', ParseUUIDPipe) id: string): Promise<ConversationDetail> {
    const found = await this.inbox.detail(user, id);
    if (!found) throw new NotFoundException('no such conversation, or not at your locations');
    return found;
  }

  /**
   * `text/event-stream` of `conversation` events (`{ "conversationId", "locationId" }`) for every change at a
   * location the user may see, plus a `ping` every {@link KEEP_ALIVE_SECONDS} seconds. The page refetches what
   * changed; it never polls.
   */
  @Sse('events')
  events(@SignedInUser() user: ConsoleUser): Observable<MessageEvent> {
    // The user's locations, read once per VISIBLE_LOCATIONS_TTL_MS per stream rather than once per change.
    let visible: { at: number; ids: Promise<Set<string>> } | null = null;
    const visibleIds = () => {
      if (!visible || Date.now() - visible.at > VISIBLE_LOCATIONS_TTL_MS) visible = { at: Date.now(), ids: this.inbox.visibleLocations(user).then((ls) => new Set(ls.map((l) => l.locationId))) };
      return visible.ids;
    };
    const changes = this.feed.stream.pipe(
      filter((c) => c.tenantId === user.tenantId),
      mergeMap((c) => from(visibleIds().then((ids) => (ids.has(c.locationId) ? c : null)))),
      filter((c): c is NonNullable<typeof c> => c !== null),
      map((c): MessageEvent => ({ type: 'conversation', data: { conversationId: c.conversationId, locationId: c.locationId } })),
    );
    const pings = interval(KEEP_ALIVE_SECONDS * 1_000).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    return merge(changes, pings);
  }
}
