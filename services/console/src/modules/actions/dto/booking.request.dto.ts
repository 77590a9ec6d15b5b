import { IsISO8601, IsUUID } from 'class-validator';

/** Body of `POST /api/conversations/:id/booking`: book the caller, or move their upcoming booking, to a free slot. */
export class BookingRequestDto {
  /** Start of a free slot from `GET /api/conversations/:id/slots`, RFC 3339 with offset. */
  @IsISO8601({ strict: true })
  startAt!: string;

  /** Idempotency key chosen by the page: a retried click books once. */
  @IsUUID()
  requestId!: string;
}
