import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CONVERSATION_SOURCES, type ConversationSource, INBOX_FILTERS, type InboxFilter } from '../conversation.types';

/** Query of `GET /api/conversations`. */
export class InboxListRequestDto {
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @IsOptional()
  @IsIn(INBOX_FILTERS)
  status?: InboxFilter;

  /** lead-crm's source of the lead (a conversation without a lead yet matches none). */
  @IsOptional()
  @IsIn(CONVERSATION_SOURCES)
  source?: ConversationSource;

  /** Keyset cursor: `lastActivityAt` of the last row of the previous page. */
  @IsOptional()
  @IsISO8601({ strict: true })
  before?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
