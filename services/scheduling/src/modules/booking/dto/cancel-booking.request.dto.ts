import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of `POST /v1/bookings/{bookingId}/cancel` (the tenant comes from the caller's token). */
export class CancelBookingRequestDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
