import { E164_PATTERN } from '@textback/contracts';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

/** Body of `POST /v1/bookings` (a staff user books a caller; the tenant comes from the caller's token). */
export class CreateBookingRequestDto {
  /** Client-chosen id of this request: a retry with the same id books once. */
  @IsUUID()
  requestId!: string;

  @IsUUID()
  locationId!: string;

  /** The caller, E.164. */
  @Matches(E164_PATTERN, { message: 'callerE164 must be an E.164 number' })
  callerE164!: string;

  /** Start of a free slot (`GET /v1/locations/{id}/slots`), RFC 3339 with offset. */
  @IsISO8601({ strict: true })
  startAt!: string;

  /** The location's service (default: its first). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  serviceId?: string;

  @IsOptional()
  @IsUUID()
  leadId?: string;

  /** The conversation id carried on the booking events. */
  @IsOptional()
  @IsUUID()
  conversationId?: string;
}
