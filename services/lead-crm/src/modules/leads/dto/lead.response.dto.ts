import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A lead in API responses. Money in cents; instants RFC 3339 UTC. */
export class LeadResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) locationId!: string;
  @ApiProperty({ format: 'uuid' }) contactId!: string;
  @ApiProperty({ example: '+15555550123' }) callerE164!: string;
  @ApiProperty({ description: 'The caller opted out of texts (STOP): messaging refuses any text, manual ones too.' }) callerOptedOut!: boolean;
  @ApiProperty({ enum: ['new', 'engaged', 'qualified', 'booked', 'won', 'lost'] }) stage!: string;
  @ApiProperty({ enum: ['missed_call', 'inbound_sms', 'manual'] }) source!: string;
  @ApiPropertyOptional({ nullable: true }) trackingSource!: string | null;
  @ApiPropertyOptional({ nullable: true }) missedCallReason!: string | null;
  @ApiPropertyOptional({ nullable: true }) intent!: string | null;
  @ApiPropertyOptional({ nullable: true }) urgency!: string | null;
  @ApiPropertyOptional({ nullable: true }) serviceId!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'cents' }) estimatedValueCents!: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'cents' }) actualValueCents!: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'user id of the person who took over the conversation' }) takenOverBy!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({ nullable: true }) closedAt!: string | null;
}

/** A page of leads; pass `nextCursor` as `cursor` for the next page (null on the last). */
export class LeadPageResponseDto {
  @ApiProperty({ type: [LeadResponseDto] }) items!: LeadResponseDto[];
  @ApiPropertyOptional({ nullable: true }) nextCursor!: string | null;
}

/** One timeline entry. */
export class TimelineEntryResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() summary!: string;
  @ApiPropertyOptional({ nullable: true }) actor!: string | null;
  @ApiPropertyOptional({ nullable: true }) leadId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

/** A callback or review task. */
export class TaskResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() locationId!: string;
  @ApiPropertyOptional({ nullable: true }) leadId!: string | null;
  @ApiProperty({ enum: ['callback', 'review'] }) kind!: string;
  @ApiProperty({ enum: ['open', 'done'] }) status!: string;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional({ nullable: true }) windowStart!: string | null;
  @ApiPropertyOptional({ nullable: true }) windowEnd!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true }) completedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) completedBy!: string | null;
}

/** A lead with its timeline (the contact at the lead's location, oldest first) and tasks. */
export class LeadDetailResponseDto extends LeadResponseDto {
  @ApiProperty({ type: [TimelineEntryResponseDto] }) timeline!: TimelineEntryResponseDto[];
  @ApiProperty({ type: [TaskResponseDto] }) tasks!: TaskResponseDto[];
}
