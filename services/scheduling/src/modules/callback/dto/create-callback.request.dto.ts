import { E164_PATTERN } from '@textback/contracts';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** Body of `POST /v1/callbacks` (a staff user schedules a callback; the tenant comes from the caller's token). */
export class CreateCallbackRequestDto {
  /** Client-chosen id of this request: a retry with the same id schedules once. */
  @IsUUID()
  requestId!: string;

  @IsUUID()
  locationId!: string;

  @Matches(E164_PATTERN, { message: 'callerE164 must be an E.164 number' })
  callerE164!: string;

  /** When to call, RFC 3339 with offset; absent = the location's next staffed window. */
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @IsOptional()
  @IsUUID()
  leadId?: string;

  /** Why (shown on the task and the console's timeline); default `staff`. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}
