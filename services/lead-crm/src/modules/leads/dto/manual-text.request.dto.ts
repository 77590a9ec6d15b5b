import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';

/** Body of `POST /v1/leads/:id/texts`: a text typed by staff (consent and opt-out still apply in messaging). */
export class ManualTextRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 1600 })
  @IsString()
  @Length(1, 1600)
  body!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Idempotency key: the same id sends one text however often the request is repeated.' })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}
