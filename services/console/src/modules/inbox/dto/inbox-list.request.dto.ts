import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { INBOX_FILTERS, type InboxFilter } from '../conversation.types';

/** Query of `GET /api/conversations`. */
export class InboxListRequestDto {
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @IsOptional()
  @IsIn(INBOX_FILTERS)
  status?: InboxFilter;

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
