import { IsISO8601, IsOptional, IsUUID } from 'class-validator';

/** Body of `POST /api/conversations/:id/callback`. */
export class CallbackRequestDto {
  /** When to call the caller back, RFC 3339 with offset; absent = the location's next staffed window. */
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  /** Idempotency key chosen by the page: a retried click schedules once. */
  @IsUUID()
  requestId!: string;
}
