import { IsString, IsUUID, Length } from 'class-validator';

/** Body of `POST /api/conversations/:id/replies`. */
export class ReplyRequestDto {
  @IsString()
  @Length(1, 1600)
  body!: string;

  /** Idempotency key chosen by the page: a retried click sends one text. */
  @IsUUID()
  requestId!: string;
}
