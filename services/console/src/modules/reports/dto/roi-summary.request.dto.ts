import { IsOptional, IsUUID, Matches } from 'class-validator';

/** Query of `GET /api/reports/roi`: a range of local days (the screen sends the last 30 local days by default) and a location. */
export class RoiSummaryRequestDto {
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be YYYY-MM-DD' }) from?: string;
  @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be YYYY-MM-DD' }) to?: string;
  @IsOptional() @IsUUID() locationId?: string;
}
