import { IsInt, IsObject, Min } from 'class-validator';

/** Body of `PUT /api/locations/:id/settings`: the revision the page read, and every setting (checked by lead-crm). */
export class LocationSettingsRequestDto {
  @IsInt()
  @Min(0)
  expectedRevision!: number;

  @IsObject()
  settings!: Record<string, unknown>;
}
