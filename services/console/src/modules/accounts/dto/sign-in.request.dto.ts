import { IsEmail, IsString, Length } from 'class-validator';

/** Body of `POST /api/session`. */
export class SignInRequestDto {
  @IsEmail()
  @Length(3, 320)
  email!: string;

  @IsString()
  @Length(1, 256)
  password!: string;
}
