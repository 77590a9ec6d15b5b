import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsObject, Min } from 'class-validator';

/** Body of `PUT /v1/locations/:id/settings`. */
export class LocationSettingsRequestDto {
  @ApiProperty({ description: 'The configuration revision the settings were read at (refused with 409 when another save came first).' })
  @IsInt()
  @Min(0)
  expectedRevision!: number;

  @ApiProperty({
    description:
      'Every setting, in the franchise manifest\'s words: businessHours, bookingHours (optional: absent = none), holidays, quietHours, ringTimeoutSeconds, templates, services, onCall. Checked by the rules of `tenants apply`.',
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  settings!: Record<string, unknown>;
}
