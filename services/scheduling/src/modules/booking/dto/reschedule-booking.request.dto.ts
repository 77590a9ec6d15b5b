import { IsISO8601, IsUUID } from 'class-validator';

/** Body of `POST /v1/bookings/{bookingId}/reschedule`. */
export class RescheduleBookingRequestDto {
  /** Tenant that owns the booking. */
  @IsUUID()
  tenantId!: string;

  /** New start, RFC 3339 with offset; the booking keeps its length. */
  @IsISO8601({ strict: true })
  startAt!: string;
}
