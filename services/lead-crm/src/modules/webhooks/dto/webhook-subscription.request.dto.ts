import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsOptional, IsString, IsUrl, Length } from 'class-validator';

/** Lead events a subscription can receive. */
export const WEBHOOK_EVENT_TYPES = ['crm.lead.created.v1', 'crm.lead.updated.v1', 'crm.lead.stage-changed.v1'] as const;

/** Body of `POST /v1/webhooks`. */
export class WebhookSubscriptionRequestDto {
  @ApiProperty({ example: 'https://crm.example.com/textback' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  url!: string;

  @ApiProperty({ minLength: 16, description: 'Shared secret for the HMAC-SHA256 signature.' })
  @IsString()
  @Length(16, 200)
  secret!: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true, description: 'Empty or absent: every lead event.' })
  @IsOptional()
  @IsArray()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes?: string[];
}
