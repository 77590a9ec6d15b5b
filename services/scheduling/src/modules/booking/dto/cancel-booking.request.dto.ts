import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** Body of `POST /v1/bookings/{bookingId}/cancel`. */
export class CancelBookingRequestDto {
  /** Tenant that owns the booking. */
  @IsUUID()
  tenantId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
