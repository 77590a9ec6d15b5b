import { IsString, MaxLength, MinLength } from 'class-validator';

/** Body of `POST /v1/dispatches/{dispatchId}/ack`. */
export class AcknowledgeDispatchRequestDto {
  /** Who acknowledges (a user id or name). */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  acknowledgedBy!: string;
}
