import { IsISO8601 } from 'class-validator';

/** Body of `POST /v1/bookings/{bookingId}/reschedule` (the tenant comes from the caller's token). */
export class RescheduleBookingRequestDto {
  /** New start, RFC 3339 with offset; the booking keeps its length. */
  @IsISO8601({ strict: true })
  startAt!: string;
}
