import { IsEmail, IsString, Length } from 'class-validator';

/** Body of `POST /api/invitations/accept`: the one-time code from `textback users invite|reset` and a new password. */
export class AcceptInvitationRequestDto {
  @IsEmail()
  @Length(3, 320)
  email!: string;

  @IsString()
  @Length(8, 128)
  code!: string;

  @IsString()
  @Length(1, 256)
  password!: string;
}
