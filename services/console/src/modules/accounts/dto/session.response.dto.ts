import { type ConsoleRole } from '../console-role.types';

/** The signed-in user and the CSRF token the page sends back on every change (`x-csrf-token`). */
export class SessionResponseDto {
  user!: { id: string; email: string; name: string; role: ConsoleRole };
  csrfToken!: string;
}
