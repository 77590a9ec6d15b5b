import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Query of the provider's redirect back (OpenID Connect Core §3.1.2.5 and §3.1.2.6). */
export class OidcCallbackRequestDto {
  @IsOptional() @IsString() @MaxLength(2048) code?: string;
  @IsOptional() @IsString() @MaxLength(512) state?: string;
  @IsOptional() @IsString() @MaxLength(256) error?: string;
  @IsOptional() @IsString() @MaxLength(2048) error_description?: string;
  @IsOptional() @IsString() @MaxLength(2048) error_uri?: string;
  @IsOptional() @IsString() @MaxLength(2048) iss?: string;
  @IsOptional() @IsString() @MaxLength(2048) session_state?: string;
}
