import { IsString, Length } from 'class-validator';

/** Body of `POST /api/conversations/:id/notes`. */
export class NoteRequestDto {
  @IsString()
  @Length(1, 5000)
  body!: string;
}
